package org.facteur.imap.notify;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The events a NOTIFY command names (RFC 5465 8, "event"), and whether this server sends them. */
public enum NotifyEvent {
    MESSAGE_NEW("MessageNew", true),
    MESSAGE_EXPUNGE("MessageExpunge", true),
    FLAG_CHANGE("FlagChange", true),
    // We keep no annotations nor metadata (RFC 5257, RFC 5464): nothing could ever change.
    ANNOTATION_CHANGE("AnnotationChange", false),
    MAILBOX_NAME("MailboxName", true),
    SUBSCRIPTION_CHANGE("SubscriptionChange", true),
    MAILBOX_METADATA_CHANGE("MailboxMetadataChange", false),
    SERVER_METADATA_CHANGE("ServerMetadataChange", false);

    private final String wireName;
    private final boolean supported;

    NotifyEvent(String wireName, boolean supported) {
        this.wireName = wireName;
        this.supported = supported;
    }

    public String wireName() {
        return wireName;
    }

    public boolean supported() {
        return supported;
    }

    /** Event names are atoms compared without regard to case (RFC 3501 9). */
    static Optional<NotifyEvent> byName(String name) {
        return Arrays.stream(values()).filter(e -> e.wireName.equalsIgnoreCase(name)).findFirst();
    }

    /** RFC 5465 3.1: the list BADEVENT carries, the events this server supports. */
    static String supportedList() {
        return Arrays.stream(values()).filter(NotifyEvent::supported).map(NotifyEvent::wireName)
                .collect(Collectors.joining(" ", "(", ")"));
    }
}
