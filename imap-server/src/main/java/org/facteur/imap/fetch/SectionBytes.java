package org.facteur.imap.fetch;

import java.io.IOException;
import java.io.OutputStream;

import org.facteur.imap.protocol.BadCommandException;

/**
 * A section of a message named outside FETCH, as an IMAP URL's {@code ;SECTION=} and
 * {@code ;PARTIAL=} name it (RFC 5092 3; CATENATE, RFC 4469): the same bytes BODY[section]&lt;partial&gt;
 * would give.
 */
public final class SectionBytes {

    private final Section section;
    private final Partial partial;

    private SectionBytes(Section section, Partial partial) {
        this.section = section;
        this.partial = partial;
    }

    /**
     * @param spec    a section-spec as in BODY[...], empty for the whole message
     * @param partial "origin" or "origin.length", or null
     * @throws BadCommandException when either breaks the grammar
     */
    public static SectionBytes parse(String spec, String partial) {
        String item = "BODY[" + spec + "]";
        String tail = "[" + spec + "]";
        if (partial != null) {
            tail += "<" + (partial.contains(".") ? partial : partial + "." + 0xFFFF_FFFFL) + ">";
        }
        SectionItem parsed = SectionParser.parse(item, tail, true);
        return new SectionBytes(parsed.section(), parsed.partial());
    }

    /** Copies the section's bytes; false, having copied nothing, when the message has no such section. */
    public boolean copy(FetchSource message, OutputStream out) throws IOException {
        return SectionReader.copy(message, section, partial, out);
    }
}
