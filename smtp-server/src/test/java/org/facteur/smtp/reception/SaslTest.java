package org.facteur.smtp.reception;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** RFC 4616 PLAIN and the LOGIN exchange's fields, decoded strictly. */
class SaslTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainKeepsEmptyAndNonEmptyAuthorizationIdentitiesApart() {
        Sasl.Credentials none = Sasl.plain(bytes("\0alice@example.test\0p\u00e4ss word"));
        assertThat(none.authzid()).isEmpty();
        assertThat(none.login()).isEqualTo("alice@example.test");
        assertThat(new String(none.password())).isEqualTo("p\u00e4ss word");
        Sasl.Credentials as = Sasl.plain(bytes("bob@example.test\0alice@example.test\0pw"));
        assertThat(as.authzid()).isEqualTo("bob@example.test");
        assertThat(as.login()).isEqualTo("alice@example.test");
        as.wipe();
        assertThat(as.password()).containsOnly('\0');
    }

    @Test
    void plainRefusesAnythingButTwoNulsWithLoginAndPassword() {
        assertThat(Sasl.plain(bytes("alice\0pw"))).isNull();
        assertThat(Sasl.plain(bytes("\0alice\0pw\0"))).isNull();
        assertThat(Sasl.plain(bytes("\0\0pw"))).isNull();
        assertThat(Sasl.plain(bytes("\0alice\0"))).isNull();
        assertThat(Sasl.plain(new byte[] {0, 'a', 0, (byte) 0xC3})).isNull(); // truncated UTF-8
        assertThat(Sasl.plain(bytes("\0alice\0" + "x".repeat(256)))).isNull();
    }

    @Test
    void plainWipesTheDecodedMessage() {
        byte[] message = bytes("\0alice\0secret");
        Sasl.plain(message);
        assertThat(message).containsOnly((byte) 0);
    }

    @Test
    void base64ResponsesPerRfc4954() {
        assertThat(Sasl.decode("=")).isEmpty();
        assertThat(Sasl.decode("")).isNull();
        assertThat(Sasl.decode("not base64!")).isNull();
        assertThat(Sasl.decode("YWxpY2U=")).isEqualTo(bytes("alice"));
    }

    @Test
    void loginFields() {
        assertThat(Sasl.loginName(bytes("alice@example.test"))).isEqualTo("alice@example.test");
        assertThat(Sasl.loginName(new byte[0])).isNull();
        assertThat(Sasl.loginName(bytes("a\0b"))).isNull();
        assertThat(new String(Sasl.loginPassword(bytes("s3cret")))).isEqualTo("s3cret");
        assertThat(Sasl.loginPassword(new byte[0])).isNull();
    }
}
