package org.facteur.imap.search;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.session.UidLists;
import org.facteur.mailbox.UidSet;

/**
 * A parsed SEARCH command (RFC 3501 6.4.4; RETURN options of RFC 4731): the keys, and how to write
 * the result. Parse once, then call {@link #matches} for each message of the selected mailbox,
 * loading its summary only if {@link #needsSummary()} and reading its file only if
 * {@link #needsContent()}. Immutable; one request may be tested from several threads.
 */
public final class SearchRequest {

    /**
     * CHARSET names accepted (RFC 3501 6.4.4: US-ASCII MUST be, UTF-8 is what clients send).
     * Strings in US-ASCII are read as UTF-8, its superset, so a mislabelled 8-bit string still
     * searches for what the user typed.
     */
    private static final Map<String, Charset> CHARSETS = Map.of(
            "UTF-8", StandardCharsets.UTF_8,
            "US-ASCII", StandardCharsets.UTF_8,
            "ISO-8859-1", StandardCharsets.ISO_8859_1);

    /** RFC 3501 7.1: BADCHARSET lists the charsets that are supported. */
    static final String BADCHARSET = "BADCHARSET (UTF-8 US-ASCII ISO-8859-1)";

    private final SearchKey program;
    private final ReturnOptions returnOptions;

    private SearchRequest(SearchKey program, ReturnOptions returnOptions) {
        this.program = program;
        this.returnOptions = returnOptions;
    }

    /**
     * Args after "SEARCH": {@code [RETURN (...)] [CHARSET name] search-key...}, the internal-date
     * keys (BEFORE, ON, SINCE) taking the internal date's day in the server's time zone.
     *
     * @throws BadCommandException for an unknown key or bad syntax
     * @throws SearchException for an unsupported charset ({@code NO [BADCHARSET ...]})
     */
    public static SearchRequest parse(List<Arg> args) {
        return parse(args, ZoneId.systemDefault());
    }

    /**
     * As {@link #parse(List)}, BEFORE, ON and SINCE comparing the internal date's day in
     * {@code internalDateZone}. RFC 3501 6.4.4 compares dates "disregarding time and timezone"
     * but the store keeps an internal date as an instant, without the zone it was given in, so a
     * zone must give it a day. The server's zone is the default because Dovecot does the same,
     * and its imaptest (search-intdate) expects it; a server in UTC thus compares UTC days.
     */
    public static SearchRequest parse(List<Arg> args, ZoneId internalDateZone) {
        int next = 0;
        ReturnOptions returnOptions = null;
        if (next < args.size() && isAtom(args.get(next), "RETURN")) {
            if (next + 1 >= args.size()) {
                throw new BadCommandException("RETURN needs a list of options");
            }
            returnOptions = ReturnOptions.parse(args.get(next + 1));
            next += 2;
        }
        Charset charset = StandardCharsets.UTF_8;
        if (next < args.size() && isAtom(args.get(next), "CHARSET")) {
            if (next + 1 >= args.size()) {
                throw new BadCommandException("CHARSET needs a charset name");
            }
            charset = charset(Arg.text(args.get(next + 1)));
            next += 2;
        }
        SearchKey program = SearchParser.parse(args.subList(next, args.size()), charset, internalDateZone);
        return new SearchRequest(program, returnOptions);
    }

    /**
     * The search program of SORT and THREAD (RFC 5256: the charset is required there, and no
     * RETURN options come before it).
     *
     * @throws SearchException for an unsupported charset ({@code NO [BADCHARSET ...]})
     */
    public static SearchRequest parseKeys(String charsetName, List<Arg> keys) {
        return new SearchRequest(SearchParser.parse(keys, charset(charsetName), ZoneId.systemDefault()), null);
    }

    private static boolean isAtom(Arg arg, String word) {
        return arg instanceof Arg.Atom atom && atom.is(word);
    }

    private static Charset charset(String name) {
        Charset charset = CHARSETS.get(name.toUpperCase(Locale.ROOT));
        if (charset == null) {
            // RFC 3501 6.4.4: "If the server does not support the specified [CHARSET], it MUST return a tagged NO"
            throw new SearchException(BADCHARSET, "charset not supported: " + name);
        }
        return charset;
    }

    /** Whether some key reads the summary (header fields, the Date, part offsets). */
    public boolean needsSummary() {
        return program.cost().compareTo(SearchKey.Cost.SUMMARY) >= 0;
    }

