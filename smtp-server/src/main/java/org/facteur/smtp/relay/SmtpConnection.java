package org.facteur.smtp.relay;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.facteur.text.Ascii;

/**
 * One outbound SMTP session with one host, for as many transactions as the caller has for that
 * destination: greeting, EHLO (HELO when EHLO is refused, RFC 5321 3.2), opportunistic STARTTLS
 * (RFC 3207), AUTH PLAIN over TLS for a smarthost (RFC 4954), then {@link #send} per message and
 * {@link #quit}. Plain blocking sockets: one delivery thread drives one connection.
 */
public final class SmtpConnection implements AutoCloseable {

    private static final SSLContext TLS = InsecureTls.context();
    private static final int MAX_LINE = 4096;
    private static final int MAX_REPLY_LINES = 100;
    private static final byte[] CRLF = {'\r', '\n'};

    private final String host;
    private final ClientSettings settings;
    private final Timeouts timeouts;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final Map<String, String> extensions = new HashMap<>();
    private boolean tls;
    private boolean broken;

    private SmtpConnection(String host, Socket socket, ClientSettings settings) throws IOException {
        this.host = host;
        this.settings = settings;
        this.timeouts = settings.timeouts();
        attach(socket);
    }

    /**
     * Connects to the first address of {@code route} that answers, and makes the session ready
     * for transactions.
     *
     * @throws DeliveryFailure when no address answers, or the server refuses us (greeting,
     *         EHLO/HELO, AUTH)
     */
    public static SmtpConnection open(Route route, ClientSettings settings) throws DeliveryFailure {
        String lastError = "no address";
        for (InetSocketAddress address : route.addresses()) {
            Socket socket = new Socket();
            try {
                // Every write is a whole command group (flushed once), so Nagle would only add the
                // peer's delayed-ACK wait (40 ms) to each pipelined exchange.
                socket.setTcpNoDelay(true);
                socket.connect(address, millis(settings.timeouts().connect()));
            } catch (IOException e) {
                closeQuietly(socket);
                lastError = address + ": " + e.getMessage();
                continue;
            }
            SmtpConnection c = null;
            try {
                c = new SmtpConnection(route.host(), socket, settings);
                c.start();
                return c;
            } catch (IOException e) {
                closeQuietly(socket);
                throw new DeliveryFailure(false, "4.4.2", "lost connection with " + route.host() + " during the greeting: "
                        + describe(e), route.host());
            } catch (DeliveryFailure e) {
                c.close();
                throw e;
            }
        }
        throw new DeliveryFailure(false, "4.4.1", "cannot connect to " + route.host() + " (" + lastError + ")", "");
    }

    /** The host's name, for Remote-MTA and the logs. */
    public String host() {
        return host;
    }

    public boolean tls() {
        return tls;
    }

