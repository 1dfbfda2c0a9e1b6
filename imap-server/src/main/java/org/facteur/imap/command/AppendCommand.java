package org.facteur.imap.command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.session.ImapSession;
import org.facteur.imap.session.SessionState;
import org.facteur.mailbox.AppendResult;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MailboxInfo;

/**
 * RFC 3501 6.3.11 APPEND: {@code APPEND mailbox [flags] [date-time] literal}, answered with
 * APPENDUID (RFC 4315); a missing mailbox is NO [TRYCREATE], a message over APPENDLIMIT is
 * NO [TOOBIG] (RFC 7889). Large literals arrive spooled to a file by the decoder.
 */
final class AppendCommand implements CommandHandler {

    /** RFC 3501 9 date-time: "dd-Mon-yyyy hh:mm:ss +zzzz", the day possibly space-padded. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy HH:mm:ss Z")
            .toFormatter(Locale.ENGLISH);

    @Override
    public Set<SessionState> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public Reply handle(ImapSession session, Request request) {
        request.expect(2, 4);
        List<Arg> args = request.args();
        Arg message = args.get(args.size() - 1);
        if (!(message instanceof Arg.Spooled) && !(message instanceof Arg.Str str && str.literal())) {
            throw new BadCommandException("APPEND: the message must be a literal");
        }
        Flags flags = Flags.NONE;
        Instant date = Instant.now();
        for (int i = 1; i < args.size() - 1; i++) {
            Arg arg = args.get(i);
            if (arg instanceof Arg.Group) {
                flags = FlagList.parse(List.of(arg));
            } else if (arg instanceof Arg.Str str && !str.literal()) {
                date = parseDate(str.utf8());
            } else {
                throw new BadCommandException("APPEND: expected flags or a date-time");
            }
        }
        long size = message instanceof Arg.Spooled spooled ? spooled.length() : ((Arg.Str) message).bytes().length;
        if (size > session.resources().settings().appendLimit()) {
            return Reply.no("[TOOBIG] message larger than APPENDLIMIT");
        }
        MailboxInfo mailbox = Mailboxes.find(session, request.arg(0), "TRYCREATE");
        Reply overQuota = QuotaRoot.refusal(session, size);
        if (overQuota != null) {
            return overQuota;
        }
        AppendResult result;
        try (InputStream in = open(message)) {
            result = session.store().append(mailbox.id(), in, flags, date);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Reply.ok("[APPENDUID " + result.uidValidity() + " " + result.uid() + "] APPEND completed");
    }

    private static InputStream open(Arg message) throws IOException {
        if (message instanceof Arg.Spooled spooled) {
            return Files.newInputStream(spooled.file());
        }
        return new ByteArrayInputStream(((Arg.Str) message).bytes());
    }

    static Instant parseDate(String text) {
        try {
            return OffsetDateTime.parse(text.strip(), DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadCommandException("bad date-time " + text);
        }
    }
}
