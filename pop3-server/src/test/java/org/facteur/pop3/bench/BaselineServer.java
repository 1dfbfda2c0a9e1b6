package org.facteur.pop3.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import org.facteur.pop3.transfer.MultiLineStream;

/**
 * The benchmark's yardstick: the same dialogue and the same bytes over the same TLS, from a
 * thread-per-connection {@code SSLServerSocket} that answers every RETR with one message held in
 * memory, already byte-stuffed, in one write. No store, no protocol library, no Netty: what is
 * left is the cost of TLS and sockets, which the POP3 server's rate is divided by.
 */
final class BaselineServer implements AutoCloseable {

    private final SSLServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "baseline");
        t.setDaemon(true);
        return t;
    });
    private final byte[] retrReply;

    BaselineServer(SSLContext context, byte[] message) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        reply.write(("+OK " + message.length + " octets\r\n").getBytes(StandardCharsets.US_ASCII));
        MultiLineStream.whole(new java.io.ByteArrayInputStream(message)).transferTo(reply);
        retrReply = reply.toByteArray();
        socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        threads.execute(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write("+OK ready\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c != '\n') {
                    line.append((char) c);
                    continue;
                }
                String command = line.toString();
                line.setLength(0);
                if (command.startsWith("RETR")) {
                    out.write(retrReply);
                } else if (command.startsWith("QUIT")) {
                    out.write("+OK bye\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return;
                } else {
                    out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
        } catch (SocketException e) {
            // the client went away
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
