/**
 * SEARCH (RFC 3501 6.4.4) and its ESEARCH answer (RFC 4731): parsing the search program once,
 * then testing each message of the selected mailbox against it.
 *
 * <h2>Use from a command handler</h2>
 * <pre>
 *   SearchRequest request = SearchRequest.parse(args);   // BadCommandException: BAD; SearchException: NO [code]
 *   for each message in the view (a SearchTarget):
 *       if (request.matches(message, maxSequence, maxUid)) numbers.add(uid ? message uid : sequence number);
 *   request.writeResult(writer, tag, uid, numbers);
 * </pre>
 * {@link org.facteur.imap.search.SearchRequest#needsSummary()} and
 * {@link org.facteur.imap.search.SearchRequest#needsContent()} say whether the program reads the
 * summary and the stored file, so that a flags-only search over 100,000 messages loads neither.
 * A request is immutable and can be tested from several threads.
 *
 * <h2>Decisions</h2>
 * <ul>
 * <li>What each key reads: flags, keywords, \Recent, sizes, internal dates, sequence sets and UID
 *     sets the record; FROM, TO, CC, BCC, SUBJECT and SENT* the summary; HEADER, BODY and TEXT the
 *     file. An AND tests its keys cheapest first, an OR its cheaper side first.
 * <li>BEFORE, ON, SINCE take the internal date's day in the server's time zone, as Dovecot does
 *     (the store keeps the instant, not the zone given at APPEND); {@code parse(args, zone)} takes
 *     another. SENT* take the day written in the Date header, in its own zone; a message with no
 *     readable Date matches no SENT* key.
 * <li>Strings match as case-insensitive substrings of decoded text: RFC 2047 words in header
 *     fields, addresses as {@code Display Name <local@domain>}, group names too. BODY reads every text/* part
 *     decoded from its transfer encoding and charset, HTML as its text, and the header and text
 *     parts of embedded messages; not attachments. TEXT adds the top-level header.
 * <li>CHARSET: UTF-8, US-ASCII (read as UTF-8) and ISO-8859-1; strings without CHARSET are read
 *     as UTF-8. Another charset is {@code NO [BADCHARSET (UTF-8 US-ASCII ISO-8859-1)]}.
 * <li>RETURN options MIN, MAX, COUNT, ALL and SAVE (RFC 5182: the caller keeps the saved UIDs
 *     and passes them back to {@code matches} for {@code $}); {@code RETURN ()} means ALL, and
 *     {@code withEsearchAnswer()} gives IMAP4rev2's ESEARCH answer without RETURN. OLDER and
 *     YOUNGER (RFC 5032) count seconds back from the moment the program was parsed. NOT, OR and
 *     parentheses nest at most 64 deep.
 * </ul>
 */
package org.facteur.imap.search;
