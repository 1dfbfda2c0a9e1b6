package org.facteur.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DomainNameTest {

    @Test
    void canonicalFormIsLowercaseWithoutTrailingDot() {
        assertThat(DomainName.canonical("Example.TEST")).isEqualTo("example.test");
        assertThat(DomainName.canonical("example.test.")).isEqualTo("example.test");
        assertThat(DomainName.canonical("localhost")).isEqualTo("localhost");
    }

    @Test
    void unicodeDomainIsStoredInItsAsciiForm() {
        assertThat(DomainName.canonical("Bücher.Example")).isEqualTo("xn--bcher-kva.example");
        assertThat(DomainName.canonical("xn--bcher-kva.example")).isEqualTo("xn--bcher-kva.example");
        assertThat(DomainName.canonical("例え。テスト")).isEqualTo("xn--r8jz45g.xn--zckzah");
        assertThat(DomainName.canonical("BÜCHER.example.")).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void unicodeNamesAreCheckedAsAsciiNamesAre() {
        assertThatThrownBy(() -> DomainName.canonical("例え。。テスト")).hasMessageContaining("empty label");
        assertThatThrownBy(() -> DomainName.canonical("bücher." + "x".repeat(64))).hasMessageContaining("too long");
        assertThatThrownBy(() -> DomainName.canonical("bü_cher.test")).hasMessageContaining("'_'");
        assertThatThrownBy(() -> DomainName.canonical("bücher.123")).hasMessageContaining("IP address");
    }

    @Test
    void badSyntaxIsRefusedWithAMessageNamingTheProblem() {
        assertThatThrownBy(() -> DomainName.canonical("")).hasMessage("The domain name is empty.");
        assertThatThrownBy(() -> DomainName.canonical("a..b"))
                .hasMessage("The domain a..b has an empty label (two dots in a row, or a leading dot).");
        assertThatThrownBy(() -> DomainName.canonical(".a.b")).hasMessageContaining("empty label");
        assertThatThrownBy(() -> DomainName.canonical("my domain.test"))
                .isInstanceOf(DirectoryException.class)
                .hasMessage("The domain my domain.test contains the character ' ', which is not allowed in a domain name.");
        assertThatThrownBy(() -> DomainName.canonical("a_b.test")).hasMessageContaining("'_'");
        assertThatThrownBy(() -> DomainName.canonical("-a.test")).hasMessageContaining("starts or ends with a hyphen");
        assertThatThrownBy(() -> DomainName.canonical("x".repeat(64) + ".test")).hasMessageContaining("too long");
        assertThatThrownBy(() -> DomainName.canonical("192.0.2.1")).hasMessageContaining("IP address");
        assertThatThrownBy(() -> DomainName.canonical("[192.0.2.1]")).hasMessageContaining("Address literals");
    }

    @Test
    void domainLongerThan255IsRefused() {
        String label = "a".repeat(63);
        String longName = String.join(".", label, label, label, label, "test"); // 4*64 + 4 = 260
        assertThatThrownBy(() -> DomainName.canonical(longName)).hasMessageContaining("longer than 255");
    }
}
