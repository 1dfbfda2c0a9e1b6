package org.facteur.imap.search;

import java.util.List;

import org.facteur.mailbox.mime.MimePart;

/**
 * BODY and TEXT (RFC 3501 6.4.4). BODY looks in the body: every text/* part decoded
 * ({@link PartText}), and inside a message/rfc822 part the embedded message's header too, since
 * it is body text of the outer message. TEXT looks in the top-level header as well. Parts that
 * are not text (images, archives) are not searched: their decoded bytes mean nothing to a reader.
 */
record BodyKey(TextMatcher text, boolean withHeader) implements SearchKey {

    @Override
    public boolean matches(MatchContext message) {
        if (text.isEmpty()) {
            return true; // every message has a body, if only an empty one
        }
        if (withHeader && inHeader(message.rootHeader())) {
            return true;
        }
        return inBody(message, message.target().summary().root());
    }

    private boolean inBody(MatchContext message, MimePart part) {
        if (part.isMultipart()) {
            for (MimePart child : part.children()) {
                if (inBody(message, child)) {
                    return true;
                }
            }
            return false;
        }
        if (part.isMessage()) {
            MimePart embedded = part.embedded().root();
            return inHeader(message.header(embedded)) || inBody(message, embedded);
        }
        return PartText.isText(part) && part.bodySize() > 0 && PartText.contains(text, message.target(), part);
    }

    private boolean inHeader(List<HeaderField> header) {
        for (HeaderField field : header) {
            if (text.in(field.name() + ": " + field.value())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Cost cost() {
        return Cost.CONTENT;
    }
}
