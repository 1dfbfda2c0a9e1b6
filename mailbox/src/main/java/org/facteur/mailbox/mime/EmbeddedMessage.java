package org.facteur.mailbox.mime;

import java.util.Objects;

/**
 * The message inside a message/rfc822 (or message/global, RFC 6532) part: its envelope and its
 * root entity. The root's header starts where the enclosing part's body starts, and its body
 * ends where that body ends.
 */
public record EmbeddedMessage(Envelope envelope, MimePart root) {

    public EmbeddedMessage {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(root, "root");
    }
}
