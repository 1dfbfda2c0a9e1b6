package org.facteur.smtp.reception;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * James's dispatcher decodes command lines as US-ASCII, turning every UTF-8 octet into U+FFFD;
 * RFC 6531 3.3 lets MAIL and RCPT carry UTF-8 addresses, so command lines are decoded as UTF-8
 * (ASCII is unchanged; malformed UTF-8 still becomes U+FFFD and fails address parsing).
 */
final class Utf8CommandDispatcher extends CommandDispatcher<SMTPSession> {

    @Override
    protected Request parseRequest(SMTPSession session, byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8).strip();
        int space = text.indexOf(' ');
        String name = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        return new BaseRequest(name, space < 0 ? null : text.substring(space + 1));
    }
}
