package org.facteur.smtp.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.facteur.smtp.testing.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MX routing against a real DNS server on loopback (RFC 5321 5.1, RFC 7505). */
class MxResolverTest {

    private TestDnsServer dns;
    private MxResolver resolver;

    @BeforeEach
    void start() throws Exception {
        dns = new TestDnsServer();
        resolver = new MxResolver(new DnsClient(List.of(dns.address()), Duration.ofMillis(300)), 2525);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void mxHostsComeByPreferenceWithTheirAddressesOnTheOutboundPort() throws Exception {
        dns.mx("remote.test", 20, "backup.remote.test").mx("remote.test", 10, "mx.remote.test")
                .a("mx.remote.test", "127.0.0.2").aaaa("mx.remote.test", "::1").a("backup.remote.test", "127.0.0.3");

        List<Route> routes = resolver.routes("remote.test");

        assertThat(routes).extracting(Route::host).containsExactly("mx.remote.test", "backup.remote.test");
        assertThat(routes.get(0).addresses()).containsExactly(new InetSocketAddress("127.0.0.2", 2525),
                new InetSocketAddress("::1", 2525));
    }

    @Test
    void equalPreferencesAreTriedInRandomOrder() throws Exception {
        dns.mx("remote.test", 10, "a.remote.test").mx("remote.test", 10, "b.remote.test").mx("remote.test", 5, "first.remote.test")
                .a("a.remote.test", "127.0.0.2").a("b.remote.test", "127.0.0.3").a("first.remote.test", "127.0.0.4");
        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            List<Route> routes = resolver.routes("remote.test");
            assertThat(routes.get(0).host()).isEqualTo("first.remote.test");
            orders.add(routes.stream().map(Route::host).toList());
        }
        assertThat(orders).hasSize(2);
    }

    @Test
    void withoutMxTheDomainItselfIsTheHost() throws Exception {
        dns.a("plain.test", "127.0.0.2");
        assertThat(resolver.routes("plain.test")).singleElement().satisfies(r -> {
            assertThat(r.host()).isEqualTo("plain.test");
            assertThat(r.addresses()).containsExactly(new InetSocketAddress("127.0.0.2", 2525));
        });
    }

    @Test
    void mxHostsWithoutAddressAreSkipped() throws Exception {
        dns.mx("remote.test", 10, "gone.remote.test").mx("remote.test", 20, "mx.remote.test").a("mx.remote.test", "127.0.0.2");
        assertThat(resolver.routes("remote.test")).extracting(Route::host).containsExactly("mx.remote.test");
    }

    @Test
    void nullMxFailsForGoodAtOnce() {
        dns.nullMx("nomail.test").a("nomail.test", "127.0.0.2");
        DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> resolver.routes("nomail.test"));
        assertThat(f.permanent()).isTrue();
        assertThat(f.status()).isEqualTo("5.1.10");
        assertThat(f.getMessage()).contains("null MX");
    }

    @Test
    void aDomainThatDoesNotExistFailsForGood() {
        DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> resolver.routes("nowhere.test"));
        assertThat(f.permanent()).isTrue();
        assertThat(f.status()).isEqualTo("5.1.2");
    }

    @Test
    void aDomainWithNeitherMxNorAddressFailsForGood() {
        dns.txt("textonly.test", "v=spf1 -all");
        DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> resolver.routes("textonly.test"));
        assertThat(f.permanent()).isTrue();
    }

    @Test
    void servfailAndTimeoutsAreTemporary() {
        dns.failWith("broken.test").drop("silent.test");
        for (String domain : List.of("broken.test", "silent.test")) {
            DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> resolver.routes(domain));
            assertThat(f.permanent()).as(domain).isFalse();
            assertThat(f.status()).isEqualTo("4.4.3");
        }
    }

    @Test
    void anMxWhoseAddressLookupFailsIsTemporary() {
        dns.mx("remote.test", 10, "mx.remote.test").failWith("mx.remote.test");
        DeliveryFailure f = catchThrowableOfType(DeliveryFailure.class, () -> resolver.routes("remote.test"));
        assertThat(f.permanent()).isFalse();
    }
}
