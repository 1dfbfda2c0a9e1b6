package org.facteur.imap.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

/**
 * An IMAP client on a raw socket that shows what the server sends: each response is one string,
 * with any literal's bytes inline after its {@code {n}\r\n}.
 */
public final class ImapClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int nextTag = 1;

    private ImapClient(Socket socket) throws IOException {
        use(socket);
        socket.setSoTimeout(10_000);
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = new BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
    }

    /** The connection, e.g. to close only its output side. */
    public Socket socket() {
        return socket;
    }

    public static ImapClient plain(int port) throws IOException {
        return new ImapClient(new Socket("127.0.0.1", port));
    }

    public static ImapClient tls(int port) throws IOException {
        SSLSocket s = (SSLSocket) TestServer.clientTls().getSocketFactory().createSocket("127.0.0.1", port);
        s.startHandshake();
        return new ImapClient(s);
    }

    /** Switches to TLS after the OK to STARTTLS. */
    public void startTls() throws IOException {
        SSLSocket s = (SSLSocket) TestServer.clientTls().getSocketFactory()
                .createSocket(socket, "127.0.0.1", socket.getPort(), true);
        s.setUseClientMode(true);
        s.startHandshake();
        use(s);
    }

    /**
     * Compresses both directions from now on (after the OK to COMPRESS DEFLATE, RFC 4978): raw
     * DEFLATE, so a zlib header from the server would fail here; every send is sync-flushed.
     * Returns a counter of the compressed bytes received.
     */
    public java.util.concurrent.atomic.LongAdder compress() {
        java.util.concurrent.atomic.LongAdder wire = new java.util.concurrent.atomic.LongAdder();
        InputStream counted = new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    wire.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    wire.add(n);
                }
                return n;
            }
        };
        in = new BufferedInputStream(new java.util.zip.InflaterInputStream(counted, new java.util.zip.Inflater(true)));
        out = new java.util.zip.DeflaterOutputStream(out, new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true), 4096, true);
        return wire;
    }

    public void send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendRaw(String text) throws IOException {
        sendRaw(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One response: a line without its CRLF, literals included inline; null at end of stream. */
    public String readLine() throws IOException {
        StringBuilder response = new StringBuilder();
        while (true) {
            String line = rawLine();
            if (line == null) {
                return response.length() == 0 ? null : response.toString();
            }
            response.append(line);
            int open = line.lastIndexOf('{');
            if (!line.endsWith("}") || open < 0 || !line.substring(open + 1, line.length() - 1).matches("\\d+")) {
                return response.toString();
            }
            int n = Integer.parseInt(line.substring(open + 1, line.length() - 1));
            response.append("\r\n").append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
        }
    }

    private String rawLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            }
            if (c == '\n') {
                if (prev != '\r') {
                    throw new AssertionError("bare LF from server after: " + b);
                }
                byte[] line = b.toByteArray();
                return new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
            }
            b.write(c);
            prev = c;
        }
    }

    public String newTag() {
        return "a" + nextTag++;
    }

    /** Sends a command under a new tag; returns every response up to and including the tagged one. */
    public List<String> command(String command) throws IOException {
        String tag = newTag();
        send(tag + " " + command);
        return readUntilTagged(tag);
    }

    public List<String> readUntilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new AssertionError("connection closed before the tagged response to " + tag + "; got " + lines);
            }
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    /** Runs a command that must succeed; returns its untagged responses and the tagged OK last. */
    public List<String> ok(String command) throws IOException {
        List<String> lines = command(command);
        String last = lines.get(lines.size() - 1);
        if (!last.matches("a\\d+ OK.*")) {
            throw new AssertionError(command + " -> " + lines);
        }
        return lines;
    }

    /** The tagged response alone. */
    public String status(String command) throws IOException {
        List<String> lines = command(command);
        return lines.get(lines.size() - 1);
    }

    /** How long a read waits for the server (10 s by default); benchmarks of big mailboxes wait longer. */
    public ImapClient timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    /** True once the server has closed the connection. */
    public boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (readLine() == null) {
                    return true;
                }
            }
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
