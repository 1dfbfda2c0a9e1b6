package org.facteur.distribution.soak;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;

/** A client connection speaking CRLF lines, over TLS or not, with IMAP literals read whole. */
final class LineSession implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    LineSession(int port, SSLContext tls) throws IOException {
        socket = tls == null ? new Socket("127.0.0.1", port) : tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    /** Reads an SMTP reply (its lines up to the one without a hyphen) and checks its code. */
    String smtpReply(String code) throws IOException {
        String line;
        do {
            line = line();
            expect(line, code);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    /** Reads up to the tagged response of an IMAP command, skipping literals; checks it is OK. */
    String imapTagged(String tag) throws IOException {
        return imapTagged(tag, null);
    }

    /**
     * Reads up to the tagged OK of an IMAP command; returns the last untagged line that matches
     * {@code untagged} (e.g. {@code \* \d+ EXISTS}), or the tagged line if none is asked for.
     */
    String imapTagged(String tag, java.util.regex.Pattern untagged) throws IOException {
        String found = null;
        while (true) {
            String line = line();
            while (line.endsWith("}") && line.lastIndexOf('{') >= 0) {
                long n = Long.parseLong(line.substring(line.lastIndexOf('{') + 1, line.length() - 1).replace("+", ""));
                in.skipNBytes(n);
                line = line();
            }
            if (line.startsWith(tag + " ")) {
                expect(line, tag + " OK");
                return untagged == null ? line : found;
            }
            if (untagged != null && untagged.matcher(line).matches()) {
                found = line;
            }
        }
    }

    /** Reads a POP3 multi-line response up to its lone dot. */
    void pop3MultiLine() throws IOException {
        for (String line = line(); !line.equals("."); line = line()) {
            // the content itself does not matter here
        }
    }

    static void expect(String line, String prefix) throws IOException {
        if (!line.startsWith(prefix)) {
            throw new IOException("expected " + prefix + ", got: " + line);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
