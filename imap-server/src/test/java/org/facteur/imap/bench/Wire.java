package org.facteur.imap.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The benchmark's IMAP connection over implicit TLS: sends a tagged command and reads every
 * response up to its tagged one, literals included, keeping the untagged bytes only when asked
 * (the baseline's capture). Fails on anything but a tagged OK, so a broken server cannot look fast.
 */
final class Wire implements AutoCloseable {

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private int nextTag;

    Wire(SSLContext tls, int port) throws IOException {
        socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(120_000);
        // As mail clients do: without it, a short command behind another waits for a delayed ACK.
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /** Reads the greeting; returns it with its CRLF. */
    String greeting() throws IOException {
        String greeting = readLine();
        if (!greeting.startsWith("* OK")) {
            throw new IOException("greeting: " + greeting);
        }
        return greeting;
    }

    /** Runs one command to its tagged OK; returns the bytes received. */
    long run(String command) throws IOException {
        return run(command, null);
    }

    /** As {@link #run(String)}, appending the untagged responses' bytes to {@code untagged} if not null. */
    long run(String command, ByteArrayOutputStream untagged) throws IOException {
        String tag = send(command);
        return readUntilTagged(tag, untagged);
    }

    /** IDLE, then DONE as soon as the server's continuation came; returns the bytes received. */
    long idleOnce() throws IOException {
        String tag = startIdle();
        send0("DONE");
        return readUntilTagged(tag, null);
    }

    /** Sends IDLE and waits for the continuation; returns the tag. */
    String startIdle() throws IOException {
        String tag = send("IDLE");
        String reply = readLine();
        while (reply.startsWith("* ")) {
            reply = readLine();
        }
        if (!reply.startsWith("+")) {
            throw new IOException("IDLE: " + reply.strip());
        }
        return tag;
    }

    private String send(String command) throws IOException {
        String tag = "b" + (++nextTag);
        send0(tag + " " + command);
        return tag;
    }

    private void send0(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private long readUntilTagged(String tag, ByteArrayOutputStream untagged) throws IOException {
        long bytes = 0;
        String prefix = tag + " ";
        while (true) {
            String response = readResponse(untagged);
            bytes += response.length();
            if (response.startsWith(prefix)) {
                if (!response.startsWith(prefix + "OK")) {
                    throw new IOException("server said " + response.strip());
                }
                return bytes;
            }
        }
    }

    /**
     * One response with its literals; returns its text (a literal's bytes as ISO-8859-1 chars,
     * so its length is the byte count), copying it to {@code untagged} if that is not null and
     * the response is untagged.
     */
    private String readResponse(ByteArrayOutputStream untagged) throws IOException {
        StringBuilder response = new StringBuilder(readLine());
        while (endsWithLiteral(response)) {
            int open = response.lastIndexOf("{");
            int size = Integer.parseInt(response.substring(open + 1, response.length() - 3).replace("+", ""));
            response.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
            response.append(readLine());
        }
        if (untagged != null && response.charAt(0) == '*') {
            untagged.write(response.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return response.toString();
    }

    private static boolean endsWithLiteral(CharSequence s) {
        int n = s.length();
        return n >= 4 && s.charAt(n - 1) == '\n' && s.charAt(n - 2) == '\r' && s.charAt(n - 3) == '}';
    }

    /** A line with its CRLF, bytes as ISO-8859-1 chars. */
    private String readLine() throws IOException {
        line.reset();
        int c;
        while ((c = in.read()) >= 0) {
            line.write(c);
            if (c == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("connection closed by the server");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
