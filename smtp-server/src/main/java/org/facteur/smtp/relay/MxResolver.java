package org.facteur.smtp.relay;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Direct delivery's routes (RFC 5321 5.1): the domain's MX hosts by preference, in random order
 * among equal preferences; the domain itself when it has no MX (the implicit MX); nothing at all
 * for a null MX (RFC 7505). Each host's IPv4 addresses come before its IPv6 ones (many hosts
 * that run a mail server have no IPv6 route out), all on {@code outbound.port}.
 */
public final class MxResolver implements Router {

    private final DnsClient dns;
    private final int port;
    private final Random random;

    public MxResolver(DnsClient dns, int port) {
        this(dns, port, null);
    }

    /** {@code random}: for tests that need a fixed order among equal preferences; null for a fresh one each time. */
    MxResolver(DnsClient dns, int port, Random random) {
        this.dns = dns;
        this.port = port;
        this.random = random;
    }

    @Override
    public List<Route> routes(String domain) throws DeliveryFailure {
        Name name = name(domain);
        DnsClient.Answer mx = dns.query(name, Type.MX);
        switch (mx.status()) {
            case NXDOMAIN -> throw DeliveryFailure.permanent("5.1.2", "the domain " + domain + " does not exist (NXDOMAIN)");
            case TEMPORARY -> throw DeliveryFailure.temporary("4.4.3", mx.detail());
            default -> { }
        }
        if (mx.records().isEmpty()) {
            // RFC 5321 5.1: no MX records, the domain itself is the host (implicit MX).
            HostAddresses self = addresses(name);
            if (self.addresses.isEmpty()) {
                if (self.temporary) {
                    throw DeliveryFailure.temporary("4.4.3", self.detail);
                }
                throw DeliveryFailure.permanent("5.1.2", "the domain " + domain + " has no MX and no address");
            }
            return List.of(new Route(domain, self.addresses));
        }
        List<Route> routes = new ArrayList<>();
        boolean temporary = false;
        String detail = "";
        for (MXRecord record : ordered(mx.records())) {
            if (record.getTarget().equals(Name.root)) {
                if (mx.records().size() == 1) {
                    // RFC 7505 3: a null MX: the domain accepts no mail; bounce now, do not retry.
                    throw DeliveryFailure.permanent("5.1.10", "the domain " + domain
                            + " accepts no mail (null MX, RFC 7505)");
                }
                continue; // RFC 7505 3: a null MX beside real ones is a mistake; use the real ones.
            }
            HostAddresses host = addresses(record.getTarget());
            if (host.addresses.isEmpty()) {
                temporary |= host.temporary;
                detail = host.detail;
                continue;
            }
            routes.add(new Route(hostName(record.getTarget()), host.addresses));
        }
        if (routes.isEmpty()) {
            if (temporary) {
                throw DeliveryFailure.temporary("4.4.3", detail);
            }
            throw DeliveryFailure.permanent("5.4.4", "no MX host of " + domain + " has an address");
        }
        return routes;
    }

    private List<MXRecord> ordered(List<Record> records) {
        TreeMap<Integer, List<MXRecord>> byPreference = new TreeMap<>();
        for (Record r : records) {
            MXRecord mx = (MXRecord) r;
            byPreference.computeIfAbsent(mx.getPriority(), p -> new ArrayList<>()).add(mx);
        }
        List<MXRecord> out = new ArrayList<>();
        for (List<MXRecord> same : byPreference.values()) {
            // RFC 5321 5.1: hosts of equal preference are tried in random order to spread the load.
            Collections.shuffle(same, random != null ? random : ThreadLocalRandom.current());
            out.addAll(same);
        }
        return out;
    }

    private record HostAddresses(List<InetSocketAddress> addresses, boolean temporary, String detail) {
    }

    private HostAddresses addresses(Name host) {
        List<InetSocketAddress> out = new ArrayList<>();
        boolean temporary = false;
        String detail = "";
        for (int type : new int[] {Type.A, Type.AAAA}) {
            DnsClient.Answer a = dns.query(host, type);
            if (a.status() == DnsClient.Status.TEMPORARY) {
                temporary = true;
                detail = a.detail();
            } else if (a.status() == DnsClient.Status.NXDOMAIN) {
                detail = a.detail();
                break; // the name does not exist: no AAAA either
            }
            for (Record r : a.records()) {
                InetAddress address = r instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) r).getAddress();
                out.add(new InetSocketAddress(address, port));
            }
        }
        return new HostAddresses(out, temporary, detail.isEmpty() ? "no address for " + hostName(host) : detail);
    }

    private static String hostName(Name name) {
        return name.toString(true);
    }

    private static Name name(String domain) throws DeliveryFailure {
        try {
            return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw DeliveryFailure.permanent("5.1.2", "the domain " + domain + " is not a valid DNS name");
        }
    }
}
