package org.facteur.smtp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The test DNS server and SMTP sink do what the relay tests rely on. */
class TestToolsTest {

    @Test
    void dnsServerAnswersFromItsMapOverUdp() throws Exception {
        try (TestDnsServer dns = new TestDnsServer()) {
            dns.mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.2").failWith("broken.test");
            SimpleResolver resolver = new SimpleResolver(dns.address());
            resolver.setTimeout(Duration.ofSeconds(2));

            Message mx = resolver.send(query("remote.test", Type.MX));
            assertThat(mx.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(mx.getSection(Section.ANSWER)).singleElement()
                    .satisfies(r -> assertThat(((MXRecord) r).getTarget().toString()).isEqualTo("mx.remote.test."));
            assertThat(resolver.send(query("mx.remote.test", Type.AAAA)).getSection(Section.ANSWER)).isEmpty();
            assertThat(resolver.send(query("nowhere.test", Type.MX)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(resolver.send(query("broken.test", Type.MX)).getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(dns.queries()).isEqualTo(4);
        }
    }

    @Test
    void sinkAnswersPerRecipientAndRecordsWhatItAccepted() throws Exception {
        try (SmtpSink sink = new SmtpSink().reply("nobody@remote.test", "550 5.1.1 No such user");
             Socket s = new Socket(sink.address().getAddress(), sink.port())) {
            assertThat(sink.address().getAddress().getHostAddress()).isEqualTo("127.0.0.2");
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            out.write(("EHLO me\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<x@remote.test>\r\nRCPT TO:<nobody@remote.test>\r\n"
                    + "DATA\r\n").getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            assertThat(in.readLine()).startsWith("250");
            assertThat(in.readLine()).startsWith("250");
            assertThat(in.readLine()).startsWith("550 5.1.1");
            assertThat(in.readLine()).startsWith("354");
            out.write("Subject: t\r\n\r\n..dot\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("250");
            SmtpSink.Received got = sink.take(5);
            assertThat(got.rcpts()).containsExactly("x@remote.test");
            assertThat(got.text()).isEqualTo("Subject: t\r\n\r\n.dot\r\n");
        }
    }

    private static Message query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
    }
}
