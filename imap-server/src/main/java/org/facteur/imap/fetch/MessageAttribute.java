package org.facteur.imap.fetch;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.facteur.imap.protocol.ImapWriter;
import org.facteur.mailbox.SystemFlag;

/** The FETCH items that are not message bytes: flags, dates, sizes, ids and structures (RFC 3501 6.4.5, 7.4.2). */
enum MessageAttribute implements FetchItem {

    FLAGS("FLAGS", false) {
        @Override
        void value(ImapWriter out, FetchSource message) {
            StringBuilder flags = new StringBuilder("(");
            for (SystemFlag flag : message.record().flags().systemFlags()) {
                flags.append(flags.length() > 1 ? " " : "").append(flag.imapName());
            }
            if (message.recent()) {
                flags.append(flags.length() > 1 ? " " : "").append("\\Recent");
            }
            for (String keyword : message.record().flags().keywords()) {
                flags.append(flags.length() > 1 ? " " : "").append(keyword);
            }
            out.raw(flags.append(')').toString());
        }
    },
    INTERNALDATE("INTERNALDATE", false) {
        @Override
        void value(ImapWriter out, FetchSource message) {
            out.raw("\"").raw(INTERNAL_DATE.format(message.record().internalDate())).raw("\"");
        }
    },
    RFC822_SIZE("RFC822.SIZE", false) {
        @Override
        void value(ImapWriter out, FetchSource message) {
            out.number(message.record().size());
        }
    },
    UID("UID", false) {
        @Override
        void value(ImapWriter out, FetchSource message) {
            out.number(message.record().uid());
        }
    },
    /** RFC 7162 3.1.4.2: "MODSEQ" SP "(" permsg-modsequence ")". */
    MODSEQ("MODSEQ", false) {
        @Override
        void value(ImapWriter out, FetchSource message) {
            out.raw("(").number(message.record().modSeq()).raw(")");
        }
    },
    ENVELOPE("ENVELOPE", true) {
        @Override
        void value(ImapWriter out, FetchSource message) {
            EnvelopeWriter.write(out, message.summary().envelope());
        }
    },
    BODY("BODY", true) {
        @Override
        void value(ImapWriter out, FetchSource message) {
            BodyStructureWriter.write(out, message.summary().root(), false);
        }
    },
    BODYSTRUCTURE("BODYSTRUCTURE", true) {
        @Override
        void value(ImapWriter out, FetchSource message) {
            BodyStructureWriter.write(out, message.summary().root(), true);
        }
    };

    /**
     * RFC 3501 9: date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone
     * DQUOTE, the day padded with a space. The store keeps an instant (APPEND's zone is not
     * kept), so it is written in UTC.
     */
    private static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("ppd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String itemName;
    private final boolean needsSummary;

    MessageAttribute(String itemName, boolean needsSummary) {
        this.itemName = itemName;
        this.needsSummary = needsSummary;
    }

    /** The item's name in a request and in a response. */
    String itemName() {
        return itemName;
    }

    abstract void value(ImapWriter out, FetchSource message);

    @Override
    public void write(ImapWriter out, FetchSource message) {
        out.raw(itemName).raw(" ");
        value(out, message);
    }

    @Override
    public String key() {
        return itemName;
    }

    @Override
    public boolean needsSummary() {
        return needsSummary;
    }

    @Override
    public boolean marksSeen() {
        return false;
    }
}