    /** Whether the server offered {@code keyword} in its last EHLO reply. */
    public boolean offers(String keyword) {
        return extensions.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /** False once an I/O error or timeout broke the session: it must not be reused. */
    public boolean usable() {
        return !broken;
    }

    private void start() throws IOException, DeliveryFailure {
        Reply greeting = read(timeouts.greeting());
        if (!greeting.positive()) {
            // RFC 5321 3.1: a 554 greeting means no service here; 421 means not now.
            throw failure(greeting, "greeting");
        }
        hello();
        if (offers("STARTTLS") && !tls) {
            Reply r = command("STARTTLS", timeouts.command());
            if (r.code() == 220) {
                startTls();
                hello();
            }
            // Otherwise opportunistic TLS goes on in the clear (RFC 3207 4.1 leaves the choice to the client).
        }
        if (settings.credentials().isPresent()) {
            authenticate(settings.credentials().get());
        }
    }

    private void hello() throws IOException, DeliveryFailure {
        extensions.clear();
        Reply r = command("EHLO " + settings.heloName(), timeouts.command());
        if (r.positive()) {
            List<String> lines = lastLines;
            for (int i = 1; i < lines.size(); i++) {
                String ext = lines.get(i).length() > 4 ? lines.get(i).substring(4).trim() : "";
                int sp = ext.indexOf(' ');
                extensions.put((sp < 0 ? ext : ext.substring(0, sp)).toUpperCase(Locale.ROOT),
                        sp < 0 ? "" : ext.substring(sp + 1).trim());
            }
            return;
        }
        if (r.code() == 421) {
            throw failure(r, "EHLO");
        }
        // RFC 5321 3.2: a server that does not know EHLO gets HELO, and no extension is used.
        Reply helo = command("HELO " + settings.heloName(), timeouts.command());
        if (!helo.positive()) {
            throw failure(helo, "HELO");
        }
    }

    private void startTls() throws IOException {
        SSLSocket s = (SSLSocket) TLS.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(InsecureTls.PROTOCOLS);
        try {
            p.setServerNames(List.of(new SNIHostName(host)));
        } catch (IllegalArgumentException notAHostName) {
            // An address literal or odd name: no SNI.
        }
        s.setSSLParameters(p);
        s.setUseClientMode(true);
        s.setSoTimeout(millis(timeouts.command()));
        s.startHandshake();
        attach(s);
        tls = true;
    }

    private void authenticate(ClientSettings.Credentials credentials) throws IOException, DeliveryFailure {
        if (!tls) {
            // Never send a password in the clear: the administrator has to fix the smarthost set-up.
            throw new DeliveryFailure(false, "4.7.0", host + " did not offer STARTTLS: credentials are only sent"
                    + " over TLS", host);
        }
        String mechanisms = " " + extensions.getOrDefault("AUTH", "").toUpperCase(Locale.ROOT) + " ";
        if (!mechanisms.contains(" PLAIN ")) {
            throw new DeliveryFailure(false, "4.7.0", host + " does not offer AUTH PLAIN", host);
        }
        // RFC 4616 2: authzid NUL authcid NUL passwd; the initial response rides on the command (RFC 4954 4).
        String token = Base64.getEncoder().encodeToString(("\0" + credentials.user() + "\0" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
        write("AUTH PLAIN " + token);
        out.flush();
        Reply r = read(timeouts.command());
        if (r.code() != 235) {
            // Temporary even on 535: mail waits while the administrator fixes the credentials.
            throw new DeliveryFailure(false, "4.7.0", "authentication to " + host + " failed: " + r, host);
        }
    }

    /**
     * Sends one message in one transaction and returns a result per recipient, in the order of
     * {@code m.recipients()}. Uses PIPELINING (RFC 2920) when offered.
     *
     * @throws IOException when the session broke (lost connection, timeout): the recipients
     *         have no result yet and the connection is {@linkplain #usable() unusable}
     */
    public List<DeliveryResult> send(OutboundMessage m) throws IOException {
        List<DeliveryResult> results = new ArrayList<>(m.recipients().size());
        for (int i = 0; i < m.recipients().size(); i++) {
            results.add(null);
        }
        if (precheck(m, results)) {
            return results;
        }
        try {
            transaction(m, results);
            return results;
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** Refuses, before any command, what this server cannot take. Returns true if nothing is left to send. */
    private boolean precheck(OutboundMessage m, List<DeliveryResult> results) {
        String size = extensions.get("SIZE");
        if (size != null && !size.isEmpty()) {
            try {
                long max = Long.parseLong(size);
                if (max > 0 && m.size() > max) {
                    // RFC 1870 6: a message the server declared too big is not sent.
                    fill(results, DeliveryResult.permanent("5.3.4", "the message (" + m.size() + " octets) is larger"
                            + " than " + host + " accepts (SIZE " + max + ")", host));
                    return true;
                }
            } catch (NumberFormatException ignored) {
                // A malformed SIZE value says nothing: send and let the server decide.
            }
        }
        if (m.smtpUtf8() && !offers("SMTPUTF8")) {
            // RFC 6531 3.2: a non-ASCII address cannot be given to a server without SMTPUTF8.
            boolean senderNeeds = !Ascii.isAscii(m.sender());
            for (int i = 0; i < m.recipients().size(); i++) {
                if (senderNeeds || !Ascii.isAscii(m.recipients().get(i))) {
                    results.set(i, DeliveryResult.permanent("5.6.7", host + " does not support SMTPUTF8, which"
                            + " this message's addresses need (RFC 6531)", host));
                }
            }
        }
        return results.stream().allMatch(r -> r != null);
    }

    private void transaction(OutboundMessage m, List<DeliveryResult> results) throws IOException {
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(m.sender()).append('>');
        if (offers("SIZE")) {
            mail.append(" SIZE=").append(m.size());
        }
        if (m.eightBit() && offers("8BITMIME")) {
            mail.append(" BODY=8BITMIME");
        }
        // An 8-bit body to a server without 8BITMIME is sent as it is, as Postfix and most MTAs
        // do (RFC 6152 3 would have us bounce or convert it); nearly every server takes it.
        boolean utf8 = m.smtpUtf8() && offers("SMTPUTF8");
        if (utf8) {
            mail.append(" SMTPUTF8");
        }
        // RFC 3461 5.2: the DSN parameters go on to a server that offers DSN (and are dropped otherwise).
        boolean dsn = offers("DSN");
        if (dsn && !m.mailDsn().isEmpty()) {
            mail.append(' ').append(m.mailDsn());
        }
        List<Integer> toSend = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) == null) {
                toSend.add(i);
            }
        }
        boolean pipelining = offers("PIPELINING");
        Reply mailReply;
        List<Integer> accepted = new ArrayList<>();
        Reply dataReply = null;
        if (pipelining) {
            // RFC 2920 3.1: MAIL, the RCPTs and DATA go in one write; replies come back in order.
            write(mail.toString());
            for (int i : toSend) {
                write(rcpt(m, i, dsn));
            }
            write("DATA");
            out.flush();
            mailReply = read(timeouts.command());
            for (int i : toSend) {
                Reply r = read(timeouts.command());
                if (mailReply.positive() && r.positive()) {
                    accepted.add(i);
                } else {
                    results.set(i, DeliveryResult.of(mailReply.positive() ? r : mailReply, host));
                }
            }
            dataReply = read(timeouts.dataInit());
            if (dataReply.code() == 354 && accepted.isEmpty()) {
                // RFC 2920 3.1: no recipient was taken, yet DATA was: end it empty; its reply means nothing.
                write(".");
                out.flush();
                read(timeouts.dataTermination());
                return;
            }
        } else {
            mailReply = command(mail.toString(), timeouts.command());
            if (mailReply.positive()) {
                for (int i : toSend) {
                    Reply r = command(rcpt(m, i, dsn), timeouts.command());
                    if (r.positive()) {
                        accepted.add(i);
                    } else {
                        results.set(i, DeliveryResult.of(r, host));
                    }
                }
            } else {
                for (int i : toSend) {
                    results.set(i, DeliveryResult.of(mailReply, host));
                }
            }
            if (!accepted.isEmpty()) {
                dataReply = command("DATA", timeouts.dataInit());
            }
        }
        if (accepted.isEmpty() || dataReply == null || dataReply.code() != 354) {
            for (int i : accepted) {
                results.set(i, DeliveryResult.of(dataReply, host));
            }
            reset();
            return;
        }
        sendContent(m);
        Reply end = read(timeouts.dataTermination());
        for (int i : accepted) {
            results.set(i, DeliveryResult.of(end, host));
        }
        if (!end.positive()) {
            reset();
        }
    }

    private static String rcpt(OutboundMessage m, int i, boolean dsn) {
        String params = dsn ? m.rcptDsn().get(i) : "";
        return "RCPT TO:<" + m.recipients().get(i) + ">" + (params.isEmpty() ? "" : " " + params);
    }

    /** RSET after a failed transaction keeps the session for the next message (RFC 5321 4.1.1.5). */
    private void reset() throws IOException {
        Reply r = command("RSET", timeouts.command());
        if (!r.positive()) {
            broken = true;
        }
    }

    private void sendContent(OutboundMessage m) throws IOException {
        DotStuffer data = new DotStuffer(out);
        try (Watchdog.Guard guard = Watchdog.guard(socket, timeouts.dataBlock())) {
            data.write(m.prefix());
            try (InputStream content = m.content().open()) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = content.read(buf)) > 0) {
                    data.write(buf, 0, n);
                    guard.progress();
                }
            }
            data.finish();
            out.flush();
        }
    }

    /** QUIT politely and close. */
    public void quit() {
        if (!broken) {
            try {
                command("QUIT", Duration.ofSeconds(10));
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        close();
    }

    @Override
    public void close() {
        broken = true;
        closeQuietly(socket);
    }

    // ---- wire

    private List<String> lastLines = List.of();

    private Reply command(String line, Duration timeout) throws IOException {
        write(line);
        out.flush();
        return read(timeout);
    }

    private void write(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
    }

    private Reply read(Duration timeout) throws IOException {
        socket.setSoTimeout(millis(timeout));
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' '
                    && line.charAt(3) != '-')) {
                broken = true;
                throw new IOException("malformed reply from " + host + ": " + abbreviate(line));
            }
            lines.add(line);
            if (line.length() == 3 || line.charAt(3) == ' ') {
                break;
            }
            if (lines.size() > MAX_REPLY_LINES) {
                broken = true;
                throw new IOException("reply from " + host + " longer than " + MAX_REPLY_LINES + " lines");
            }
        }
        lastLines = lines;
        return Reply.parse(lines);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        try {
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, len, StandardCharsets.UTF_8);
                }
                if (b.size() >= MAX_LINE) {
                    broken = true;
                    throw new IOException("reply line from " + host + " longer than " + MAX_LINE + " octets");
                }
                b.write(c);
            }
        } catch (SocketTimeoutException e) {
            broken = true;
            throw new SocketTimeoutException("timeout waiting for " + host);
        }
        broken = true;
        throw new IOException(host + " closed the connection");
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream(), 8192);
        this.out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
    }

    private DeliveryFailure failure(Reply r, String stage) {
        return new DeliveryFailure(r.permanent(), r.status(), r.diagnostic() + " (" + stage + ")", host);
    }

    static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void fill(List<DeliveryResult> results, DeliveryResult r) {
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) == null) {
                results.set(i, r);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Nothing to do.
        }
    }
}
