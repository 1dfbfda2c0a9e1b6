package org.facteur.imap.search;

import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.SequenceSet;
import org.facteur.mailbox.SystemFlag;

/**
 * Reads the search keys of RFC 3501 6.4.4 (grammar: RFC 3501 9, {@code search-key}) from the
 * lexer's arguments into a tree of {@link SearchKey}s. Strings are decoded with the command's
 * CHARSET; anything that breaks the grammar is a {@link BadCommandException}.
 */
final class SearchParser {

    /**
     * How deep NOT, OR and parentheses may nest. Parsing and matching recurse once per level, so
     * without a bound a line of "NOT NOT NOT ..." would overflow the stack; real clients nest a
     * few levels.
     */
    static final int MAX_DEPTH = 64;

    private final List<Arg> args;
    private final Charset charset;
    private final ZoneId zone;
    /** The instant OLDER and YOUNGER count back from: one for the whole command. */
    private final Instant now;
    private final int depth;
    private int next;

    private SearchParser(List<Arg> args, Charset charset, ZoneId zone, Instant now, int depth) {
        this.args = args;
        this.charset = charset;
        this.zone = zone;
        this.now = now;
        this.depth = depth;
    }

    /** The keys of {@code args}, all of which must match (RFC 3501 6.4.4: keys are ANDed). */
    static SearchKey parse(List<Arg> args, Charset charset, ZoneId zone) {
        return new SearchParser(args, charset, zone, Instant.now(), 0).all();
    }

    private SearchKey all() {
        if (args.isEmpty()) {
            throw new BadCommandException("SEARCH needs at least one search key");
        }
        List<SearchKey> keys = new ArrayList<>();
        while (next < args.size()) {
            keys.add(key(depth));
        }
        return LogicKey.and(keys);
    }

    private SearchKey key(int level) {
        if (level > MAX_DEPTH) {
            throw new BadCommandException("search program nested more than " + MAX_DEPTH + " levels deep");
        }
        Arg arg = take("a search key");
        if (arg instanceof Arg.Group group) {
            return new SearchParser(group.items(), charset, zone, now, level + 1).all();
        }
        if (!(arg instanceof Arg.Atom atom)) {
            throw new BadCommandException("expected a search key, got a string: " + arg);
        }
        String word = atom.text();
        if (SequenceSet.looksLikeOne(word) || word.equals(SequenceSet.SAVED_RESULT)) {
            return new SetKey(SequenceSet.parse(word), false);
        }
        switch (word.toUpperCase(Locale.ROOT)) {
            case "ALL":
                return new LogicKey.All();
            case "ANSWERED":
                return new FlagKey(SystemFlag.ANSWERED, true);
            case "DELETED":
                return new FlagKey(SystemFlag.DELETED, true);
            case "DRAFT":
                return new FlagKey(SystemFlag.DRAFT, true);
            case "FLAGGED":
                return new FlagKey(SystemFlag.FLAGGED, true);
            case "SEEN":
                return new FlagKey(SystemFlag.SEEN, true);
            case "UNANSWERED":
                return new FlagKey(SystemFlag.ANSWERED, false);
            case "UNDELETED":
                return new FlagKey(SystemFlag.DELETED, false);
            case "UNDRAFT":
                return new FlagKey(SystemFlag.DRAFT, false);
            case "UNFLAGGED":
                return new FlagKey(SystemFlag.FLAGGED, false);
            case "UNSEEN":
                return new FlagKey(SystemFlag.SEEN, false);
            case "KEYWORD":
                return new KeywordKey(keyword(), true);
            case "UNKEYWORD":
                return new KeywordKey(keyword(), false);
            case "RECENT":
                return new RecentKey();
            case "NEW":
                // RFC 3501 6.4.4: "functionally equivalent to (RECENT UNSEEN)"
                return LogicKey.and(List.of(new RecentKey(), new FlagKey(SystemFlag.SEEN, false)));
            case "OLD":
                return new LogicKey.Not(new RecentKey());
            case "BEFORE":
                return new InternalDateKey(DateRelation.BEFORE, date(), zone);
            case "ON":
                return new InternalDateKey(DateRelation.ON, date(), zone);
            case "SINCE":
                return new InternalDateKey(DateRelation.SINCE, date(), zone);
            case "SENTBEFORE":
                return new SentDateKey(DateRelation.BEFORE, date());
            case "SENTON":
                return new SentDateKey(DateRelation.ON, date());
            case "SENTSINCE":
                return new SentDateKey(DateRelation.SINCE, date());
            case "OLDER":
                return new WithinKey(now.minusSeconds(interval()), true); // RFC 5032 3
            case "YOUNGER":
                return new WithinKey(now.minusSeconds(interval()), false);
            case "LARGER":
                return new SizeKey(number(), true);
            case "SMALLER":
                return new SizeKey(number(), false);
            case "FROM":
                return new FieldKey(FieldKey.Field.FROM, text());
            case "TO":
                return new FieldKey(FieldKey.Field.TO, text());
            case "CC":
                return new FieldKey(FieldKey.Field.CC, text());
            case "BCC":
                return new FieldKey(FieldKey.Field.BCC, text());
            case "SUBJECT":
                return new FieldKey(FieldKey.Field.SUBJECT, text());
            case "HEADER":
                return new HeaderKey(fieldName(), text());
            case "BODY":
                return new BodyKey(text(), false);
            case "TEXT":
                return new BodyKey(text(), true);
            case "MODSEQ":
                return modSeq();
            case "UID":
                return new SetKey(SequenceSet.parse(atom("a UID set")), true);
            case "NOT":
                return new LogicKey.Not(key(level + 1));
            case "OR":
                return LogicKey.or(key(level + 1), key(level + 1));
            default:
                throw new BadCommandException("unknown search key: " + word);
        }
    }

