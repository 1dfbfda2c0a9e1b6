/**
 * FETCH (RFC 3501 6.4.5, 7.4.2): {@link org.facteur.imap.fetch.FetchRequest} parses the item list
 * once per command and writes one untagged FETCH response per message from a
 * {@link org.facteur.imap.fetch.FetchSource}, which the session implements over the store.
 *
 * <p>Nothing here parses a message: ENVELOPE and BODYSTRUCTURE come from the summary the store
 * computed at append, and every BODY[section] is a byte range of the stored file (see
 * {@code MessageSummary} for which range each section is), streamed as a literal. Only
 * HEADER.FIELDS reads the header bytes to filter them. FLAGS, UID, INTERNALDATE, RFC822.SIZE,
 * MODSEQ, RFC822 and BODY[] need no summary at all.
 *
 * <p>Choices where the RFC leaves room, made as Dovecot makes them since clients are tested
 * against it:
 * <ul>
 * <li>a part that does not exist, and HEADER or TEXT of a part that is not message/rfc822, answer
 *     the empty string {@code ""}; MIME of a message/rfc822 part is that part's own MIME header;
 * <li>a text part without charset is reported with {@code ("CHARSET" "us-ascii")};
 *     BODYSTRUCTURE always carries md5 (single parts) or parameters (multiparts), disposition,
 *     language (a list) and location;
 * <li>type, subtype, encoding, disposition type, parameter names and HEADER.FIELDS names answer
 *     upper-cased (case-insensitive tokens); every other string as written;
 * <li>INTERNALDATE is written in the server's zone, the one SEARCH takes days in: the store keeps an instant, not APPEND's zone.
 * </ul>
 */
package org.facteur.imap.fetch;
