package org.facteur.mailbox.mime;

/**
 * An address decoded for SEARCH and SORT: the display name with RFC 2047 encoded words decoded
 * (null when there is none) and the address {@code local@domain} (just the local part when the
 * domain is missing). Group markers are not addresses; only group members appear.
 */
public record MailAddress(String displayName, String address) {
}
