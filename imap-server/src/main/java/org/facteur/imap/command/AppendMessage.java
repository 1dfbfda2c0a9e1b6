package org.facteur.imap.command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.mailbox.Flags;

/**
 * One message of an APPEND: its flags, internal date and content, the content a literal, a
 * spooled literal or a literal8 (RFC 3516 4.4), or the parts of a CATENATE (RFC 4469 5) still to
 * be joined ({@code content} null until then).
 */
record AppendMessage(Flags flags, Instant date, Arg content, Arg.Group catenate) {

    /** RFC 3501 9 date-time: "dd-Mon-yyyy hh:mm:ss +zzzz", the day possibly space-padded. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy HH:mm:ss Z")
            .toFormatter(Locale.ENGLISH);

    /**
     * RFC 3502 6.3.11: {@code append = "APPEND" SP mailbox 1*append-message}, each
     * {@code append-message = [SP flag-list] [SP date-time] SP append-data}, the data a literal or
     * (RFC 4469 5) {@code "CATENATE" SP "(" cat-part *(SP cat-part) ")"}. {@code args} are the
     * arguments after the mailbox name.
     */
    static List<AppendMessage> parseAll(List<Arg> args) {
        List<AppendMessage> messages = new ArrayList<>();
        Flags flags = null;
        Instant date = null;
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            Arg content = null;
            Arg.Group catenate = null;
            if (isContent(arg)) {
                content = arg;
            } else if (arg instanceof Arg.Atom atom && atom.is("CATENATE") && i + 1 < args.size()
                    && args.get(i + 1) instanceof Arg.Group parts) {
                Catenation.checkSyntax(parts);
                catenate = parts;
                i++;
            } else if (arg instanceof Arg.Group && flags == null && date == null) {
                flags = FlagList.parse(List.of(arg));
                continue;
            } else if (arg instanceof Arg.Str str && !str.literal() && date == null) {
                date = parseDate(str.utf8());
                continue;
            } else {
                throw new BadCommandException("APPEND: expected flags, a date-time, a literal or CATENATE");
            }
            messages.add(new AppendMessage(flags == null ? Flags.NONE : flags, date == null ? Instant.now() : date,
                    content, catenate));
            flags = null;
            date = null;
        }
        if (messages.isEmpty() || flags != null || date != null) {
            throw new BadCommandException("APPEND: the message must be a literal");
        }
        return messages;
    }

    static boolean isContent(Arg arg) {
        return arg instanceof Arg.Spooled || arg instanceof Arg.Literal8
                || (arg instanceof Arg.Str str && str.literal());
    }

    /** Whether the message or one of its CATENATE TEXT parts came as a literal8 (RFC 3516 4.4). */
    boolean binary() {
        return content instanceof Arg.Literal8
                || catenate != null && catenate.items().stream().anyMatch(Arg.Literal8.class::isInstance);
    }

    /** This message with its catenated or converted content, ready to store. */
    AppendMessage withContent(Arg built) {
        return new AppendMessage(flags, date, built, null);
    }

    static Instant parseDate(String text) {
        try {
            return OffsetDateTime.parse(text.strip(), DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadCommandException("bad date-time " + text);
        }
    }

    long size() {
        Arg data = data(content);
        return data instanceof Arg.Spooled spooled ? spooled.length() : ((Arg.Str) data).bytes().length;
    }

    InputStream open() throws IOException {
        return open(content);
    }

    /** The bytes of a literal, spooled literal or literal8. */
    static InputStream open(Arg content) throws IOException {
        Arg data = data(content);
        if (data instanceof Arg.Spooled spooled) {
            return Files.newInputStream(spooled.file());
        }
        return new ByteArrayInputStream(((Arg.Str) data).bytes());
    }

    /** The literal inside a literal8, else the argument itself. */
    static Arg data(Arg content) {
        return content instanceof Arg.Literal8 binary ? binary.data() : content;
    }
}
