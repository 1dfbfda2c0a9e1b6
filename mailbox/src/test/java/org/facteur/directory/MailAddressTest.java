package org.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MailAddressTest {

    @Test
    void parsesToLowercaseWithAsciiDomain() {
        MailAddress a = MailAddress.parse("Alice.Smith@Bücher.Example.");
        assertThat(a.localPart()).isEqualTo("alice.smith");
        assertThat(a.domain()).isEqualTo("xn--bcher-kva.example");
        assertThat(a).hasToString("alice.smith@xn--bcher-kva.example");
    }

    @Test
    void acceptsEveryAtextCharacterAndUtf8() {
        assertThat(MailAddress.parse("!#$%&'*+-/=?^_`{|}~@d.test").localPart()).isEqualTo("!#$%&'*+-/=?^_`{|}~");
        assertThat(MailAddress.parse("Jörg@d.test").localPart()).isEqualTo("jörg");
    }

    @Test
    void subAddressDetailIsCutAtTheFirstPlus() {
        assertThat(MailAddress.parse("alice+lists+x@d.test").withoutDetail())
                .contains(new MailAddress("alice", "d.test"));
        assertThat(MailAddress.parse("alice@d.test").withoutDetail()).isEmpty();
        assertThat(MailAddress.parse("+x@d.test").withoutDetail()).isEmpty();
    }

    @Test
    void refusesBadLocalPartsNamingTheProblem() {
        assertThatThrownBy(() -> MailAddress.parse("alice")).hasMessage("The address alice has no @domain part.");
        assertThatThrownBy(() -> MailAddress.parse("@d.test")).hasMessageContaining("empty local part");
        assertThatThrownBy(() -> MailAddress.parse("al ice@d.test"))
                .hasMessage("The local part of al ice@d.test contains a space, which is not allowed in an address.");
        assertThatThrownBy(() -> MailAddress.parse("a\tb@d.test")).hasMessageContaining("control character U+0009");
        assertThatThrownBy(() -> MailAddress.parse("\"a b\"@d.test")).hasMessageContaining("quoted local part");
        assertThatThrownBy(() -> MailAddress.parse(".a@d.test")).hasMessageContaining("dot");
        assertThatThrownBy(() -> MailAddress.parse("a..b@d.test")).hasMessageContaining("two dots");
        assertThatThrownBy(() -> MailAddress.parse("a,b@d.test")).hasMessageContaining("','");
        assertThatThrownBy(() -> MailAddress.parse("alice@bad domain")).hasMessageContaining("The domain bad domain");
    }

    @Test
    void localPartIsLimitedTo64Octets() {
        assertThat(MailAddress.parse("a".repeat(64) + "@d.test").localPart()).hasSize(64);
        assertThatThrownBy(() -> MailAddress.parse("a".repeat(65) + "@d.test"))
                .hasMessageContaining("longer than 64 octets");
        // 32 two-byte characters are 64 octets; 33 are too many.
        assertThat(MailAddress.parse("é".repeat(32) + "@d.test").localPart()).hasSize(32);
        assertThatThrownBy(() -> MailAddress.parse("é".repeat(33) + "@d.test"))
                .hasMessageContaining("longer than 64 octets");
    }

    @Test
    void wholeAddressIsLimitedTo254Octets() {
        String label = "b".repeat(46);
        String domain = String.join(".", label, label, label, label, "test"); // 192 characters
        assertThatThrownBy(() -> MailAddress.parse("a".repeat(64) + "@" + domain))
                .hasMessageContaining("longer than 254 octets");
    }
}
