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
        RawBody contentType = rawBody(header.raw("content-type"));
        String[] typeAndSubtype = contentType == null ? null : typeAndSubtype(contentType.getValue());
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

        RawBody encodingBody = rawBody(header.raw("content-transfer-encoding"));
        String encoding = encodingBody == null || encodingBody.getValue().isEmpty()
                ? "7bit" // RFC 2045 6.1
                : lower(HeaderText.fromLatin1Chars(encodingBody.getValue()));

        RawBody dispositionBody = rawBody(header.raw("content-disposition"));
        Disposition disposition = dispositionBody == null || dispositionBody.getValue().isEmpty()
                ? null
                : new Disposition(lower(HeaderText.fromLatin1Chars(dispositionBody.getValue())),
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

    private static RawBody rawBody(byte[] value) {
        if (value == null) {
            return null;
        }
        ByteArrayBuffer buffer = new ByteArrayBuffer(value, value.length, true);
        return RawFieldParser.DEFAULT.parseRawBody(buffer, new ParserCursor(0, value.length));
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

    private static List<Parameter> parameters(RawBody body) {
        List<Parameter> parameters = new ArrayList<>(body.getParams().size());
        for (NameValuePair pair : body.getParams()) {
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
        List<String> languages = ContentLanguageFieldLenientImpl.PARSER
                .parse(new RawField("Content-Language", value), DecodeMonitor.SILENT)
                .getLanguages();
        return languages == null ? List.of() : languages;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
