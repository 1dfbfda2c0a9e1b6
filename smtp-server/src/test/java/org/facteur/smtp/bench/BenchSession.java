package org.facteur.smtp.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.facteur.smtp.RawClient;

/** One SMTP client session of the benchmark over a real socket, sending to one recipient. */
final class BenchSession implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final RawClient client;
    private final String recipient;

    BenchSession(int port, String recipient) throws IOException {
        this.client = RawClient.ehlo(port);
        this.recipient = recipient;
    }

    /**
     * Sends one message whose data (dot-stuffed, without the final dot) is {@code data}, with
     * MAIL, RCPT and DATA pipelined (RFC 2920); returns the nanoTime the {@code 250} arrived.
     */
    long send(byte[] data) throws IOException {
        begin();
        client.send(data);
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
        client.send(("Subject: large\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (long sent = 0; sent < size; sent += chunk.length) {
            client.send(chunk);
        }
        return end();
    }

    private void begin() throws IOException {
        client.send("MAIL FROM:<bench@elsewhere.test>\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n");
        expect(client.reply(), "250");
        expect(client.reply(), "250");
        expect(client.reply(), "354");
    }

    private long end() throws IOException {
        client.send(".\r\n".getBytes(StandardCharsets.US_ASCII));
        String reply = client.reply();
        long at = System.nanoTime();
        expect(reply, "250");
        return at;
    }

    private static void expect(String reply, String code) throws IOException {
        if (reply == null || !reply.startsWith(code)) {
            throw new IOException("expected " + code + ", server said " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.command("QUIT");
        } finally {
            client.close();
        }
    }
}
