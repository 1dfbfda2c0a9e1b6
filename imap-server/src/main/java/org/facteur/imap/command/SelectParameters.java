package org.facteur.imap.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.SequenceSet;
import org.facteur.mailbox.UidSet;

/**
 * The parameters of SELECT and EXAMINE (RFC 4466 2.2): CONDSTORE (RFC 7162 3.1.8) and
 * {@code QRESYNC (uidvalidity modseq [known-uids [(seq-set uid-set)]])} (RFC 7162 3.2.5). Checked
 * whole before the mailbox is opened, so a bad one leaves nothing selected.
 */
record SelectParameters(boolean condstore, Qresync qresync) {

    static final SelectParameters NONE = new SelectParameters(false, null);

    /** The QRESYNC parameter; {@code knownUids} and the match sets are null when not given. */
    record Qresync(long uidValidity, long modSeq, SequenceSet knownUids, SequenceSet matchSequences,
                   SequenceSet matchUids) {
    }

    static SelectParameters parse(Arg arg) {
        if (!(arg instanceof Arg.Group group) || group.items().isEmpty()) {
            throw new BadCommandException("SELECT parameters must be a parenthesised list");
        }
        boolean condstore = false;
        Qresync qresync = null;
        List<Arg> items = group.items();
        for (int i = 0; i < items.size(); i++) {
            String name = items.get(i) instanceof Arg.Atom atom ? atom.text().toUpperCase(Locale.ROOT) : "";
            if (name.equals("CONDSTORE")) {
                condstore = true;
            } else if (name.equals("QRESYNC") && qresync == null) {
                if (i + 1 >= items.size()) {
                    throw new BadCommandException("QRESYNC needs its parameters");
                }
                qresync = qresync(items.get(++i));
            } else {
                throw new BadCommandException("unknown SELECT parameter " + items.get(i));
            }
        }
        return new SelectParameters(condstore, qresync);
    }

    /** RFC 7162 7: "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")". */
    private static Qresync qresync(Arg arg) {
        if (!(arg instanceof Arg.Group group) || group.items().size() < 2 || group.items().size() > 4) {
            throw new BadCommandException("QRESYNC takes (uidvalidity modseq [known-uids] [(seqs uids)])");
        }
        List<Arg> items = group.items();
        long uidValidity = number(items.get(0), "UIDVALIDITY");
        if (uidValidity == 0 || uidValidity > 0xFFFF_FFFFL) {
            throw new BadCommandException("QRESYNC: UIDVALIDITY must be a non-zero 32-bit number");
        }
        long modSeq = number(items.get(1), "mod-sequence");
        SequenceSet known = null;
        SequenceSet matchSequences = null;
        SequenceSet matchUids = null;
        int next = 2;
        if (next < items.size() && items.get(next) instanceof Arg.Atom atom) {
            known = SequenceSet.parse(atom.text());
            next++;
        }
        if (next < items.size()) {
            if (!(items.get(next) instanceof Arg.Group match) || match.items().size() != 2) {
                throw new BadCommandException("QRESYNC: sequence match data is (sequence-set uid-set)");
            }
            matchSequences = SequenceSet.parse(Arg.text(match.items().get(0)));
            matchUids = SequenceSet.parse(Arg.text(match.items().get(1)));
            next++;
        }
        if (next != items.size()) {
            throw new BadCommandException("QRESYNC: unexpected " + items.get(next));
        }
        return new Qresync(uidValidity, modSeq, known, matchSequences, matchUids);
    }

    private static long number(Arg arg, String what) {
        String text = arg instanceof Arg.Atom atom ? atom.text() : "";
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadCommandException("QRESYNC: " + what + " must be a number, got " + arg);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadCommandException("QRESYNC: " + what + " is too large");
        }
    }

    /** Expands a resolved set to its numbers in order, at most {@code limit} of them (null beyond). */
    static List<Long> expand(UidSet set, int limit) {
        List<Long> numbers = new ArrayList<>();
        for (UidSet.Range r : set.ranges()) {
            for (long n = r.first(); n <= r.last(); n++) {
                if (numbers.size() == limit) {
                    return null;
                }
                numbers.add(n);
            }
        }
        return numbers;
    }
}
