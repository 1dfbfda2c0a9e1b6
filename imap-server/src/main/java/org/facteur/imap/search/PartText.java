package org.facteur.imap.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

import org.facteur.mailbox.mime.ContentFields;
import org.facteur.mailbox.mime.MimePart;

/**
 * The text of one text/* body as a reader would see it: its bytes taken from the stored file,
 * undone from their Content-Transfer-Encoding ({@link TransferDecoding}) and decoded from their charset
 * (RFC 2046 4.1.2). A charset Java does not know, or us-ascii (often a label on 8-bit UTF-8 text),
 * is read as UTF-8; bytes that do not decode become U+FFFD rather than an error. HTML is
 * reduced to its text ({@link HtmlText}).
 */
final class PartText {

    /** Bodies up to this size (octets as stored) are decoded in one piece, larger ones streamed. */
    private static final long WHOLE = 64 * 1024;

    private PartText() {
    }

    static boolean isText(MimePart part) {
        return part.content().type().equals("text");
    }

    /** Whether the decoded text of {@code part} holds the string of {@code text}. */
    static boolean contains(TextMatcher text, SearchTarget message, MimePart part) {
        InputStream raw = message.content(part.bodyStart(), part.bodySize());
        String encoding = part.content().encoding();
        Charset charset = charset(part.content());
        boolean html = part.content().subtype().equals("html");
        if (part.bodySize() > WHOLE) {
            Reader reader = new InputStreamReader(TransferDecoding.streaming(raw, encoding), charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE));
            return text.in(html ? new HtmlText(reader) : reader);
        }
        // Most bodies are small: decoding them whole costs less than streaming decoders' set-up.
        byte[] stored;
        try (raw) {
            stored = raw.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String whole = new String(TransferDecoding.whole(stored, encoding), charset); // bad input: U+FFFD
        return html ? text.in(new HtmlText(new StringReader(whole))) : text.in(whole);
    }

    private static Charset charset(ContentFields content) {
        String name = content.parameter("charset");
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        name = name.trim();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("us-ascii") || lower.equals("ascii")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
            return StandardCharsets.UTF_8;
        }
    }
}
