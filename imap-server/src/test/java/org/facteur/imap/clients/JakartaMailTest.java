package org.facteur.imap.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.facteur.imap.support.TestServer.ALICE;
import static org.facteur.imap.support.TestServer.PASSWORD;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.SubjectTerm;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.facteur.imap.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Angus Mail's IMAP provider (Jakarta Mail) against the server, over implicit TLS and STARTTLS. */
class JakartaMailTest {

    /** Bytes a client must get back exactly: a CRLF-only message with a dot line, 8-bit text and no final CRLF. */
    static final byte[] MESSAGE = ("From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: round trip\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "Grüße\r\n.\r\nlast line").getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    final TestServer server = TestServer.perTest();
    Store store;

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    Store connect(String protocol, int port, boolean startTls) throws Exception {
        Properties p = new Properties();
        p.put("mail." + protocol + ".host", "127.0.0.1");
        p.put("mail." + protocol + ".port", Integer.toString(port));
        p.put("mail." + protocol + ".ssl.socketFactory", TestServer.clientTls().getSocketFactory());
        p.put("mail." + protocol + ".ssl.checkserveridentity", "false");
        p.put("mail." + protocol + ".connectiontimeout", "10000");
        p.put("mail." + protocol + ".timeout", "10000");
        if (startTls) {
            p.put("mail." + protocol + ".starttls.enable", "true");
            p.put("mail." + protocol + ".starttls.required", "true");
        }
        store = Session.getInstance(p).getStore(protocol);
        store.connect("127.0.0.1", port, ALICE, PASSWORD);
        return store;
    }

    @Test
    void appendThenReadBackByteExact() throws Exception {
        connect("imaps", server.imapsPort(), false);
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        MimeMessage message = new MimeMessage(null, new ByteArrayInputStream(MESSAGE));
        jakarta.mail.internet.MimeMessage[] appended = {message};
        var uids = inbox.appendUIDMessages(appended);
        assertThat(uids[0].uid).isEqualTo(1);
        assertThat(uids[0].uidvalidity).isEqualTo(server.store().mailbox(ALICE, "INBOX").orElseThrow().uidValidity());
        Message read = inbox.getMessageByUID(1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        read.writeTo(bytes);
        assertThat(bytes.toByteArray()).isEqualTo(MESSAGE);
        assertThat(read.getSubject()).isEqualTo("round trip");
        assertThat(read.getSize()).isEqualTo(MESSAGE.length);
        assertThat(((String) read.getContent()).replace("\r\n", "\n")).isEqualTo("Grüße\n.\nlast line");
    }

    @Test
    void foldersOverStartTls() throws Exception {
        connect("imap", server.imapPort(), true);
        Folder root = store.getDefaultFolder();
        assertThat(Arrays.stream(root.list()).map(Folder::getFullName))
                .contains("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
        Folder work = store.getFolder("Work/Clients");
        assertThat(work.create(Folder.HOLDS_MESSAGES)).isTrue();
        assertThat(store.getFolder("Work").exists()).isTrue();
        assertThat(Arrays.stream(store.getFolder("Work").list()).map(Folder::getName)).containsExactly("Clients");
        assertThat(work.renameTo(store.getFolder("Work/Customers"))).isTrue();
        assertThat(store.getFolder("Work/Customers").exists()).isTrue();
        assertThat(store.getFolder("Work/Customers").delete(false)).isTrue();
        assertThat(store.getFolder("Work/Clients").exists()).isFalse();
    }

    @Test
    void flagsCopySearchAndExpunge() throws Exception {
        for (int i = 1; i <= 4; i++) {
            server.deliver(ALICE, "Subject: note " + i + "\r\n\r\nbody " + i + "\r\n");
        }
        connect("imaps", server.imapsPort(), false);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        assertThat(inbox.getMessageCount()).isEqualTo(4);
        assertThat(inbox.getUnreadMessageCount()).isEqualTo(4);
        inbox.getMessage(2).setFlag(Flags.Flag.SEEN, true);
        inbox.getMessage(3).setFlags(new Flags("$Important"), true);
        assertThat(inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))).extracting(Message::getMessageNumber)
                .containsExactly(1, 3, 4);
        assertThat(inbox.search(new SubjectTerm("note 4"))).extracting(Message::getMessageNumber).containsExactly(4);
        assertThat(inbox.getMessage(3).getFlags().contains("$Important")).isTrue();
        inbox.copyMessages(new Message[] {inbox.getMessage(1), inbox.getMessage(2)}, store.getFolder("Archive"));
        assertThat(store.getFolder("Archive").getMessageCount()).isEqualTo(2);
        inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
        Message[] expunged = inbox.expunge();
        assertThat(expunged).hasSize(1);
        assertThat(inbox.getMessageCount()).isEqualTo(3);
        assertThat(((UIDFolder) inbox).getUID(inbox.getMessage(1))).isEqualTo(2);
        inbox.close(false);
    }
}
