package org.facteur.smtp.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * DNS queries through the configured resolvers ({@code dns.servers}), or the system's when none
 * is configured. Each answer is classified once here: records, no such name, or a failure worth
 * retrying (SERVFAIL, REFUSED, a timeout).
 */
public final class DnsClient {

    /** What a query found. */
    public record Answer(Status status, List<Record> records, String detail) {
    }

    public enum Status { FOUND, NXDOMAIN, TEMPORARY }

    private final Resolver resolver;

    public DnsClient(List<InetSocketAddress> servers, Duration timeout) {
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            SimpleResolver r = new SimpleResolver(server);
            r.setTimeout(timeout);
            resolvers.add(r);
        }
        ExtendedResolver r = resolvers.isEmpty() ? new ExtendedResolver() : new ExtendedResolver(resolvers);
        r.setTimeout(timeout);
        r.setRetries(2);
        this.resolver = r;
    }

    /** Records of {@code type} for {@code name} (CNAMEs followed by the recursive resolver). */
    public Answer query(Name name, int type) {
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        } catch (IOException e) {
            return new Answer(Status.TEMPORARY, List.of(), "DNS query for " + name + " failed: " + e.getMessage());
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new Answer(Status.NXDOMAIN, List.of(), name + " does not exist (NXDOMAIN)");
        }
        if (rcode != Rcode.NOERROR) {
            return new Answer(Status.TEMPORARY, List.of(), "DNS query for " + name + " answered " + Rcode.string(rcode));
        }
        List<Record> records = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type) {
                records.add(r);
            }
        }
        return new Answer(Status.FOUND, records, "");
    }
}
