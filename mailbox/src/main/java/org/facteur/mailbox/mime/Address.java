package org.facteur.mailbox.mime;

/**
 * One address of an IMAP ENVELOPE (RFC 3501 7.4.2): personal name, at-domain-list (source
 * route), mailbox name and host name, each undecoded as written (RFC 2047 encoded words stay
 * encoded), any of them possibly null (NIL).
 *
 * <p>RFC 3501 group syntax: a group {@code name: a, b;} becomes a start marker (host null,
 * mailbox = the group name), the members, then an end marker (host and mailbox null). An address
 * the parser could make no full sense of keeps a non-null host ({@value #MISSING_DOMAIN}) or
 * mailbox ({@value #MISSING_MAILBOX}), as Dovecot does, so that it cannot be mistaken for a
 * group marker.
 */
public record Address(String personalName, String atDomainList, String mailbox, String host) {

    public static final String MISSING_DOMAIN = "MISSING_DOMAIN";
    public static final String MISSING_MAILBOX = "MISSING_MAILBOX";

    /** RFC 3501 7.4.2: "[RFC-2822] group syntax is indicated by a special form of address". */
    public static Address groupStart(String groupName) {
        return new Address(null, null, groupName, null);
    }

    public static Address groupEnd() {
        return new Address(null, null, null, null);
    }

    /**
     * What RFC 5957 (SORT=DISPLAY) sorts by: the personal name decoded, else the addr-spec
     * ({@code mailbox@host}, or the mailbox alone when the host is missing); a group's name for a
     * group start marker.
     */
    public String display() {
        if (isGroupStart()) {
            return mailbox;
        }
        String name = personalName == null ? "" : HeaderText.decodeEncodedWords(personalName).strip();
        if (!name.isEmpty()) {
            return name;
        }
        String local = mailbox == null || mailbox.equals(MISSING_MAILBOX) ? "" : mailbox;
        return host == null || host.equals(MISSING_DOMAIN) ? local : local + "@" + host;
    }

    public boolean isGroupStart() {
        return host == null && mailbox != null;
    }

    public boolean isGroupEnd() {
        return host == null && mailbox == null;
    }
}
