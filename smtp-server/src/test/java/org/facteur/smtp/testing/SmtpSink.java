package org.facteur.smtp.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A remote MX for tests: a small SMTP server on 127.0.0.2 (a loopback address other than ours),
 * one thread per connection, scripted per recipient ({@link #reply}: 250 by default), offering
 * what a test asks for (STARTTLS with a self-signed certificate, PIPELINING, SIZE, 8BITMIME,
 * SMTPUTF8, AUTH PLAIN), and recording every message it accepted ({@link #messages}).
 */
public final class SmtpSink implements AutoCloseable {

    /** One accepted message, as the sink saw it. */
    public record Received(String helo, String mailFrom, List<String> rcpts, byte[] data, boolean tls,
                           String authUser, int connection) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Map<String, String> rcptReplies = new ConcurrentHashMap<>();
    private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();

    private volatile SSLContext tls;
    private volatile boolean pipelining = true;
    private volatile boolean eightBitMime = true;
    private volatile boolean smtpUtf8 = true;
    private volatile boolean dsn;
    private volatile boolean ehlo = true;
    private volatile long size;
    private volatile String greeting = "220 sink.remote.test ESMTP";
    private volatile String mailReply = "250 2.1.0 Ok";
    private volatile String dataReply = "250 2.0.0 Ok: queued";
    private volatile String[] auth;
    private volatile long delayMillis;
    private volatile String rcptDefault = "250 2.1.5 Ok";
    private volatile boolean keep = true;
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile java.util.function.Consumer<Received> onAccepted = r -> { };

    /** A sink on 127.0.0.2 and a free port. */
    public SmtpSink() throws IOException {
        this(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
    }

    public SmtpSink(InetSocketAddress address) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address, 200);
        acceptor = new Thread(this::accept, "smtp-sink-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** The full reply to RCPT TO:&lt;address&gt;, e.g. {@code 550 5.1.1 No such user}. */
    public SmtpSink reply(String address, String reply) {
        rcptReplies.put(address.toLowerCase(Locale.ROOT), reply);
        return this;
    }

    /** The reply to recipients {@link #reply} names no reply for. */
    public SmtpSink defaultReply(String reply) {
        this.rcptDefault = reply;
        return this;
    }

    /** Whether accepted messages are kept for {@link #take} and {@link #messages} (off for benchmarks). */
    public SmtpSink keepMessages(boolean on) {
        this.keep = on;
        return this;
    }

    /** Called on the session's thread for each message accepted (for latency measurements). */
    public SmtpSink onAccepted(java.util.function.Consumer<Received> listener) {
        this.onAccepted = listener;
        return this;
    }

    /** Messages accepted so far, kept or not. */
    public int accepted() {
        return accepted.get();
    }

    public SmtpSink startTls(SSLContext context) {
        this.tls = context;
        return this;
    }

    public SmtpSink pipelining(boolean on) {
        this.pipelining = on;
        return this;
    }

    public SmtpSink eightBitMime(boolean on) {
        this.eightBitMime = on;
        return this;
    }

    public SmtpSink smtpUtf8(boolean on) {
        this.smtpUtf8 = on;
        return this;
    }

    /** Offers DSN (RFC 3461). */
    public SmtpSink dsn(boolean on) {
        this.dsn = on;
        return this;
    }

    /** Answers EHLO with 502, as an old server does, so the client must fall back to HELO. */
    public SmtpSink noEhlo() {
        this.ehlo = false;
        return this;
    }

    public SmtpSink size(long max) {
        this.size = max;
        return this;
    }

    public SmtpSink greeting(String line) {
        this.greeting = line;
        return this;
    }

    public SmtpSink mailReply(String line) {
        this.mailReply = line;
        return this;
    }

    public SmtpSink dataReply(String line) {
        this.dataReply = line;
        return this;
    }

    /** Offers AUTH PLAIN (after STARTTLS when TLS is on) and accepts only these credentials. */
    public SmtpSink auth(String user, String password) {
        this.auth = new String[] {user, password};
        return this;
    }

    /** Waits this long before each reply (to test timeouts and concurrency). */
    public SmtpSink delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Waits up to {@code seconds} for the next accepted message; null if none came. */
    public Received take(long seconds) throws InterruptedException {
        return messages.poll(seconds, TimeUnit.SECONDS);
    }

    public List<Received> messages() {
        return new ArrayList<>(messages);
    }

    /** Every command line received, in order (AUTH lines included). */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    public int connections() {
        return connections.get();
    }

    /** The most connections open at once so far. */
    public int maxActive() {
        return maxActive.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                int n = connections.incrementAndGet();
                Thread t = new Thread(() -> session(s, n), "smtp-sink-session-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket socket, int connection) {
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        try {
            new Session(socket, connection).run();
        } catch (IOException e) {
            // The client went away: nothing more to record.
        } finally {
            active.decrementAndGet();
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing.
            }
        }
    }

    /** One SMTP conversation. */
    private final class Session {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final int connection;
        private boolean secure;
        private String helo = "";
        private String authUser;
        private String from;
        private final List<String> rcpts = new ArrayList<>();

        Session(Socket socket, int connection) throws IOException {
            this.socket = socket;
            this.connection = connection;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        void run() throws IOException {
            send(greeting);
            if (!greeting.startsWith("2")) {
                return;
            }
            String line;
            while ((line = readLine()) != null) {
                commands.add(line);
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO ")) {
                    if (!ehlo) {
                        send("502 5.5.1 EHLO not implemented");
                        continue;
                    }
                    helo = line.substring(5);
                    reset();
                    send(capabilities());
                } else if (upper.startsWith("HELO ")) {
                    helo = line.substring(5);
                    reset();
                    send("250 sink.remote.test");
                } else if (upper.equals("STARTTLS") && tls != null && !secure) {
                    send("220 2.0.0 Ready to start TLS");
                    startTls();
                } else if (upper.startsWith("AUTH PLAIN") && auth != null) {
                    authenticate(line);
                } else if (upper.startsWith("MAIL FROM:")) {
                    reset();
                    if (mailReply.startsWith("2")) {
                        from = line.substring(10);
                    }
                    send(mailReply);
                } else if (upper.startsWith("RCPT TO:")) {
                    String address = path(line.substring(8));
                    String reply = rcptReplies.getOrDefault(address.toLowerCase(Locale.ROOT), rcptDefault);
                    if (from == null) {
                        reply = "503 5.5.1 MAIL first";
                    } else if (reply.startsWith("2")) {
                        rcpts.add(address);
                    }
                    send(reply);
                } else if (upper.equals("DATA")) {
                    if (rcpts.isEmpty()) {
                        send("554 5.5.1 No valid recipients");
                        continue;
                    }
                    send("354 End data with <CR><LF>.<CR><LF>");
                    byte[] data = readData();
                    if (dataReply.startsWith("2")) {
                        accepted.incrementAndGet();
                        Received r = new Received(helo, from, List.copyOf(rcpts), data, secure, authUser, connection);
                        onAccepted.accept(r);
                        if (keep) {
                            messages.add(r);
                        }
                    }
                    send(dataReply);
                    reset();
                } else if (upper.equals("RSET")) {
                    reset();
                    send("250 2.0.0 Ok");
                } else if (upper.equals("NOOP")) {
                    send("250 2.0.0 Ok");
                } else if (upper.equals("QUIT")) {
                    send("221 2.0.0 Bye");
                    return;
                } else {
                    send("500 5.5.2 Unknown command");
                }
            }
        }

        private String capabilities() {
            StringBuilder b = new StringBuilder("250-sink.remote.test");
            if (pipelining) {
                b.append("\r\n250-PIPELINING");
            }
            if (size > 0) {
                b.append("\r\n250-SIZE ").append(size);
            }
            if (eightBitMime) {
                b.append("\r\n250-8BITMIME");
            }
            if (smtpUtf8) {
                b.append("\r\n250-SMTPUTF8");
            }
            if (dsn) {
                b.append("\r\n250-DSN");
            }
            if (tls != null && !secure) {
                b.append("\r\n250-STARTTLS");
            }
            if (auth != null && (secure || tls == null)) {
                b.append("\r\n250-AUTH PLAIN");
            }
            return b.append("\r\n250 ENHANCEDSTATUSCODES").toString();
        }

        private void authenticate(String line) throws IOException {
            String[] parts = line.split(" ");
            String response = parts.length > 2 ? parts[2] : null;
            if (response == null) {
                send("334 ");
                response = readLine();
            }
            String[] fields = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8).split("\0", -1);
            if (fields.length == 3 && fields[1].equals(auth[0]) && fields[2].equals(auth[1])) {
                authUser = fields[1];
                send("235 2.7.0 Authentication successful");
            } else {
                send("535 5.7.8 Authentication credentials invalid");
            }
        }

        private void startTls() throws IOException {
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(socket, socket.getInetAddress().getHostAddress(),
                    socket.getPort(), true);
            s.setUseClientMode(false);
            s.startHandshake();
            socket = s;
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
            secure = true;
            helo = "";
            reset();
        }

        private void reset() {
            from = null;
            rcpts.clear();
        }

        private String path(String arg) {
            int lt = arg.indexOf('<');
            int gt = arg.indexOf('>');
            return lt >= 0 && gt > lt ? arg.substring(lt + 1, gt) : arg.trim();
        }

        private void send(String reply) throws IOException {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, len, StandardCharsets.UTF_8);
                }
                b.write(c);
            }
            return null;
        }

        /** The message up to CRLF.CRLF, dot-unstuffed (RFC 5321 4.5.2), CRLF line ends kept. */
        private byte[] readData() throws IOException {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                line.write(c);
                if (c == '\n') {
                    byte[] l = line.toByteArray();
                    line.reset();
                    if (l.length == 3 && l[0] == '.' && l[1] == '\r') {
                        return data.toByteArray();
                    }
                    int skip = l.length > 1 && l[0] == '.' ? 1 : 0;
                    data.write(l, skip, l.length - skip);
                }
            }
            throw new IOException("connection closed inside DATA");
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing.
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing.
            }
        }
    }
}