    /** Whether some key reads the stored bytes (BODY, TEXT, HEADER). */
    public boolean needsContent() {
        return program.cost() == SearchKey.Cost.CONTENT;
    }

    /** Whether a MODSEQ key is in the program (RFC 7162 3.1.5; it enables CONDSTORE, 3.1). */
    public boolean usesModSeq() {
        return program.usesModSeq();
    }

    /** Whether the request asked for an ESEARCH answer (RFC 4731: a RETURN option was given). */
    public boolean extended() {
        return returnOptions != null;
    }

    /**
     * This request answering in ESEARCH form even without RETURN, as {@code RETURN ()} would:
     * IMAP4rev2's SEARCH (RFC 9051 6.4.4, 7.3.4; the untagged SEARCH response is rev1's).
     */
    public SearchRequest withEsearchAnswer() {
        return returnOptions != null ? this : new SearchRequest(program, ReturnOptions.ALL);
    }

    /** Whether RETURN has UPDATE (RFC 5267 4.3): the client's copy of the result is kept up to date. */
    public boolean updates() {
        return returnOptions != null && returnOptions.update();
    }

    /** Whether RETURN has SAVE (RFC 5182): the result is kept for {@code $}. */
    public boolean saves() {
        return returnOptions != null && returnOptions.save();
    }

    /** The UIDs SAVE keeps of the matches (ascending UIDs), per RFC 5182 2.4's rules for MIN and MAX. */
    public UidSet savedUids(List<Long> ascendingUids) {
        return UidLists.toSet(returnOptions.saved(ascendingUids));
    }

    /**
     * Whether the arguments of a SEARCH ask for SAVE, even if they turn out to be bad: a failed
     * SEARCH that asked for it must still empty the saved result (RFC 5182 2.1).
     */
    public static boolean asksToSave(List<Arg> args) {
        return args.size() >= 2 && isAtom(args.get(0), "RETURN") && ReturnOptions.asksToSave(args.get(1));
    }

    /** Whether the message matches; {@code maxSequence} and {@code maxUid} resolve "*" in sequence sets. */
    public boolean matches(SearchTarget message, long maxSequence, long maxUid) {
        return matches(message, maxSequence, maxUid, UidSet.of());
    }

    /** As {@link #matches(SearchTarget, long, long)}, {@code $} naming the UIDs of {@code savedResult} (RFC 5182). */
    public boolean matches(SearchTarget message, long maxSequence, long maxUid, UidSet savedResult) {
        return program.matches(new MatchContext(message, maxSequence, maxUid, savedResult));
    }

    /**
     * Writes the untagged result: {@code * SEARCH 2 5 9} (RFC 3501 7.2.5), or with RETURN an
     * ESEARCH response (RFC 4731 3.2). {@code numbers} are the matched sequence numbers, or UIDs
     * for UID SEARCH, ascending.
     */
    public void writeResult(ImapWriter out, String tag, boolean uid, List<Long> numbers) {
        writeResult(out, tag, uid, numbers, null);
    }

    /**
     * As {@link #writeResult(ImapWriter, String, boolean, List)}; when the program has a MODSEQ key
     * and something matched, the highest MODSEQ of what is returned ends the response (the
     * matches' MODSEQs are {@code modSeqs}, in the order of {@code numbers}): {@code (MODSEQ n)}
     * after SEARCH (RFC 7162 3.1.6), {@code MODSEQ n} in ESEARCH (3.1.10).
     */
    public void writeResult(ImapWriter out, String tag, boolean uid, List<Long> numbers, List<Long> modSeqs) {
        List<Long> shown = usesModSeq() ? modSeqs : null;
        if (returnOptions != null) {
            returnOptions.write(out, tag, uid, numbers, shown);
            return;
        }
        long modSeq = shown == null ? 0 : shown.stream().mapToLong(Long::longValue).max().orElse(0);
        // Written in pieces of a few kilobytes: one write per number would cost a call per message.
        StringBuilder line = new StringBuilder("* SEARCH");
        for (long n : numbers) {
            line.append(' ').append(n);
            if (line.length() >= 8192) {
                out.raw(line.toString());
                line.setLength(0);
            }
        }
        if (modSeq > 0 && !numbers.isEmpty()) {
            line.append(" (MODSEQ ").append(modSeq).append(')');
        }
        out.raw(line.append("\r\n").toString());
    }
}
