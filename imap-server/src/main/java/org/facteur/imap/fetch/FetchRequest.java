package org.facteur.imap.fetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.ImapWriter;

/**
 * The data items of one FETCH or UID FETCH command (RFC 3501 6.4.5), parsed once and written for
 * each message. Items answer in the order asked, each once.
 */
public final class FetchRequest {

    private final List<FetchItem> items;

    private FetchRequest(List<FetchItem> items) {
        // RFC 3501 7.4.2 answers each item once: of BODY[1] and BODY.PEEK[1], the one that sets \Seen stays.
        Map<String, FetchItem> byKey = new LinkedHashMap<>();
        for (FetchItem item : items) {
            byKey.merge(item.key(), item, (first, again) -> again.marksSeen() ? again : first);
        }
        this.items = List.copyOf(byKey.values());
    }

    /**
     * The arguments after the sequence set: one item atom, a macro (ALL, FAST, FULL) or a Group
     * of items.
     *
     * @throws BadCommandException when they break the grammar of RFC 3501 9 ("fetch")
     */
    public static FetchRequest parse(List<Arg> args) {
        return new FetchRequest(ItemParser.parse(args));
    }

    /**
     * UID FETCH: the UID item is always in the response (RFC 3501 6.4.8); it goes first. Also
     * after an implicit \Seen once CONDSTORE is enabled (RFC 7162 3.2.4).
     */
    public FetchRequest withUid() {
        if (items.contains(MessageAttribute.UID)) {
            return this;
        }
        List<FetchItem> withUid = new ArrayList<>(items.size() + 1);
        withUid.add(MessageAttribute.UID);
        withUid.addAll(items);
        return new FetchRequest(withUid);
    }

    /** Adds MODSEQ (RFC 7162 3.1.4.1: CHANGEDSINCE implies it; 3.2.4 after an implicit \Seen). */
    public FetchRequest withModSeq() {
        if (items.contains(MessageAttribute.MODSEQ)) {
            return this;
        }
        List<FetchItem> with = new ArrayList<>(items);
        with.add(MessageAttribute.MODSEQ);
        return new FetchRequest(with);
    }

    /** Whether MODSEQ was asked for (RFC 7162 3.1: a CONDSTORE enabling command). */
    public boolean asksModSeq() {
        return items.contains(MessageAttribute.MODSEQ);
    }

    /** BODY[...] without .PEEK, RFC822 and RFC822.TEXT set {@code \Seen} (RFC 3501 6.4.5). */
    public boolean marksSeen() {
        return items.stream().anyMatch(FetchItem::marksSeen);
    }

    /** Whether any item needs {@link FetchSource#summary()}. */
    public boolean needsSummary() {
        return items.stream().anyMatch(FetchItem::needsSummary);
    }

    /**
     * Writes the whole untagged response {@code * <seq> FETCH (...)\r\n}; {@code includeFlags}
     * adds FLAGS even if not asked (after an implicit {@code \Seen}, RFC 3501 6.4.5 wants the
     * client told of the change).
     *
     * @throws UnknownEncodingException before anything is written, for a BINARY item that cannot be decoded
     */
    public void write(ImapWriter out, long sequenceNumber, FetchSource message, boolean includeFlags) {
        for (FetchItem item : items) {
            item.check(message);
        }
        out.raw("* ").number(sequenceNumber).raw(" FETCH (");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.raw(" ");
            }
            items.get(i).write(out, message);
        }
        if (includeFlags && !items.contains(MessageAttribute.FLAGS)) {
            out.raw(items.isEmpty() ? "" : " ");
            MessageAttribute.FLAGS.write(out, message);
        }
        out.raw(")\r\n");
    }
}
