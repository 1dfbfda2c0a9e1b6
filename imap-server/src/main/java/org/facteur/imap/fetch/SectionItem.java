package org.facteur.imap.fetch;

import org.facteur.imap.protocol.ImapWriter;

/**
 * A FETCH item served from message bytes: {@code BODY[section]<partial>}, {@code BODY.PEEK[...]},
 * and the RFC 822 forms, which RFC 3501 6.4.5 defines as BODY sections under their own names.
 *
 * @param name the response item name without its partial ({@code BODY[1.MIME]}, {@code RFC822.TEXT})
 * @param partial null when the whole section is asked for
 */
record SectionItem(String name, Section section, Partial partial, boolean marksSeen) implements FetchItem {

    /** RFC 3501 6.4.5: RFC822 is BODY[], and sets \Seen. */
    static final SectionItem RFC822 = new SectionItem("RFC822", Section.WHOLE, null, true);
    /** RFC 3501 6.4.5: RFC822.HEADER is BODY.PEEK[HEADER]. */
    static final SectionItem RFC822_HEADER = new SectionItem("RFC822.HEADER", Section.HEADER, null, false);
    /** RFC 3501 6.4.5: RFC822.TEXT is BODY[TEXT], and sets \Seen. */
    static final SectionItem RFC822_TEXT = new SectionItem("RFC822.TEXT", Section.TEXT, null, true);

    /** BODY[section] (sets \Seen) or BODY.PEEK[section] (does not); both answer as BODY[section] (RFC 3501 7.4.2). */
    static SectionItem body(Section section, Partial partial, boolean peek) {
        return new SectionItem("BODY[" + section.responseText() + "]", section, partial, !peek);
    }

    @Override
    public void write(ImapWriter out, FetchSource message) {
        out.raw(name);
        if (partial != null) {
            // RFC 3501 7.4.2: the response gives the origin only ("BODY[]<0>").
            out.raw("<").number(partial.origin()).raw(">");
        }
        out.raw(" ");
        SectionReader.write(out, message, section, partial);
    }

    @Override
    public String key() {
        return partial == null ? name : name + "<" + partial.origin() + "." + partial.count() + ">";
    }

    @Override
    public boolean needsSummary() {
        return section.needsSummary();
    }
}
