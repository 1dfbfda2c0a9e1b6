package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 5092 relative IMAP URLs as CATENATE takes them. */
class ImapUrlTest {

    @Test
    void readsEveryPart() {
        ImapUrl url = ImapUrl.parse("/Work%20Stuff/Caf&AOk-;UIDVALIDITY=385759045/;UID=20/;SECTION=1.2.MIME/;PARTIAL=0.1024");
        assertThat(url.mailbox()).isEqualTo("Work Stuff/Caf&AOk-");
        assertThat(url.uidValidity()).isEqualTo(385759045L);
        assertThat(url.uid()).isEqualTo(20);
        assertThat(url.section()).isEqualTo("1.2.MIME");
        assertThat(url.partial()).isEqualTo("0.1024");
    }

    @Test
    void keywordsAreCaseInsensitiveAndOptionalPartsOptional() {
        ImapUrl url = ImapUrl.parse("/INBOX/;uid=7");
        assertThat(url.mailbox()).isEqualTo("INBOX");
        assertThat(url.uidValidity()).isZero();
        assertThat(url.uid()).isEqualTo(7);
        assertThat(url.section()).isEmpty();
        assertThat(url.partial()).isNull();
        // '+' is itself in a URL path, not a space.
        assertThat(ImapUrl.parse("/a+b/;UID=1").mailbox()).isEqualTo("a+b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "INBOX/;UID=1", "//host/INBOX/;UID=1", "imap://host/INBOX/;UID=1", "/INBOX",
        "/INBOX/;UID=", "/INBOX/;UID=0", "/INBOX/;UID=x", "/INBOX/;UID=99999999999", "/;UID=1",
        "/INBOX;UIDVALIDITY=/;UID=1", "/INBOX/;UID=1/;PARTIAL=x", "/IN%2/;UID=1", "/IN BOX/;UID=1"})
    void refusesWithBadurl(String text) {
        assertThatThrownBy(() -> ImapUrl.parse(text)).isInstanceOf(CommandFailed.class)
                .hasMessageStartingWith("[BADURL ");
    }

    @Test
    void theEchoedUrlCannotBreakTheResponseLine() {
        assertThatThrownBy(() -> ImapUrl.parse("/a]b\u0001/;UID=x")).hasMessageStartingWith("[BADURL /a?b?/;UID=x]");
    }
}
