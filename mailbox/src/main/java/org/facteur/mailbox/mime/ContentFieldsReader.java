package org.facteur.mailbox.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.field.ContentLanguageFieldLenientImpl;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteArrayBuffer;

/** Reads a part's MIME fields (RFC 2045, 2183, 3066, 2557) with Mime4j's field parsers. */
final class ContentFieldsReader {

    /** A field body split by Mime4j: its value and its parameters, in written order. */
    private record Body(String value, List<NameValuePair> params) {
    }

    private ContentFieldsReader() {
    }

    /**
     * @param inDigest whether the part is a direct child of multipart/digest, whose default type
     *     is message/rfc822 (RFC 2046 5.1.5)
     */
    static ContentFields read(HeaderCollector header, boolean inDigest) {
        String type;
        String subtype;
        List<Parameter> parameters;
        Body contentType = rawBody(header.raw("content-type"));
        String[] typeAndSubtype = contentType == null ? null : typeAndSubtype(contentType.value());
        if (typeAndSubtype != null) {
            type = typeAndSubtype[0];
            subtype = typeAndSubtype[1];
            parameters = parameters(contentType);
        } else if (inDigest && contentType == null) {
            type = "message";
            subtype = "rfc822";
            parameters = List.of();
        } else {
            // RFC 2045 5.2: absent or syntactically invalid means text/plain; charset=us-ascii.
            type = "text";
            subtype = "plain";
            parameters = ContentFields.US_ASCII;
        }

        Body encodingBody = rawBody(header.raw("content-transfer-encoding"));
        String encoding = encodingBody == null || encodingBody.value().isEmpty()
                ? "7bit" // RFC 2045 6.1
                : lower(HeaderText.fromLatin1Chars(encodingBody.value()));

        Body dispositionBody = rawBody(header.raw("content-disposition"));
        Disposition disposition = dispositionBody == null || dispositionBody.value().isEmpty()
                ? null
                : new Disposition(lower(HeaderText.fromLatin1Chars(dispositionBody.value())),
                        parameters(dispositionBody));

        return new ContentFields(type, subtype, parameters,
                header.trimmed("content-id"),
                header.trimmed("content-description"),
                encoding,
                header.trimmed("content-md5"),
                disposition,
                languages(header.trimmed("content-language")),
                header.trimmed("content-location"));
    }

    private static Body rawBody(byte[] value) {
        if (value == null) {
            return null;
        }
        // Mime4j decodes RFC 2047 words in parameter values; BODYSTRUCTURE wants them as written.
        byte[] hidden = EncodedWordShield.hide(value);
        ByteArrayBuffer buffer = new ByteArrayBuffer(hidden, hidden.length, true);
        RawBody parsed;
        try {
            parsed = RawFieldParser.DEFAULT.parseRawBody(buffer, new ParserCursor(0, hidden.length));
        } catch (RuntimeException unreadable) {
            return null; // treated as absent: the RFC 2045 defaults apply
        }
        List<NameValuePair> revealed = new ArrayList<>(parsed.getParams().size());
        for (NameValuePair pair : parsed.getParams()) {
            revealed.add(new NameValuePair(EncodedWordShield.reveal(pair.getName()), EncodedWordShield.reveal(pair.getValue())));
        }
        return new Body(EncodedWordShield.reveal(parsed.getValue()), revealed);
    }

    private static String[] typeAndSubtype(String value) {
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            return null;
        }
        String type = value.substring(0, slash).trim();
        String subtype = value.substring(slash + 1).trim();
        if (type.isEmpty() || subtype.isEmpty() || !isToken(type) || !isToken(subtype)) {
            return null;
        }
        return new String[] {lower(type), lower(subtype)};
    }

    /** RFC 2045 5.1 token: printable US-ASCII without blanks and tspecials. */
    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static List<Parameter> parameters(Body body) {
        List<Parameter> parameters = new ArrayList<>(body.params().size());
        for (NameValuePair pair : body.params()) {
            String name = pair.getName() == null ? "" : pair.getName().trim();
            if (!name.isEmpty()) {
                String value = pair.getValue() == null ? "" : HeaderText.fromLatin1Chars(pair.getValue());
                parameters.add(new Parameter(lower(HeaderText.fromLatin1Chars(name)), value));
            }
        }
        return parameters;
    }

    private static List<String> languages(String value) {
        if (value == null) {
            return List.of();
        }
        try {
            // RawField refuses a stray CR or LF (possible inside a value), which means nothing here.
            List<String> languages = ContentLanguageFieldLenientImpl.PARSER
                    .parse(new RawField("Content-Language", HeaderText.withoutLineBreaks(value)), DecodeMonitor.SILENT)
                    .getLanguages();
            return languages == null ? List.of() : languages;
        } catch (RuntimeException unreadable) {
            return List.of(); // a lenient parser should not throw; if it does, the field is lost, not the message
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
