package org.facteur.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.util.List;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Regressions for what Dovecot's imaptest found (issue #4), over the raw protocol. */
class ImaptestFindingsTest {

    /** imaptest's "atoms" test: every atom-char, which is not valid modified UTF-7 ('&' starts a bad shift). */
    private static final String ATOMS = "!#$&'+,-.0123456789:;<=>?@^_`|[}";

    @RegisterExtension
    final TestServer server = TestServer.perTest();

    @BeforeEach
    void start() {
        server.deliver(ALICE, "Subject: x\r\n\r\ny\r\n");
    }

    @Test
    void aNameThatIsNotModifiedUtf7NamesNoMailboxAndTheSessionGoesOn() throws Exception {
        try (ImapClient c = server.login(ALICE)) {
            List<String> list = c.ok("LIST \"\" " + ATOMS + "%*");
            assertThat(list).hasSize(1);
            assertThat(c.status("SELECT " + ATOMS)).matches("a\\d+ NO .*");
            assertThat(c.status("EXAMINE " + ATOMS)).matches("a\\d+ NO .*");
            assertThat(c.status("STATUS " + ATOMS + " (MESSAGES)")).matches("a\\d+ NO .*");
            assertThat(c.status("DELETE " + ATOMS)).matches("a\\d+ NO .*");
            assertThat(c.status("SELECT \"&-&\"")).matches("a\\d+ NO .*");
            assertThat(c.status("NOOP")).endsWith("OK NOOP completed");
        }
    }

