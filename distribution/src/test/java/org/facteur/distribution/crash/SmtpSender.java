package org.facteur.distribution.crash;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * One SMTP client of the crash test: sends messages one after the other, each with a number of
 * its own in an {@code X-Crash-Id} header field, and records the numbers the server acknowledged
 * with {@code 250} after the data. When the server dies mid-transaction the message is neither
 * acknowledged nor lost for the test: it may be delivered or not, but at most once. While no
 * server listens it retries every 20 ms until {@link #stop}.
 */
final class SmtpSender implements Runnable {

    static final String RECIPIENT = "alice@example.test";
    private static final byte[] BODY = ("This line is here to give the message some size.\r\n").repeat(40)
            .getBytes(StandardCharsets.US_ASCII);

    private final IntSupplier port;
    private final AtomicLong ids;
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    SmtpSender(IntSupplier port, AtomicLong ids) {
        this.port = port;
        this.ids = ids;
    }

    Set<Long> acknowledged() {
        return acknowledged;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            try (Socket socket = new Socket("127.0.0.1", port.getAsInt())) {
                socket.setSoTimeout(30_000);
                session(new BufferedInputStream(socket.getInputStream()), socket.getOutputStream());
            } catch (IOException serverGone) {
                pause();
            }
        }
    }

    private void session(InputStream in, OutputStream out) throws IOException {
        expect(in, "220");
        send(out, "EHLO crash.client.test\r\n");
        expect(in, "250");
        while (!stopped) {
            long id = ids.incrementAndGet();
            send(out, "MAIL FROM:<crash@remote.test>\r\n");
            expect(in, "250");
            send(out, "RCPT TO:<" + RECIPIENT + ">\r\n");
            expect(in, "250");
            send(out, "DATA\r\n");
            expect(in, "354");
            send(out, "From: crash@remote.test\r\nSubject: crash " + id + "\r\nX-Crash-Id: " + id + "\r\n\r\n");
            out.write(BODY);
            send(out, ".\r\n");
            expect(in, "250");
            acknowledged.add(id);
        }
        send(out, "QUIT\r\n");
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one reply; anything but the expected code ends the session as the server going away does. */
    private static void expect(InputStream in, String code) throws IOException {
        String line;
        do {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                b.write(c);
            }
            line = b.toString(StandardCharsets.US_ASCII);
            if (!line.startsWith(code)) {
                throw new IOException("unexpected reply: " + line);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
