package org.facteur.imap.search;

import java.util.List;
import java.util.Locale;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.session.UidLists;

/**
 * The RETURN options of an extended SEARCH (RFC 4731 3.1) and the ESEARCH response they ask for
 * (RFC 4731 3.2). SAVE (RFC 5182) belongs with SEARCHRES, which is not offered, so it is refused
 * like any unknown option.
 */
public record ReturnOptions(boolean min, boolean max, boolean count, boolean all) {

    /** The options inside {@code RETURN (...)}; {@code RETURN ()} means ALL (RFC 4731 3.1). */
    public static ReturnOptions parse(Arg list) {
        if (!(list instanceof Arg.Group group)) {
            throw new BadCommandException("RETURN needs a parenthesised list of options");
        }
        if (group.items().isEmpty()) {
            return new ReturnOptions(false, false, false, true);
        }
        boolean min = false;
        boolean max = false;
        boolean count = false;
        boolean all = false;
        for (Arg item : group.items()) {
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
                default:
                    throw new BadCommandException("unknown RETURN option: " + item);
            }
        }
        return new ReturnOptions(min, max, count, all);
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
