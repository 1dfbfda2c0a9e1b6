package org.facteur.imap.command;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.facteur.imap.fetch.SectionBytes;
import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.MailboxNames;
import org.facteur.imap.session.ImapSession;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.UidSet;

/**
 * Builds the message of a CATENATE (RFC 4469 5): {@code TEXT} literals and {@code URL}s of
 * messages or sections in the user's own mailboxes, joined in order into a spooled file, so a
 * forwarded attachment is copied from file to file, never held in memory. A URL that does not
 * resolve is NO [BADURL url]; a result over APPENDLIMIT is NO [TOOBIG] (RFC 4469 5, RFC 7889).
 */
final class Catenation {

    private Catenation() {
    }

    /** RFC 4469 5: "CATENATE" SP "(" cat-part *(SP cat-part) ")", cat-part = "TEXT" SP literal / "URL" SP url. */
    static void checkSyntax(Arg.Group parts) {
        List<Arg> items = parts.items();
        if (items.isEmpty() || items.size() % 2 != 0) {
            throw new BadCommandException("CATENATE takes TEXT literal and URL url pairs");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Arg kind = items.get(i);
            Arg value = items.get(i + 1);
            boolean text = kind instanceof Arg.Atom atom && atom.is("TEXT") && AppendMessage.isContent(value);
            boolean url = kind instanceof Arg.Atom atom && atom.is("URL")
                    && (value instanceof Arg.Atom || value instanceof Arg.Str);
            if (!text && !url) {
                throw new BadCommandException("CATENATE: expected TEXT literal or URL url, got " + kind);
            }
        }
    }

    /** The catenated message as a spooled literal; the caller deletes its file. */
    static Arg.Spooled build(ImapSession session, Arg.Group parts, Path spoolDirectory, long limit) {
        Path file;
        try {
            file = Files.createTempFile(spoolDirectory, "imap-catenate-", ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a catenated message", e);
        }
        try {
            long size;
            try (Limited out = new Limited(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024), limit)) {
                List<Arg> items = parts.items();
                for (int i = 0; i < items.size(); i += 2) {
                    if (((Arg.Atom) items.get(i)).is("TEXT")) {
                        try (InputStream in = AppendMessage.open(items.get(i + 1))) {
                            in.transferTo(out);
                        }
                    } else {
                        copyUrl(session, Arg.text(items.get(i + 1)), out);
                    }
                }
                size = out.written;
            }
            return new Arg.Spooled(file, size);
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException("cannot spool a catenated message", e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    private static void copyUrl(ImapSession session, String text, OutputStream out) throws IOException {
        ImapUrl url = ImapUrl.parse(text);
        MailboxInfo mailbox = MailboxNames.lookup(new Arg.Str(url.mailbox().getBytes(java.nio.charset.StandardCharsets.UTF_8), false))
                .flatMap(name -> session.store().mailbox(session.user(), name))
                .orElseThrow(() -> ImapUrl.bad(text, "no such mailbox"));
        if (url.uidValidity() != 0 && url.uidValidity() != mailbox.uidValidity()) {
            throw ImapUrl.bad(text, "UIDVALIDITY has changed");
        }
        List<MessageRecord> found = session.store().messages(mailbox.id(), UidSet.of(url.uid()));
        if (found.isEmpty()) {
            throw ImapUrl.bad(text, "no such message");
        }
        SectionBytes section;
        try {
            section = SectionBytes.parse(url.section(), url.partial());
        } catch (BadCommandException e) {
            throw ImapUrl.bad(text, "bad SECTION");
        }
        if (!section.copy(new StoredMessage(session.store(), mailbox.id(), found.get(0)), out)) {
            throw ImapUrl.bad(text, "no such section");
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover in the spool directory, which nothing refers to.
        }
    }

    /** Counts what is written and refuses more than the limit. */
    private static final class Limited extends FilterOutputStream {
        private final long limit;
        long written;

        Limited(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(long n) {
            written += n;
            if (written > limit) {
                throw new CommandFailed("[TOOBIG] the catenated message is larger than APPENDLIMIT");
            }
        }
    }
}
