package org.facteur.imap.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;

import java.nio.file.Path;

import org.facteur.imap.support.ImapClient;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 9208 over real sockets: GETQUOTAROOT, GETQUOTA, SETQUOTA, and OVERQUOTA on APPEND and COPY. */
class QuotaTest {

    @TempDir
    Path dir;

    private TestServer server;
    private ImapClient c;

    private void start(long quota) throws Exception {
        server = new TestServer(dir, b -> b.quotaStorage(quota)).start();
        c = server.login(ALICE);
    }

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A message of exactly {@code size} bytes. */
    private static String message(int size) {
        String head = "Subject: filler\r\n\r\n";
        return size < head.length() ? "x".repeat(size) : head + "x".repeat(size - head.length());
    }

    private String append(String mailbox, int size) throws Exception {
        return c.status("APPEND " + mailbox + " {" + size + "+}\r\n" + message(size));
    }

    @Test
    void advertisedWithoutQuotaSet() throws Exception {
        start(0);
        String caps = c.ok("CAPABILITY").get(0);
        assertThat(caps).contains(" QUOTA ", " QUOTA=RES-STORAGE ").doesNotContain("QUOTASET");
    }

    @Test
    void withoutLimitNoRootAndNoQuota() throws Exception {
        start(0);
        assertThat(c.ok("GETQUOTAROOT INBOX")).containsExactly("* QUOTAROOT \"INBOX\"", "a2 OK GETQUOTAROOT completed");
        assertThat(c.status("GETQUOTA \"User quota\"")).startsWith("a3 NO [NONEXISTENT]");
        assertThat(append("INBOX", 100_000)).startsWith("a4 OK [APPENDUID");
    }

    @Test
    void rootAndUsageInKibibytes() throws Exception {
        start(10 * 1024);
        server.deliver(ALICE, message(1500));
        c.ok("CREATE Work/Projects");
        assertThat(c.ok("GETQUOTAROOT Work/Projects")).containsExactly(
                "* QUOTAROOT \"Work/Projects\" \"User quota\"",
                "* QUOTA \"User quota\" (STORAGE 2 10)",
                "a3 OK GETQUOTAROOT completed");
        assertThat(c.ok("GETQUOTA \"User quota\"")).containsExactly(
                "* QUOTA \"User quota\" (STORAGE 2 10)", "a4 OK GETQUOTA completed");
        assertThat(c.status("GETQUOTA \"\"")).startsWith("a5 NO [NONEXISTENT]");
        assertThat(c.status("GETQUOTAROOT Nowhere")).startsWith("a6 NO [NONEXISTENT]");
        assertThat(c.status("GETQUOTAROOT")).startsWith("a7 BAD");
    }

    @Test
    void setQuotaIsRefusedAfterItsSyntaxIsChecked() throws Exception {
        start(10 * 1024);
        assertThat(c.status("SETQUOTA \"User quota\" (STORAGE 512)")).isEqualTo("a2 NO [NOPERM] quotas are set by the administrator");
        assertThat(c.status("SETQUOTA \"User quota\" (STORAGE)")).startsWith("a3 BAD");
        assertThat(c.status("SETQUOTA \"User quota\" (STORAGE many)")).startsWith("a4 BAD");
        assertThat(c.status("SETQUOTA \"User quota\" STORAGE")).startsWith("a5 BAD");
        assertThat(c.ok("GETQUOTA \"User quota\"")).containsExactly(
                "* QUOTA \"User quota\" (STORAGE 0 10)", "a6 OK GETQUOTA completed");
    }

    @Test
    void appendOverQuotaIsRefusedAfterTheLiteralWhenTheMailboxFilledMeanwhile() throws Exception {
        start(1000);
        String tag = c.newTag();
        c.send(tag + " APPEND INBOX {500}");
        assertThat(c.readLine()).startsWith("+ ");
        // Mail arrives between the announcement, which fitted, and the end of the literal.
        server.deliver(ALICE, message(600));
        c.sendRaw(message(500) + "\r\n");
        assertThat(c.readLine()).isEqualTo(tag + " NO [OVERQUOTA] the storage quota would be exceeded");
        assertThat(c.ok("STATUS INBOX (MESSAGES SIZE)")).first().isEqualTo("* STATUS \"INBOX\" (MESSAGES 1 SIZE 600)");
        // Up to the limit exactly is allowed.
        assertThat(append("INBOX", 400)).startsWith("a4 OK [APPENDUID");
        assertThat(append("INBOX", 1)).startsWith("a5 NO [OVERQUOTA]");
    }

