package org.facteur.pop3.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

/** A POP3 client on a raw socket that shows every byte the server sends. */
public final class RawClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private RawClient(Socket socket) throws IOException {
        use(socket);
        socket.setSoTimeout(10_000);
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = new java.io.BufferedInputStream(s.getInputStream());
        out = s.getOutputStream();
    }

    public static RawClient plain(int port) throws IOException {
        return new RawClient(new Socket("127.0.0.1", port));
    }

    /** Implicit TLS (pop3s), with the given TLS versions enabled on the client. */
    public static RawClient tls(int port, String... protocols) throws IOException {
        SSLSocket s = (SSLSocket) TestTls.get().clientContext().getSocketFactory().createSocket("127.0.0.1", port);
        if (protocols.length > 0) {
            s.setEnabledProtocols(protocols);
        }
        s.startHandshake();
        return new RawClient(s);
    }

    /** Switches to TLS after "+OK" to STLS. */
    public void startTls() throws IOException {
        SSLSocket s = (SSLSocket) TestTls.get().clientContext().getSocketFactory()
                .createSocket(socket, "127.0.0.1", socket.getPort(), true);
        s.setUseClientMode(true);
        s.startHandshake();
        use(s);
    }

    public Socket socket() {
        return socket;
    }

    public void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One line without its CRLF; null at end of stream. */
    public String readLine() throws IOException {
        byte[] line = readLineBytes();
        return line == null ? null : new String(line, 0, line.length - 2, StandardCharsets.UTF_8);
    }

    /** One line with its CRLF, failing on a bare LF. */
    private byte[] readLineBytes() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return b.size() == 0 ? null : fail("stream ended inside a line: " + b);
            }
            b.write(c);
            if (c == '\n') {
                if (prev != '\r') {
                    fail("bare LF from server: " + b);
                }
                return b.toByteArray();
            }
            prev = c;
        }
    }

    private static byte[] fail(String message) {
        throw new AssertionError(message);
    }

    public String command(String line) throws IOException {
        send(line);
        return readLine();
    }

    /** The bytes of a multi-line body up to and including the termination line ".CRLF", as sent. */
    public byte[] readMultiLineRaw() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readLineBytes();
            if (line == null) {
                throw new AssertionError("stream ended before the termination line");
            }
            b.write(line);
            if (line.length == 3 && line[0] == '.') {
                return b.toByteArray();
            }
        }
    }

    /** A multi-line body with byte-stuffing undone and the termination line removed (RFC 1939 3). */
    public byte[] readMultiLine() throws IOException {
        byte[] raw = readMultiLineRaw();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (int i = 0; i < raw.length - 3; i++) {
            if (lineStart && raw[i] == '.') {
                lineStart = false;
                continue; // the stuffed dot
            }
            b.write(raw[i]);
            lineStart = raw[i] == '\n';
        }
        return b.toByteArray();
    }

    public List<String> readMultiLineLines() throws IOException {
        String text = new String(readMultiLine(), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\r\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** USER/PASS, asserting +OK. */
    public void login(String user, String password) throws IOException {
        String r1 = command("USER " + user);
        if (!r1.startsWith("+OK")) {
            throw new AssertionError("USER: " + r1);
        }
        String r2 = command("PASS " + password);
        if (!r2.startsWith("+OK")) {
            throw new AssertionError("PASS: " + r2);
        }
    }

    /** True once the server has closed the connection (reads to end of stream). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
