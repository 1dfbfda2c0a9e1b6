package org.facteur.pop3.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.pop3.support.TestServer.ALICE;
import static org.facteur.pop3.support.TestServer.ALICE_PASSWORD;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.eclipse.angus.mail.pop3.POP3Folder;
import org.facteur.pop3.support.TestServer;
import org.facteur.pop3.support.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

/** Jakarta Mail's POP3 client (Angus) over STLS and over implicit TLS, retrieving byte-exact. */
class JakartaMailTest {

    @TempDir
    Path dataDir;

    TestServer server;
    final List<byte[]> messages = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new TestServer(dataDir).start();
        messages.add(("From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: hello\r\n"
                + "Message-ID: <1@example.org>\r\n\r\nHi Alice,\r\n.\r\n..two dots\r\nBye.\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        StringBuilder big = new StringBuilder("Subject: big\r\nMIME-Version: 1.0\r\n\r\n");
        for (int i = 0; big.length() < 3_000_000; i++) {
            big.append(i % 7 == 0 ? "." : "").append("line ").append(i).append(" of a large message\r\n");
        }
        messages.add(big.toString().getBytes(StandardCharsets.US_ASCII));
        messages.add("Subject: caf\u00e9\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\u00e9t\u00e9\r\n"
                .getBytes(StandardCharsets.UTF_8));
        messages.forEach(m -> server.deliver(ALICE, m));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Store connect(String protocol, int port, boolean startTls) throws Exception {
        Properties p = new Properties();
        p.put("mail." + protocol + ".host", "127.0.0.1");
        p.put("mail." + protocol + ".port", Integer.toString(port));
        p.put("mail." + protocol + ".ssl.socketFactory", TestTls.get().clientContext().getSocketFactory());
        p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        p.put("mail." + protocol + ".connectiontimeout", "10000");
        p.put("mail." + protocol + ".timeout", "10000");
        if (startTls) {
            p.put("mail." + protocol + ".starttls.enable", "true");
            p.put("mail." + protocol + ".starttls.required", "true");
        }
        Store store = Session.getInstance(p).getStore(protocol);
        store.connect("127.0.0.1", port, ALICE, ALICE_PASSWORD);
        return store;
    }

    @Test
    void retrievesByteExactOverStls() throws Exception {
        retrieveAndCompare(connect("pop3", server.pop3Port(), true));
    }

    @Test
    void retrievesByteExactOverImplicitTls() throws Exception {
        retrieveAndCompare(connect("pop3s", server.pop3sPort(), false));
    }

    private void retrieveAndCompare(Store store) throws Exception {
        try (store) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] got = inbox.getMessages();
            assertThat(got).hasSize(messages.size());
            for (int i = 0; i < got.length; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                got[i].writeTo(out);
                assertThat(out.toByteArray()).as("message %d", i + 1).isEqualTo(messages.get(i));
            }
            POP3Folder pop3 = (POP3Folder) inbox;
            String uid = pop3.getUID(got[0]);
            long validity = server.store().mailbox(ALICE, "INBOX").orElseThrow().uidValidity();
            assertThat(uid).startsWith(validity + ".");
            got[0].setFlag(Flags.Flag.DELETED, true);
            inbox.close(true); // DELE, then QUIT
        }
        assertThat(server.store().messages(server.inbox(ALICE))).hasSize(messages.size() - 1);
    }
}