    @Test
    void appendOverQuotaIsRefusedBeforeTheLiteral() throws Exception {
        start(1000);
        server.deliver(ALICE, message(600));
        // RFC 9208 7.1: no continuation request; the client never sends the data.
        assertThat(c.status("APPEND INBOX {500}")).isEqualTo("a2 NO [OVERQUOTA] the message would exceed the storage quota");
        // A non-synchronizing literal's data is skipped; the session stays in step.
        String tag = c.newTag();
        c.send(tag + " APPEND INBOX {500+}");
        c.sendRaw(message(500) + "\r\n");
        assertThat(c.readLine()).isEqualTo(tag + " NO [OVERQUOTA] the message would exceed the storage quota");
        assertThat(c.ok("NOOP")).containsExactly("a4 OK NOOP completed");
        assertThat(c.ok("STATUS INBOX (MESSAGES)")).first().isEqualTo("* STATUS \"INBOX\" (MESSAGES 1)");
    }

    @Test
    void multiappendPastTheQuotaStoresNone() throws Exception {
        start(1000);
        // Each message fits alone; together they do not (RFC 3502: all or none).
        assertThat(c.status("APPEND INBOX {600+}\r\n" + message(600) + " {600+}\r\n" + message(600)))
                .isEqualTo("a2 NO [OVERQUOTA] the storage quota would be exceeded");
        assertThat(c.ok("STATUS INBOX (MESSAGES)")).first().isEqualTo("* STATUS \"INBOX\" (MESSAGES 0)");
        assertThat(c.status("APPEND INBOX {500+}\r\n" + message(500) + " {500+}\r\n" + message(500)))
                .startsWith("a4 OK [APPENDUID");
    }

    @Test
    void copyOverQuotaCopiesNothingMoveStillWorksAndExpungeFreesSpace() throws Exception {
        start(5 * 1024);
        server.deliver(ALICE, message(1500));
        server.deliver(ALICE, message(1500));
        c.ok("SELECT INBOX");
        assertThat(c.status("COPY 1:2 Archive")).isEqualTo("a3 NO [OVERQUOTA] the storage quota would be exceeded");
        assertThat(c.status("UID COPY 1:2 Archive")).startsWith("a4 NO [OVERQUOTA]");
        assertThat(c.ok("STATUS Archive (MESSAGES)")).first().isEqualTo("* STATUS \"Archive\" (MESSAGES 0)");
        assertThat(c.status("COPY 1 Archive")).startsWith("a6 OK [COPYUID");
        assertThat(append("INBOX", 1500)).startsWith("a7 NO [OVERQUOTA]");

        // A user at the limit can still move mail to Trash: one quota root, nothing added.
        assertThat(c.status("MOVE 1:2 Trash")).isEqualTo("a8 OK MOVE completed");
        assertThat(c.ok("GETQUOTA \"User quota\"")).first().isEqualTo("* QUOTA \"User quota\" (STORAGE 5 5)");

        // Expunging frees the space at once.
        c.ok("SELECT Trash");
        c.ok("STORE 1:* +FLAGS.SILENT (\\Deleted)");
        c.ok("EXPUNGE");
        assertThat(c.ok("GETQUOTA \"User quota\"")).first().isEqualTo("* QUOTA \"User quota\" (STORAGE 2 5)");
        assertThat(append("INBOX", 1500)).startsWith("a14 OK [APPENDUID");
        assertThat(c.ok("GETQUOTA \"User quota\"")).first().isEqualTo("* QUOTA \"User quota\" (STORAGE 3 5)");

        // DELETE of a mailbox frees its messages' space too.
        c.ok("DELETE Archive");
        assertThat(c.ok("GETQUOTA \"User quota\"")).first().isEqualTo("* QUOTA \"User quota\" (STORAGE 2 5)");
    }
}
