package org.facteur.imap.search;

import java.util.List;
import java.util.Locale;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.session.UidLists;

/**
 * The RETURN options of an extended SEARCH (RFC 4731 3.1) and the ESEARCH response they ask for
 * (RFC 4731 3.2), with SAVE (RFC 5182 2.1): keep the result for {@code $}; and RFC 5267 4's
 * UPDATE (keep the client's copy of the result up to date), CONTEXT (a hint, ignored: RFC 5267 4.2
 * lets the server) and PARTIAL (a window of the result, {@code partial} its first and last
 * positions, or null).
 */
public record ReturnOptions(boolean min, boolean max, boolean count, boolean all, boolean save, boolean update,
                            long[] partial) {

    /** {@code RETURN ()}, also what an IMAP4rev2 SEARCH without RETURN answers (RFC 9051 6.4.4). */
    static final ReturnOptions ALL = new ReturnOptions(false, false, false, true, false, false, null);

    /** The options inside {@code RETURN (...)}; {@code RETURN ()} means ALL (RFC 4731 3.1). */
    public static ReturnOptions parse(Arg list) {
        if (!(list instanceof Arg.Group group)) {
            throw new BadCommandException("RETURN needs a parenthesised list of options");
        }
        if (group.items().isEmpty()) {
            return ALL;
        }
        boolean min = false;
        boolean max = false;
        boolean count = false;
        boolean all = false;
        boolean save = false;
        boolean update = false;
        long[] partial = null;
        List<Arg> items = group.items();
        for (int i = 0; i < items.size(); i++) {
            Arg item = items.get(i);
            String option = item instanceof Arg.Atom atom ? atom.text().toUpperCase(Locale.ROOT) : "";
            switch (option) {
                case "MIN":
                    min = true;
                    break;
                case "MAX":
                    max = true;
                    break;
                case "COUNT":
                    count = true;
                    break;
                case "ALL":
                    all = true;
                    break;
                case "SAVE":
                    save = true;
                    break;
                case "UPDATE":
                    update = true;
                    break;
                case "CONTEXT":
                    break; // RFC 5267 4.2: a hint the server may ignore
                case "PARTIAL":
                    if (partial != null || i + 1 >= items.size()) {
                        throw new BadCommandException("PARTIAL takes one range, once");
                    }
                    partial = partialRange(items.get(++i));
                    break;
                default:
                    throw new BadCommandException("unknown RETURN option: " + item);
            }
        }
        if (partial != null && all) {
            // RFC 5267 4.4: "either one PARTIAL, one ALL, or neither PARTIAL nor ALL is allowed"
            throw new BadCommandException("PARTIAL and ALL cannot be asked together");
        }
        return new ReturnOptions(min, max, count, all, save, update, partial);
    }

    /** RFC 3501 9: a number is 32 bits. */
    private static final long NZ_NUMBER_MAX = 4_294_967_295L;

    /** RFC 5267 5: partial-range = nz-number ":" nz-number; 500:400 is 400:500; no "*". */
    private static long[] partialRange(Arg arg) {
        String text = arg instanceof Arg.Atom atom ? atom.text() : "";
        int colon = text.indexOf(':');
        try {
            if (colon > 0) {
                long first = Long.parseLong(text.substring(0, colon));
                long last = Long.parseLong(text.substring(colon + 1));
                if (first > 0 && last > 0 && first <= NZ_NUMBER_MAX && last <= NZ_NUMBER_MAX
                        && Character.isDigit(text.charAt(0)) && Character.isDigit(text.charAt(colon + 1))) {
                    return new long[] {Math.min(first, last), Math.max(first, last)};
                }
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadCommandException("PARTIAL needs a range of two non-zero numbers, like 1:100");
    }

    /**
     * RFC 5267 4.4's PARTIAL data: {@code PARTIAL (2:4 7,9)}, the range as asked and the numbers
     * at those positions of {@code ordered} (NIL when none), formatted by {@code format}.
     */
    public void writePartial(ImapWriter out, List<Long> ordered, java.util.function.Function<List<Long>, String> format) {
        if (partial == null) {
            return;
        }
        out.raw(" PARTIAL (").number(partial[0]).raw(":").number(partial[1]).raw(" ");
        if (partial[0] > ordered.size()) {
            out.raw("NIL)");
            return;
        }
        int to = (int) Math.min(partial[1], ordered.size());
        out.raw(format.apply(ordered.subList((int) partial[0] - 1, to))).raw(")");
    }

    /** Whether {@code list} (the argument after RETURN) asks for SAVE, read before the rest is parsed. */
    static boolean asksToSave(Arg list) {
        return list instanceof Arg.Group group
                && group.items().stream().anyMatch(a -> a instanceof Arg.Atom atom && atom.is("SAVE"));
    }

    /**
     * What SAVE keeps of the matches (ascending UIDs), RFC 5182 2.4: with MIN and/or MAX alone,
     * only the messages they return; otherwise (SAVE alone, or with ALL or COUNT) every match.
     */
    List<Long> saved(List<Long> ascendingUids) {
        if (all || count || (!min && !max) || ascendingUids.isEmpty()) {
            return ascendingUids;
        }
        long first = ascendingUids.get(0);
        long last = ascendingUids.get(ascendingUids.size() - 1);
        if (min && max) {
            return first == last ? List.of(first) : List.of(first, last);
        }
        return List.of(min ? first : last);
    }

    /**
     * {@code * ESEARCH (TAG "A1") UID MIN 2 MAX 9 COUNT 3 ALL 2,5,9}. With no match, MIN, MAX and
     * ALL are left out (RFC 4731 3.1) while COUNT, when asked for, says 0.
     */
    void write(ImapWriter out, String tag, boolean uid, List<Long> numbers) {
        write(out, tag, uid, numbers, null);
    }

    /**
     * As {@link #write(ImapWriter, String, boolean, List)}; with {@code modSeqs} (the matches'
     * MODSEQs, in the order of {@code numbers}) it adds RFC 7162 3.1.10's MODSEQ: the highest of
     * the messages returned, so of MIN and MAX alone when only they are asked.
     */
    void write(ImapWriter out, String tag, boolean uid, List<Long> numbers, List<Long> modSeqs) {
        if (save && !min && !max && !count && !all) {
            return; // RFC 5182 2.4: SAVE alone answers no ESEARCH
        }
        long highestModSeq = 0;
        if (modSeqs != null && !modSeqs.isEmpty()) {
            if (all || (!min && !max)) {
                highestModSeq = modSeqs.stream().mapToLong(Long::longValue).max().orElse(0);
            } else {
                highestModSeq = Math.max(min ? modSeqs.get(0) : 0, max ? modSeqs.get(modSeqs.size() - 1) : 0);
            }
        }
        out.raw("* ESEARCH (TAG ").string(tag).raw(")");
        if (uid) {
            out.raw(" UID");
        }
        if (min && !numbers.isEmpty()) {
            out.raw(" MIN ").number(numbers.get(0));
        }
        if (max && !numbers.isEmpty()) {
            out.raw(" MAX ").number(numbers.get(numbers.size() - 1));
        }
        if (count) {
            out.raw(" COUNT ").number(numbers.size());
        }
        if (all && !numbers.isEmpty()) {
            out.raw(" ALL ").raw(sequenceSet(numbers));
        }
        writePartial(out, numbers, ReturnOptions::sequenceSet);
        if (highestModSeq > 0 && !numbers.isEmpty()) {
            out.raw(" MODSEQ ").number(highestModSeq);
        }
        out.raw("\r\n");
    }

    /** Ascending numbers as a sequence set, runs of consecutive numbers as ranges: 2,5:7,9. */
    static String sequenceSet(List<Long> ascending) {
        return UidLists.format(ascending);
    }
}
