package org.facteur.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.facteur.db.Database;
import org.facteur.directory.Directory;
import org.facteur.distribution.Main;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.maildir.MaildirStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The admin commands run in this JVM against a real data directory. */
class CliTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run run(String stdin, String... args) {
        CommandLine facteur = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        facteur.setOut(new PrintWriter(out, true));
        facteur.setErr(new PrintWriter(err, true));
        InputStream savedIn = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return new Run(facteur.execute(args), out.toString(), err.toString());
        } finally {
            System.setIn(savedIn);
        }
    }

    private Run admin(String... args) {
        return run("", withData(args));
    }

    private String[] withData(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data";
        all[args.length + 1] = dir.resolve("data").toString();
        return all;
    }

    private static void assertOk(Run run) {
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
    }

    private static void assertOneLineError(Run run, int exit, String line) {
        assertThat(run.exit()).isEqualTo(exit);
        assertThat(run.err()).isEqualTo(line + System.lineSeparator());
    }

    @Test
    void domainsAreAddedListedAndRemoved() {
        assertOk(admin("domain", "add", "Example.TEST"));
        assertOk(admin("domain", "add", "other.test"));

        assertThat(admin("domain", "list").out().lines()).containsExactly("example.test", "localhost", "other.test");
        assertOk(admin("domain", "remove", "other.test"));
        assertOk(admin("domain", "remove", "localhost"));
        assertThat(admin("domain", "list").out().lines()).containsExactly("example.test");
    }

    @Test
    void aNewDataDirectoryGetsTheDomainLocalhostOnce() {
        assertThat(admin("domain", "list").out().lines()).containsExactly("localhost");
        assertOk(admin("domain", "remove", "localhost"));

        assertThat(admin("domain", "list").out()).isEmpty();
    }

    @Test
    void aUserGetsThePasswordFromStdinWithoutItsLineEndingAndTheDefaultFolders() {
        assertOk(admin("domain", "add", "example.test"));

        Run add = run("s3cret pass\r\n", withData("user", "add", "Alice@Example.test", "--password-stdin"));

        assertOk(add);
        assertThat(add.out()).contains("alice@example.test");
        assertThat(admin("user", "list").out().strip()).isEqualTo("alice@example.test");
        try (Database db = Database.open(dir.resolve("data"))) {
            assertThat(new Directory(db).authenticate("alice@example.test", "s3cret pass".toCharArray())).isPresent();
        }
        try (MaildirStore store = MaildirStore.openShared(dir.resolve("data"))) {
            assertThat(store.mailboxes("alice@example.test")).extracting(MailboxInfo::name)
                    .contains("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
        }
    }

    @Test
    void passwdChangesThePasswordAndRemoveDeletesTheMail() {
        assertOk(admin("domain", "add", "example.test"));
        assertOk(run("one\n", withData("user", "add", "bob@example.test", "--password-stdin")));
        assertOk(run("two\n", withData("user", "passwd", "BOB@example.test", "--password-stdin")));
        try (Database db = Database.open(dir.resolve("data"))) {
            assertThat(new Directory(db).authenticate("bob@example.test", "two".toCharArray())).isPresent();
        }
        assertThat(dir.resolve("data/mail/example.test/bob")).isDirectory();

        assertOk(admin("user", "remove", "Bob@Example.Test"));

        assertThat(admin("user", "list").out()).isEmpty();
        assertThat(dir.resolve("data/mail/example.test/bob")).doesNotExist();
    }

    @Test
    void withoutPasswordStdinAndWithoutConsoleUserAddFailsClearly() {
        assertOk(admin("domain", "add", "example.test"));

        assertOneLineError(admin("user", "add", "carol@example.test"), 1,
                "facteur: no console to type the password on: pipe it in with --password-stdin");
        assertThat(admin("user", "list").out()).isEmpty();
    }

    @Test
    void anEmptyPasswordIsRefused() {
        assertOk(admin("domain", "add", "example.test"));

        assertOneLineError(run("\n", withData("user", "add", "dave@example.test", "--password-stdin")), 1,
                "facteur: the password is empty");
    }

    @Test
    void aliasesAreAddedListedAndRemoved() {
        assertOk(admin("domain", "add", "example.test"));
        assertOk(run("pw\n", withData("user", "add", "alice@example.test", "--password-stdin")));

        assertOk(admin("alias", "add", "team@example.test", "alice@example.test,bob@remote.test"));
        assertOk(admin("alias", "add", "@example.test", "alice@example.test"));

        assertThat(admin("alias", "list").out().lines()).containsExactly(
                "@example.test -> alice@example.test", "team@example.test -> alice@example.test,bob@remote.test");
        assertOk(admin("alias", "remove", "team@example.test", "bob@remote.test"));
        assertOk(admin("alias", "remove", "@example.test"));
        assertThat(admin("alias", "list").out().lines()).containsExactly("team@example.test -> alice@example.test");
    }

    @Test
    void directoryErrorsAreOneLine() {
        assertOneLineError(admin("domain", "remove", "nowhere.test"), 1, "facteur: There is no domain nowhere.test.");
        assertOneLineError(admin("user", "remove", "x@nowhere.test"), 1, "facteur: There is no user x@nowhere.test.");
    }

    @Test
    void aBadConfigurationIsExitCode2WithTheFileAndLine() throws Exception {
        Path config = dir.resolve("facteur.conf");
        Files.writeString(config, "# test\nhostname = mail.example.test\nqueue.max_age = 5x\n");

        assertOneLineError(run("", "domain", "list", "--config", config.toString()), 2,
                config + ":3: queue.max_age: \"5x\" is not a duration (use a number with s, m, h or d)");
    }

    @Test
    void aMissingConfigurationFileIsExitCode2() {
        Path config = dir.resolve("missing.conf");

        assertOneLineError(run("", "user", "list", "--config", config.toString()), 2, config + ": no such configuration file");
    }

    @Test
    void dataOnTheCommandLineWinsOverTheFile() throws Exception {
        Path config = dir.resolve("facteur.conf");
        Files.writeString(config, "data = elsewhere\n");

        assertOk(run("", "domain", "add", "example.test", "--config", config.toString(), "--data", dir.resolve("data").toString()));

        assertThat(dir.resolve("data")).isDirectory();
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void reindexPrintsItsReport() {
        assertOk(admin("domain", "add", "example.test"));

        Run reindex = admin("reindex");

        assertOk(reindex);
        assertThat(reindex.out()).startsWith("reindexed " + dir.resolve("data").toAbsolutePath());
    }

    @Test
    void domainAddMakesTheDkimKeyAndDnsPrintsTheRecordsToPublish() throws Exception {
        assertThat(admin("domain", "add", "Example.TEST").out()).isEqualTo("added domain example.test; its DNS records: "
                + "facteur dns example.test" + System.lineSeparator());
        Path key = dir.resolve("data/dkim/example.test/facteur.key");
        String made = Files.readString(key);
        assertThat(made).startsWith("-----BEGIN PRIVATE KEY-----\n");

        Run dns = admin("dns", "example.test");
        assertOk(dns);
        String publicKey = org.facteur.smtp.dkim.DkimKeys.in(dir.resolve("data")).publicRecord("example.test").orElseThrow();
        String[] lines = dns.out().split("\\R");
        assertThat(lines[1]).matches("example\\.test\\. IN MX 10 [a-z0-9.-]+\\.");
        assertThat(lines[2]).isEqualTo("example.test. IN TXT \"v=spf1 mx -all\"");
        // The key in 255-octet strings (RFC 1035 3.3.14), which resolvers join back together.
        assertThat(lines[3]).startsWith("facteur._domainkey.example.test. IN TXT \"v=DKIM1; k=rsa; p=");
        assertThat(lines[3].substring(lines[3].indexOf('"')).replace("\" \"", "").replace("\"", "")).isEqualTo(publicKey);
        assertThat(lines[4]).isEqualTo("_dmarc.example.test. IN TXT \"v=DMARC1; p=quarantine; "
                + "rua=mailto:postmaster@example.test\"");
        assertThat(Files.readString(key)).as("the key is kept, not made again").isEqualTo(made);

        assertOneLineError(admin("dns", "elsewhere.test"), ExitCodes.FAILURE,
                "facteur: dns: elsewhere.test is not a local domain (facteur domain add elsewhere.test)");
    }

    @Test
    void aBadCommandLineIsExitCode2WithOneLine() {
        Run run = admin("domain", "add");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("facteur: Missing required parameter: 'DOMAIN' (see: facteur domain add --help)"
                + System.lineSeparator());
        assertThat(run("", "frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void withoutACommandTheUsageGoesToStderr() {
        Run run = run("");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: facteur").contains("serve").contains("alias");
    }
}
