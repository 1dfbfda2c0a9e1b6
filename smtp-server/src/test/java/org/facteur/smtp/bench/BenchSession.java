package org.facteur.smtp.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One SMTP client session of the benchmark over a real socket, sending to one recipient. Replies
 * are read through a buffer (a read per byte would cost the shared cores a system call each).
 */
final class BenchSession implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] envelope;

    BenchSession(int port, String recipient) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(60_000);
        // Each write is a whole command group or the data with its final dot: without this, a
        // write behind an unacknowledged one would wait for the server's delayed ACK (40 ms).
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 4096);
        out = socket.getOutputStream();
        envelope = ("MAIL FROM:<bench@elsewhere.test>\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        expect(reply(), "220");
        write("EHLO client.example.org\r\n".getBytes(StandardCharsets.US_ASCII));
        expect(reply(), "250");
    }

    /**
     * Sends one message whose data (dot-stuffed, without the final dot) is {@code data}, with
     * MAIL, RCPT and DATA pipelined (RFC 2920); returns the nanoTime the {@code 250} arrived.
     */
    long send(byte[] data) throws IOException {
        begin();
        byte[] all = new byte[data.length + 3];
        System.arraycopy(data, 0, all, 0, data.length);
        all[data.length] = '.';
        all[data.length + 1] = '\r';
        all[data.length + 2] = '\n';
        write(all);
        return end();
    }

    /** As {@link #send}, with {@code size} octets of data made of 78-octet lines, never held whole. */
    long sendLarge(long size) throws IOException {
        begin();
        byte[] line = ("x".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[CHUNK / line.length * line.length];
        for (int i = 0; i < chunk.length; i += line.length) {
            System.arraycopy(line, 0, chunk, i, line.length);
        }
        write(("Subject: large\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (long sent = 0; sent < size; sent += chunk.length) {
            write(chunk);
        }
        write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return end();
    }

    private void begin() throws IOException {
        write(envelope);
        expect(reply(), "250");
        expect(reply(), "250");
        expect(reply(), "354");
    }

    private long end() throws IOException {
        String reply = reply();
        long at = System.nanoTime();
        expect(reply, "250");
        return at;
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One reply, its lines joined by '\n'; null at end of stream. */
    private String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                all.append(all.length() > 0 ? "\n" : "").append(line);
                if (line.length() < 4 || line.charAt(3) != '-') {
                    return all.toString();
                }
                line.setLength(0);
            } else if (c != '\r') {
                line.append((char) c);
            }
        }
        return null;
    }

    private static void expect(String reply, String code) throws IOException {
        if (reply == null || !reply.startsWith(code)) {
            throw new IOException("expected " + code + ", server said " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            reply();
        } finally {
            socket.close();
        }
    }
}
