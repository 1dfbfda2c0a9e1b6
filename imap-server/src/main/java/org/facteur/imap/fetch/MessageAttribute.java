package org.facteur.imap.fetch;

import java.time.ZoneId;
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
            // The zone SEARCH's BEFORE, ON and SINCE take the day in (SearchRequest.parse): the
            // client compares the day it was shown (RFC 3501 6.4.4).
            out.raw("\"").raw(INTERNAL_DATE.withZone(ZoneId.systemDefault()).format(message.record().internalDate()))
                    .raw("\"");
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
     * DQUOTE, the day padded with a space. The store keeps an instant, not the zone APPEND gave
     * (RFC 3501 2.3.3 asks for the date and time, not the zone), so it is written in the
     * server's zone, with that zone's offset at that instant.
     */
    private static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("ppd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

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
