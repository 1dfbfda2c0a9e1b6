package org.facteur.imap.fetch;

import java.util.List;
import java.util.stream.Collectors;

import org.facteur.imap.protocol.ImapWriter;

/**
 * RFC 3516 4.1: {@code BINARY[part]<partial>} (sets \Seen), {@code BINARY.PEEK[part]<partial>}
 * (does not), answered as {@code BINARY[part]<origin>} with the decoded bytes; and
 * {@code BINARY.SIZE[part]}, answered with the decoded size. A part that does not exist answers
 * as BODY does: the empty string, size 0.
 *
 * @param path the part numbers; empty for the whole message
 * @param partial null when the whole section is asked for; always null for BINARY.SIZE
 */
record BinaryItem(List<Integer> path, Partial partial, boolean sizeOnly, boolean marksSeen) implements FetchItem {

    BinaryItem {
        path = List.copyOf(path);
    }

    private String name() {
        return (sizeOnly ? "BINARY.SIZE[" : "BINARY[") + path.stream().map(String::valueOf).collect(Collectors.joining("."))
                + "]";
    }

    @Override
    public void check(FetchSource message) {
        BinaryContent content = BinaryContent.of(message, path);
        if (content != null) {
            content.checkDecodable();
        }
    }

    @Override
    public void write(ImapWriter out, FetchSource message) {
        out.raw(name());
        BinaryContent content = BinaryContent.of(message, path);
        if (sizeOnly) {
            out.raw(" ").number(content == null ? 0 : content.size());
            return;
        }
        if (partial != null) {
            out.raw("<").number(partial.origin()).raw(">"); // RFC 3516 4.2: the origin only
        }
        out.raw(" ");
        if (content == null) {
            out.string("");
        } else {
            content.write(out, partial);
        }
    }

    @Override
    public String key() {
        return partial == null ? name() : name() + "<" + partial.origin() + "." + partial.count() + ">";
    }

    @Override
    public boolean needsSummary() {
        return !path.isEmpty();
    }
}
