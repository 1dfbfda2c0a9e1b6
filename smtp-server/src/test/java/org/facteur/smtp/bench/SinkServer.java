package org.facteur.smtp.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's floor, not a mail server: answers the benchmark's clients as an SMTP server
 * would and does nothing else. No parsing beyond finding each line's end and the data's final
 * dot, nothing spooled, queued, synced or delivered; one thread, one write per read.
 *
 * <p>What it costs per message is what any server pays for the sessions alone on this machine
 * (the loopback's TCP, the system calls, the wake-ups), so with the store's append added it
 * bounds the rate any SMTP server on these cores could deliver with this store
 * ({@link SmtpBenchmark}'s "ceiling" row).
 */
final class SinkServer implements AutoCloseable {

    private static final byte[] GREETING = ascii("220 sink\r\n");
    private static final byte[] EHLO = ascii("250-sink\r\n250 PIPELINING\r\n");
    private static final byte[] OK = ascii("250 ok\r\n");
    private static final byte[] GO_AHEAD = ascii("354 go ahead\r\n");
    private static final byte[] BYE = ascii("221 bye\r\n");
    /** The data's end, as the clients send it. */
    private static final byte[] END = ascii("\r\n.\r\n");

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Thread thread;

    /** Where a connection is in its input: a command line so far, or how much of END matched. */
    private static final class Connection {
        final StringBuilder line = new StringBuilder();
        final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        boolean inData;
        /** Octets of END matched by the last octets read; the data starts right after a CRLF. */
        int matched;
    }

    SinkServer() throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this::serve, "sink");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        try {
            while (selector.isOpen()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        read(key, in);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // closed
        }
    }

    private void accept() throws IOException {
        SocketChannel channel = listener.accept();
        if (channel == null) {
            return;
        }
        channel.configureBlocking(false);
        channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        Connection c = new Connection();
        channel.register(selector, SelectionKey.OP_READ, c);
        c.out.put(GREETING);
        flush(channel, c);
    }

    private void read(SelectionKey key, ByteBuffer in) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Connection c = (Connection) key.attachment();
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            key.cancel();
            channel.close();
            return;
        }
        in.flip();
        boolean quit = false;
        while (in.hasRemaining() && !quit) {
            byte b = in.get();
            if (c.inData) {
                c.matched = b == END[c.matched] ? c.matched + 1 : (b == END[0] ? 1 : 0);
                if (c.matched == END.length) {
                    c.inData = false;
                    c.out.put(OK);
                }
            } else if (b == '\n') {
                quit = command(c);
            } else if (b != '\r') {
                c.line.append((char) b);
            }
        }
        flush(channel, c);
        if (quit) {
            key.cancel();
            channel.close();
        }
    }

    /** Answers the command line read; true for QUIT. */
    private static boolean command(Connection c) {
        String verb = c.line.length() >= 4 ? c.line.substring(0, 4) : "";
        c.line.setLength(0);
        switch (verb) {
            case "EHLO" -> c.out.put(EHLO);
            case "DATA" -> {
                c.out.put(GO_AHEAD);
                c.inData = true;
                c.matched = 2; // the DATA line's CRLF: a data of just "." ends at once
            }
            case "QUIT" -> {
                c.out.put(BYE);
                return true;
            }
            default -> c.out.put(OK);
        }
        return false;
    }

    /** Writes what the read answered: the clients never leave more unread than a socket buffer holds. */
    private static void flush(SocketChannel channel, Connection c) throws IOException {
        c.out.flip();
        while (c.out.hasRemaining()) {
            channel.write(c.out);
        }
        c.out.clear();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        selector.close();
        listener.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
