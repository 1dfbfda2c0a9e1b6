package org.facteur.imap.sort;

import java.util.List;

import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.search.ReturnOptions;

/**
 * The ESEARCH answer to {@code SORT RETURN (...)} (RFC 5267 3.1, ESORT): RFC 4731's options read
 * against the sorted result. MIN and MAX are the first and last messages in sort order, not the
 * lowest and highest numbers; ALL lists every match in sort order; COUNT is as for SEARCH.
 */
public final class SortResultWriter {

    private SortResultWriter() {
    }

    /**
     * {@code * ESEARCH (TAG "A1") UID MIN 7 MAX 2 COUNT 3 ALL 7,1,2}. {@code numbers} are in sort
     * order; {@code modSeqs}, when the search used MODSEQ, the matches' MODSEQs in the same order
     * (RFC 7162 3.1.10: the highest of the messages returned). With no match, MIN, MAX and ALL are
     * left out (RFC 4731 3.1) while COUNT, when asked for, says 0.
     */
    public static void write(ImapWriter out, String tag, boolean uid, ReturnOptions options, List<Long> numbers,
                             List<Long> modSeqs) {
        out.raw("* ESEARCH (TAG ").string(tag).raw(")");
        if (uid) {
            out.raw(" UID");
        }
        if (!numbers.isEmpty() && options.min()) {
            out.raw(" MIN ").number(numbers.get(0));
        }
        if (!numbers.isEmpty() && options.max()) {
            out.raw(" MAX ").number(numbers.get(numbers.size() - 1));
        }
        if (options.count()) {
            out.raw(" COUNT ").number(numbers.size());
        }
        if (!numbers.isEmpty() && options.all()) {
            out.raw(" ALL ").raw(sequenceSetInOrder(numbers));
        }
        options.writePartial(out, numbers, SortResultWriter::sequenceSetInOrder);
        if (modSeqs != null && !numbers.isEmpty()) {
            long highest = 0;
            if (options.all() || !options.min() && !options.max()) {
                for (long m : modSeqs) {
                    highest = Math.max(highest, m);
                }
            } else {
                highest = Math.max(options.min() ? modSeqs.get(0) : 0,
                        options.max() ? modSeqs.get(modSeqs.size() - 1) : 0);
            }
            out.raw(" MODSEQ ").number(highest);
        }
        out.raw("\r\n");
    }

    /**
     * The numbers in their order as a sequence set. RFC 5267 3.2: a range stands for its numbers in
     * increasing order, so only runs that ascend by one become ranges ({@code 7:9}); a descending
     * run stays a list ({@code 9,8,7}).
     */
    public static String sequenceSetInOrder(List<Long> numbers) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
            int end = i;
            while (end + 1 < numbers.size() && numbers.get(end + 1) == numbers.get(end) + 1) {
                end++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(numbers.get(i));
            if (end > i) {
                b.append(':').append(numbers.get(end));
            }
            i = end + 1;
        }
        return b.toString();
    }
}
