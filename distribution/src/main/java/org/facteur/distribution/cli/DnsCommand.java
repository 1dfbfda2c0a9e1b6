package org.facteur.distribution.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.facteur.smtp.dkim.DkimKeys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The records a local domain needs in its DNS zone, in zone-file syntax: MX to this server's
 * hostname, SPF allowing the MX hosts only (RFC 7208), the DKIM key (RFC 6376 3.6.1, made now if
 * the domain has none yet) and a DMARC policy (RFC 7489) that quarantines what fails both.
 */
@Command(name = "dns", mixinStandardHelpOptions = true,
        description = "Print the DNS records to publish for DOMAIN (MX, SPF, DKIM, DMARC).")
final class DnsCommand implements Callable<Integer> {

    /** RFC 1035 3.3.14: one character-string holds at most 255 octets; longer TXT data is split. */
    private static final int TXT_STRING = 255;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN")
    String domain;

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        String name = domain.toLowerCase(Locale.ROOT);
        try (AdminSession session = AdminSession.open(options)) {
            if (!session.directory().isLocalDomain(name)) {
                throw new CommandFailure("dns: " + domain + " is not a local domain (facteur domain add " + domain + ")");
            }
            String host = session.config().hostname();
            DkimKeys keys = DkimKeys.in(session.config().dataDirectory());
            keys.ensure(name);
            PrintWriter out = spec.commandLine().getOut();
            out.println("; " + name + ": the records to publish (" + host + " needs an A or AAAA record for this server,"
                    + " and its address a PTR record back to " + host + ")");
            out.println(name + ". IN MX 10 " + host + ".");
            out.println(name + ". IN TXT " + txt("v=spf1 mx -all"));
            out.println(DkimKeys.SELECTOR + "._domainkey." + name + ". IN TXT " + txt(keys.publicRecord(name).orElseThrow()));
            out.println("_dmarc." + name + ". IN TXT " + txt("v=DMARC1; p=quarantine; rua=mailto:postmaster@" + name));
        }
        return ExitCodes.OK;
    }

    private static String txt(String data) {
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < data.length(); i += TXT_STRING) {
            strings.add('"' + data.substring(i, Math.min(data.length(), i + TXT_STRING)) + '"');
        }
        return String.join(" ", strings);
    }
}