    /** The index of the first line matching {@code regex}, failing when none does. */
    private static int indexOf(List<String> lines, String regex) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(regex)) {
                return i;
            }
        }
        throw new AssertionError("no line matches " + regex + " in " + lines);
    }

    @Test
    void aNewKeywordIsAnnouncedInFlagsBeforeAnyFetchShowsIt() throws Exception {
        try (ImapClient a = server.login(ALICE); ImapClient b = server.login(ALICE)) {
            a.ok("SELECT INBOX");
            b.ok("SELECT INBOX");
            // Another session's STORE: FLAGS and PERMANENTFLAGS come before the FETCH (RFC 3501 7.2.6).
            b.ok("STORE 1 +FLAGS.SILENT ($Label3)");
            List<String> noop = a.ok("NOOP");
            int flags = indexOf(noop, "\\* FLAGS \\(.*\\$Label3\\)");
            assertThat(noop.get(flags + 1)).matches("\\* OK \\[PERMANENTFLAGS \\(.*\\$Label3 \\\\\\*\\)\\].*");
            assertThat(flags).isLessThan(indexOf(noop, "\\* 1 FETCH \\(FLAGS \\(.*\\$Label3.*"));
            // This session's own STORE, silent or not.
            List<String> store = a.ok("STORE 1 +FLAGS ($Label4)");
            assertThat(indexOf(store, "\\* FLAGS \\(.*\\$Label3 \\$Label4\\)"))
                    .isLessThan(indexOf(store, "\\* 1 FETCH \\(FLAGS \\(.*\\$Label4.*"));
            assertThat(a.ok("STORE 1 +FLAGS.SILENT ($Label5)")).anyMatch(l -> l.matches("\\* FLAGS \\(.*\\$Label5\\)"));
            // A known keyword is not announced again.
            assertThat(a.ok("STORE 1 -FLAGS ($Label4)")).noneMatch(l -> l.startsWith("* FLAGS"));
            // Another session's APPEND with a new keyword: announced with (before) the EXISTS.
            b.ok("APPEND INBOX ($Label6) {17+}\r\nSubject: k\r\n\r\nb\r\n");
            List<String> noop2 = a.ok("NOOP");
            assertThat(indexOf(noop2, "\\* FLAGS \\(.*\\$Label6.*")).isLessThan(indexOf(noop2, "\\* 2 EXISTS"));
            assertThat(a.ok("FETCH 2 FLAGS")).noneMatch(l -> l.startsWith("* FLAGS"));
            // SELECT tells of the keywords already in use.
            assertThat(b.ok("SELECT INBOX")).anyMatch(l -> l.matches("\\* FLAGS \\(\\\\Answered .* \\$Label3 \\$Label5 \\$Label6\\)"));
        }
    }

    @Test
    void moveIntoTheSelectedMailboxGivesTheMessageANewUid() throws Exception {
        server.deliver(ALICE, "Subject: two\r\n\r\nz\r\n");
        try (ImapClient c = server.login(ALICE)) {
            List<String> select = c.ok("SELECT INBOX");
            String validity = select.stream().filter(l -> l.startsWith("* OK [UIDVALIDITY "))
                    .map(l -> l.split("[ \\]]")[3]).findFirst().orElseThrow();
            c.ok("STORE 1 +FLAGS.SILENT (\\Flagged)");
            // RFC 6851 4.3: COPYUID untagged before the EXPUNGE; then the copy's EXISTS.
            assertThat(c.ok("MOVE 1 INBOX")).containsExactly(
                    "* OK [COPYUID " + validity + " 1 3] moved",
                    "* 1 EXPUNGE",
                    "* 2 EXISTS",
                    "* 2 RECENT",
                    "a4 OK MOVE completed");
            assertThat(c.ok("FETCH 1:* (UID FLAGS)")).containsExactly(
                    "* 1 FETCH (UID 2 FLAGS (\\Recent))",
                    "* 2 FETCH (UID 3 FLAGS (\\Flagged \\Recent))",
                    "a5 OK FETCH completed");
            assertThat(c.ok("UID MOVE 3 INBOX")).containsExactly(
                    "* OK [COPYUID " + validity + " 3 4] moved", "* 2 EXPUNGE", "* 2 EXISTS", "* 2 RECENT",
                    "a6 OK MOVE completed");
        }
        assertThat(server.store().messages(server.mailbox(ALICE, "INBOX"))).extracting(r -> r.uid())
                .containsExactly(2L, 4L);
    }

    @Test
    void aSubscribedChildListsItsUnsubscribedParentOnlyWhenThePatternStopsThere() throws Exception {
        try (ImapClient c = server.login(ALICE)) {
            for (String name : new String[] {"m/test", "m/test2/test", "m/test3/test3", "m/t8/a", "m/t8/b"}) {
                c.ok("CREATE " + name);
            }
            for (String name : new String[] {"m/test", "m/test2/test", "m/test3/test3", "m/t8/a", "m/t8/b"}) {
                c.ok("SUBSCRIBE " + name);
            }
            // RFC 3501 6.3.9: % stops at the parent, listed \Noselect whether it exists (test3) or not.
            assertThat(c.ok("LSUB \"\" m/%")).containsExactly(
                    "* LSUB (\\Noselect) \"/\" \"m/t8\"",
                    "* LSUB () \"/\" \"m/test\"",
                    "* LSUB (\\Noselect) \"/\" \"m/test2\"",
                    "* LSUB (\\Noselect) \"/\" \"m/test3\"",
                    "a12 OK LSUB completed");
            // The child matching itself, its parent is not listed for it.
            assertThat(c.ok("LSUB \"\" *test")).containsExactly(
                    "* LSUB () \"/\" \"m/test\"", "* LSUB () \"/\" \"m/test2/test\"", "a13 OK LSUB completed");
            // RFC 5258 4: CHILDINFO only for a subscribed child the patterns do not list.
            assertThat(c.ok("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (m/test2)")).containsExactly(
                    "* LIST (\\HasChildren) \"/\" \"m/test2\" (\"CHILDINFO\" (\"SUBSCRIBED\"))", "a14 OK LIST completed");
            assertThat(c.ok("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (m/test2 m/test2/test)")).containsExactly(
                    "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"m/test2/test\"", "a15 OK LIST completed");
            assertThat(c.ok("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" *t8/a")).containsExactly(
                    "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"m/t8/a\"", "a16 OK LIST completed");
            assertThat(c.ok("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (m/t8 m/t8/a)")).containsExactly(
                    "* LIST (\\HasChildren) \"/\" \"m/t8\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
                    "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"m/t8/a\"", "a17 OK LIST completed");
        }
    }
}
