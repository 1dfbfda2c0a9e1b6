/**
 * Per-message metadata computed once at append, so that IMAP FETCH and SEARCH read byte ranges
 * of the stored file and never parse a message again.
 *
 * <p>{@link org.facteur.mailbox.mime.MessageParser} makes one streaming pass over the stored
 * octets (CRLF, or bare LF) and returns a {@link org.facteur.mailbox.mime.MessageSummary}: size
 * and line count, the ENVELOPE, the body structure with offsets, and decoded SEARCH/SORT fields.
 * The byte structure (where headers end, where boundaries lie) is scanned here because Mime4j's
 * streaming parser reports no offsets; every header field is parsed by Mime4j (addresses, dates,
 * Content-Type and Content-Disposition parameters, RFC 2047 and RFC 2231).
 *
 * <h2>Offsets</h2>
 * All offsets are octets from the start of the file. Each {@link org.facteur.mailbox.mime.MimePart}
 * has {@code headerStart <= bodyStart <= bodyEnd}:
 * <ul>
 * <li>the header is {@code [headerStart, bodyStart)} and includes the blank line that ends it
 *     (RFC 3501 6.4.5: HEADER and MIME include it);
 * <li>the body is {@code [bodyStart, bodyEnd)}; inside a multipart, the line end before a
 *     boundary belongs to the boundary (RFC 2046 5.1.1), so a part's body never ends with it;
 * <li>a multipart's body includes its preamble, all its parts with their boundaries, and its
 *     epilogue; a message/rfc822 part's body is the embedded message, whose root entity spans
 *     exactly the same range.
 * </ul>
 * {@link org.facteur.mailbox.mime.MessageSummary#part(java.util.List)} maps an IMAP section part
 * number to its entity; its documentation lists which range each section fetches.
 *
 * <h2>Binary form (format version 1)</h2>
 * {@link org.facteur.mailbox.mime.MessageSummary#encode()} writes, in order:
 * <pre>
 *   u8      version (1)
 *   varint  size, lines
 *   envelope    string date, string subject, 6 address lists (from, sender, reply-to, to, cc,
 *               bcc: varint count, then per address 4 strings), string in-reply-to,
 *               string message-id
 *   search      4 lists (from, to, cc, bcc: varint count, 2 strings each), string subject,
 *               instant date, string message-id, 2 string lists (in-reply-to, references)
 *   part        string type, string subtype, parameters (varint count, name and value strings),
 *               string id, string description, string encoding, string md5, string disposition
 *               type (null when absent, else followed by its parameters), string list languages,
 *               string location, varint headerStart, varint header size, varint body size,
 *               varint body lines, varint kind: 0 leaf, 1 message (then an envelope and a part),
 *               n + 1 a multipart of n parts (then the n parts)
 * </pre>
 * A varint is unsigned LEB128. An instant is varint 0 for null, else varint (zigzag epoch
 * seconds + 1) then varint nanoseconds. A string is a varint tag: 0 null, 1 a back-reference
 * (varint index of an earlier literal of the same summary), then the entries of a fixed
 * dictionary of common MIME tokens, then literals as tag minus the first literal tag octets of
 * UTF-8 (see {@code StringTable}). Changing any of this, the dictionary included, needs a new
 * version number; {@link org.facteur.mailbox.mime.MessageSummary#decode(byte[])} refuses a version
 * it does not know, and the index can then be rebuilt from the Maildir files.
 */
package org.facteur.mailbox.mime;
