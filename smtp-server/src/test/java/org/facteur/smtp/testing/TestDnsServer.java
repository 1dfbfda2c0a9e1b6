package org.facteur.smtp.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server for tests: real DNS messages over UDP on 127.0.0.1, answering from a map. A name
 * with records of some type answers NOERROR with those of the asked type (possibly none: NODATA);
 * a name never added answers NXDOMAIN; {@link #failWith} makes a name answer SERVFAIL and
 * {@link #drop} makes it never answer (a timeout).
 */
public final class TestDnsServer implements AutoCloseable {

    private static final long TTL = 300;

    private final DatagramSocket socket;
    private final Thread thread;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Set<Name> dropped = ConcurrentHashMap.newKeySet();
    private final AtomicInteger queries = new AtomicInteger();

    public TestDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-dns");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code host:port}, as {@code dns.servers} takes it. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public int queries() {
        return queries.get();
    }

    public TestDnsServer mx(String domain, int preference, String host) {
        return add(new MXRecord(name(domain), DClass.IN, TTL, preference, name(host)));
    }

    /** RFC 7505: "this domain accepts no mail". */
    public TestDnsServer nullMx(String domain) {
        return add(new MXRecord(name(domain), DClass.IN, TTL, 0, Name.root));
    }

    public TestDnsServer a(String host, String ipv4) {
        return add(new ARecord(name(host), DClass.IN, TTL, address(ipv4)));
    }

    public TestDnsServer aaaa(String host, String ipv6) {
        return add(new AAAARecord(name(host), DClass.IN, TTL, address(ipv6)));
    }

    public TestDnsServer txt(String name, String text) {
        return add(new TXTRecord(name(name), DClass.IN, TTL, text));
    }

    public TestDnsServer failWith(String name) {
        servfail.add(name(name));
        return this;
    }

    public TestDnsServer drop(String name) {
        dropped.add(name(name));
        return this;
    }

    private TestDnsServer add(Record r) {
        records.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
        return this;
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                queries.incrementAndGet();
                Message answer = answer(query);
                if (answer != null) {
                    byte[] wire = answer.toWire(512);
                    socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) {
        Record question = query.getQuestion();
        if (question == null || dropped.contains(question.getName())) {
            return null;
        }
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            m.getHeader().setFlag(Flags.RD);
        }
        m.addRecord(question, Section.QUESTION);
        List<Record> known = records.get(question.getName());
        if (servfail.contains(question.getName())) {
            m.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (known == null) {
            m.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
            for (Record r : known) {
                if (r.getType() == question.getType() || question.getType() == Type.ANY) {
                    m.addRecord(r, Section.ANSWER);
                }
            }
        }
        return m;
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
