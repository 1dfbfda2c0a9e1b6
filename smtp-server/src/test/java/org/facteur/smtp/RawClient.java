package org.facteur.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSocket;

/** A raw-socket SMTP client for protocol edge cases: exact bytes out, replies read as text. */
public final class RawClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public RawClient(int port) throws IOException {
        this(port, "127.0.0.1");
    }

    /** Connects from another loopback address (127.0.0.0/8), to play another client IP. */
    public RawClient(int port, String from) throws IOException {
        socket = new Socket(java.net.InetAddress.getByName("127.0.0.1"), port, java.net.InetAddress.getByName(from), 0);
        socket.setSoTimeout(15_000);
        // Each send() is one write: without this, a write behind an unacknowledged one (the
        // final "." after the data) waits for the server's delayed ACK, 40 ms on Linux.
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Reads the greeting, sends EHLO, returns its reply. */
    public static RawClient ehlo(int port) throws IOException {
        RawClient c = new RawClient(port);
        c.reply();
        c.command("EHLO client.example.org");
        return c;
    }

    public String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    public void send(String raw) throws IOException {
        send(raw.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** One reply, all its lines joined by '\n' (e.g. "250-a\n250 b"). Null at end of stream. */
    public String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                return all.length() == 0 ? null : all.toString();
            }
            if (all.length() > 0) {
                all.append('\n');
            }
            all.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** STARTTLS and the handshake; returns the STARTTLS reply. */
    public String startTls() throws IOException {
        String r = command("STARTTLS");
        if (r.startsWith("220")) {
            handshake();
        }
        return r;
    }

    /** The TLS handshake on this connection (after a 220 to STARTTLS). */
    public void handshake() throws IOException {
        {
            SSLSocket tls = (SSLSocket) TestTls.get().clientSocketFactory().createSocket(socket, "127.0.0.1",
                    socket.getPort(), true);
            tls.startHandshake();
            socket = tls;
            in = tls.getInputStream();
            out = tls.getOutputStream();
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
