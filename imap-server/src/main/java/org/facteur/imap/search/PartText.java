package org.facteur.imap.search;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.facteur.mailbox.mime.ContentFields;
import org.facteur.mailbox.mime.MimePart;

/**
 * The text of one text/* body as a reader would see it: its bytes taken from the stored file,
 * undone from their Content-Transfer-Encoding (RFC 2045 6) and decoded from their charset
 * (RFC 2046 4.1.2). A charset Java does not know, or us-ascii (often a label on 8-bit UTF-8 text),
 * is read as UTF-8; bytes that do not decode become U+FFFD rather than an error.
 */
final class PartText {

    private PartText() {
    }

    static boolean isText(MimePart part) {
        return part.content().type().equals("text");
    }

    static Reader open(SearchTarget message, MimePart part) {
        InputStream raw = message.content(part.bodyStart(), part.bodySize());
        return new InputStreamReader(transferDecoded(raw, part.content().encoding()),
                charset(part.content()).newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    private static InputStream transferDecoded(InputStream raw, String encoding) {
        switch (encoding) {
            case "base64":
                return new Base64InputStream(raw, DecodeMonitor.SILENT);
            case "quoted-printable":
                return new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
            default:
                return raw; // 7bit, 8bit, binary: the bytes are the text
        }
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
