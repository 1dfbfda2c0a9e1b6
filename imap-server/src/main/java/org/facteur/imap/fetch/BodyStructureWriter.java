package org.facteur.imap.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.facteur.imap.protocol.ImapWriter;
import org.facteur.mailbox.mime.ContentFields;
import org.facteur.mailbox.mime.Disposition;
import org.facteur.mailbox.mime.MimePart;
import org.facteur.mailbox.mime.Parameter;

/**
 * Writes BODY and BODYSTRUCTURE (RFC 3501 7.4.2; grammar in RFC 3501 9, "body"), from the
 * structure computed at append. BODYSTRUCTURE adds the extension data; BODY leaves it out, at
 * every level of nesting.
 *
 * <p>Type, subtype, encoding, disposition type and parameter names are case-insensitive tokens
 * (RFC 2045 5.1, 6.1; RFC 2183 2): they go out upper-cased as in the examples of RFC 3501 7.4.2.
 * Parameter values and every other string go out as written.
 */
final class BodyStructureWriter {

    private final ImapWriter out;
    private final boolean extensions;

    private BodyStructureWriter(ImapWriter out, boolean extensions) {
        this.out = out;
        this.extensions = extensions;
    }

    /** BODYSTRUCTURE with {@code extensions}, BODY without. */
    static void write(ImapWriter out, MimePart part, boolean extensions) {
        new BodyStructureWriter(out, extensions).body(part);
    }

    private void body(MimePart part) {
        out.raw("(");
        if (part.isMultipart()) {
            multipart(part);
        } else {
            singlePart(part);
        }
        out.raw(")");
    }

    /** RFC 3501 9: body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]. */
    private void multipart(MimePart part) {
        for (MimePart child : part.children()) {
            body(child);
        }
        ContentFields content = part.content();
        out.raw(" ").string(upper(content.subtype()));
        if (extensions) {
            // RFC 3501 9: body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
            out.raw(" ");
            parameters(content.parameters());
            dispositionLanguageLocation(content);
        }
    }

    /**
     * RFC 3501 9: body-type-1part = (body-type-basic / body-type-msg / body-type-text)
     * [SP body-ext-1part]; message/rfc822 adds envelope, body and lines, text/* adds lines.
     */
    private void singlePart(MimePart part) {
        ContentFields content = part.content();
        out.string(upper(content.type())).raw(" ").string(upper(content.subtype())).raw(" ");
        parameters(isText(content) ? withDefaultCharset(content) : content.parameters());
        out.raw(" ").nstring(content.id());
        out.raw(" ").nstring(content.description());
        out.raw(" ").string(upper(content.encoding()));
        out.raw(" ").number(part.bodySize());
        if (part.isMessage()) {
            out.raw(" ");
            EnvelopeWriter.write(out, part.embedded().envelope());
            out.raw(" ");
            body(part.embedded().root());
            out.raw(" ").number(part.bodyLines());
        } else if (isText(content)) {
            out.raw(" ").number(part.bodyLines());
        }
        if (extensions) {
            // RFC 3501 9: body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc]]]
            out.raw(" ").nstring(content.md5());
            dispositionLanguageLocation(content);
        }
    }

    /** The extension fields both kinds share; all of them, NIL when absent, as Dovecot sends them. */
    private void dispositionLanguageLocation(ContentFields content) {
        out.raw(" ");
        disposition(content.disposition());
        out.raw(" ");
        languages(content.languages());
        out.raw(" ").nstring(content.location());
    }

    /** RFC 3501 9: body-fld-param = "(" string SP string *(SP string SP string) ")" / nil. */
    private void parameters(List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            out.raw("NIL");
            return;
        }
        out.raw("(");
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            out.raw(i == 0 ? "" : " ").string(upper(parameter.name())).raw(" ").string(parameter.value());
        }
        out.raw(")");
    }

    /** RFC 3501 9: body-fld-dsp = "(" string SP body-fld-param ")" / nil. */
    private void disposition(Disposition disposition) {
        if (disposition == null) {
            out.raw("NIL");
            return;
        }
        out.raw("(").string(upper(disposition.type())).raw(" ");
        parameters(disposition.parameters());
        out.raw(")");
    }

    /** RFC 3501 9: body-fld-lang = nstring / "(" string *(SP string) ")"; a list whenever there is one. */
    private void languages(List<String> languages) {
        if (languages.isEmpty()) {
            out.raw("NIL");
            return;
        }
        out.raw("(");
        for (int i = 0; i < languages.size(); i++) {
            out.raw(i == 0 ? "" : " ").string(languages.get(i));
        }
        out.raw(")");
    }

    private static boolean isText(ContentFields content) {
        return content.type().equals("text");
    }

    /**
     * RFC 2046 4.1.2: a text part without a charset parameter is US-ASCII; it is said explicitly,
     * as Dovecot says it, so clients need not know the default.
     */
    private static List<Parameter> withDefaultCharset(ContentFields content) {
        if (content.parameter("charset") != null) {
            return content.parameters();
        }
        List<Parameter> parameters = new ArrayList<>(content.parameters());
        parameters.add(new Parameter("charset", "us-ascii"));
        return parameters;
    }

    private static String upper(String token) {
        return token.toUpperCase(Locale.ROOT);
    }
}