    /**
     * RFC 7162 3.1.5: {@code MODSEQ [<entry-name> <entry-type-req>] <mod-sequence-valzer>}. The
     * store keeps one MODSEQ per message, so the entry name and type are checked and ignored.
     */
    private SearchKey modSeq() {
        Arg first = take("a mod-sequence");
        if (first instanceof Arg.Str entry) {
            String name = entry.utf8();
            if (!name.startsWith("/flags/")) {
                throw new BadCommandException("MODSEQ entry names are /flags/<flag>, got " + name);
            }
            String type = atom("an entry type (priv, shared or all)").toLowerCase(Locale.ROOT);
            if (!type.equals("priv") && !type.equals("shared") && !type.equals("all")) {
                throw new BadCommandException("MODSEQ entry type must be priv, shared or all, got " + type);
            }
            return new ModSeqKey(number());
        }
        if (!(first instanceof Arg.Atom atom)) {
            throw new BadCommandException("expected a mod-sequence, got " + first);
        }
        return new ModSeqKey(number(atom.text()));
    }

    private Arg take(String what) {
        if (next >= args.size()) {
            throw new BadCommandException("missing " + what + " at the end of the search program");
        }
        return args.get(next++);
    }

    private String atom(String what) {
        Arg arg = take(what);
        if (!(arg instanceof Arg.Atom atom)) {
            throw new BadCommandException("expected " + what + ", got " + arg);
        }
        return atom.text();
    }

    /** An astring decoded with the CHARSET of the command (RFC 3501 6.4.4). */
    private TextMatcher text() {
        Arg arg = take("a string");
        if (arg instanceof Arg.Str str) {
            return new TextMatcher(new String(str.bytes(), charset));
        }
        if (arg instanceof Arg.Atom atom) {
            return new TextMatcher(atom.text());
        }
        throw new BadCommandException("expected a string, got a list");
    }

    private String fieldName() {
        String name = Arg.text(take("a header field name"));
        // RFC 5322 2.2: printable US-ASCII except colon
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new BadCommandException("bad header field name: " + name);
        }
        return name;
    }

    /** RFC 3501 9: {@code flag-keyword = atom}; a backslash is not an atom char, so \Seen is no keyword. */
    private String keyword() {
        String keyword = atom("a keyword");
        if (keyword.indexOf('\\') >= 0) {
            throw new BadCommandException("not a keyword: " + keyword);
        }
        return keyword;
    }

    /** RFC 3501 9: {@code date = date-text / DQUOTE date-text DQUOTE}. */
    private LocalDate date() {
        return SearchDates.imapDate(Arg.text(take("a date")));
    }

    /** RFC 3501 9 {@code number}, unsigned; RFC 9051 widens sizes to 63 bits, so 18 digits are taken. */
    private long number() {
        return number(atom("a number"));
    }

    /** RFC 5032 4: {@code nz-number} seconds. */
    private long interval() {
        long seconds = number();
        if (seconds == 0) {
            throw new BadCommandException("OLDER and YOUNGER take a number of seconds above 0");
        }
        return seconds;
    }

    private static long number(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadCommandException("expected a number, got " + text);
        }
        return Long.parseLong(text);
    }
}
