package org.facteur.mailbox.mime;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.apache.james.mime4j.util.MimeParameterMapping;

/**
 * The MIME header fields of one part, as IMAP BODYSTRUCTURE reports them (RFC 3501 7.4.2).
 *
 * <p>{@code type}, {@code subtype}, {@code encoding} and the disposition type are lowercased
 * (they are case-insensitive tokens, RFC 2045 5.1 and 6.1; the IMAP layer may upper-case them);
 * every other string is the field's value as written, unfolded and trimmed, null when the field
 * is absent.
 *
 * <p>Defaults (RFC 2045 5.2, 6.1; RFC 2046 5.1.5): no Content-Type, or one that cannot be read,
 * gives {@code text/plain; charset=us-ascii} (inside multipart/digest, {@code message/rfc822});
 * no Content-Transfer-Encoding gives {@code 7bit}. A part that cannot be treated as what it
 * claims (a multipart with no boundary or no parts, nesting too deep, an encoded message/rfc822)
 * is reported as {@code text/plain; charset=us-ascii} with its other fields kept, as Dovecot does.
 */
public record ContentFields(
        String type,
        String subtype,
        List<Parameter> parameters,
        String id,
        String description,
        String encoding,
        String md5,
        Disposition disposition,
        List<String> languages,
        String location) {

    static final List<Parameter> US_ASCII = List.of(new Parameter("charset", "us-ascii"));

    public ContentFields {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subtype, "subtype");
        Objects.requireNonNull(encoding, "encoding");
        parameters = List.copyOf(parameters);
        languages = List.copyOf(languages);
    }

    /** The value of a Content-Type parameter as written, or null. */
    public String parameter(String name) {
        return find(parameters, name);
    }

    /**
     * A Content-Type parameter decoded for display: RFC 2231 continuations joined and
     * charset-decoded, then RFC 2047 encoded words decoded (common in the wild though
     * forbidden in parameters). Null when absent.
     */
    public String decodedParameter(String name) {
        return decode(parameters, name);
    }

    /** The file name a user would see: disposition filename, else Content-Type name, decoded. */
    public String fileName() {
        String fromDisposition = disposition == null ? null : decode(disposition.parameters(), "filename");
        return fromDisposition != null ? fromDisposition : decode(parameters, "name");
    }

    /** True for multipart/*: the part has children. */
    public boolean isMultipart() {
        return type.equals("multipart");
    }

    ContentFields withType(String newType, String newSubtype, List<Parameter> newParameters) {
        return new ContentFields(newType, newSubtype, newParameters, id, description, encoding, md5,
                disposition, languages, location);
    }

    private static String find(List<Parameter> parameters, String name) {
        for (Parameter parameter : parameters) {
            if (parameter.name().equalsIgnoreCase(name)) {
                return parameter.value();
            }
        }
        return null;
    }

    private static String decode(List<Parameter> parameters, String name) {
        // RFC 2231 3, 4: Mime4j's mapping joins name*0, name*1* ... and decodes charset'lang'value.
        String value;
        try {
            MimeParameterMapping mapping = new MimeParameterMapping();
            for (Parameter parameter : parameters) {
                mapping.addParameter(parameter.name(), parameter.value());
            }
            value = mapping.get(name.toLowerCase(Locale.ROOT));
        } catch (RuntimeException undecodable) {
            value = find(parameters, name); // a broken RFC 2231 value: show it as written
        }
        return HeaderText.decodeEncodedWords(value);
    }
}
