package org.facteur.distribution.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "dns", mixinStandardHelpOptions = true,
        description = "Print the DNS records to publish for DOMAIN (MX, SPF, DKIM, DMARC).")
final class DnsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DOMAIN")
    String domain;

    @Mixin
    CommonOptions options;

    @Override
    public Integer call() {
        throw NotInThisBuild.failure("dns", "DKIM signing and outbound delivery");
    }
}
