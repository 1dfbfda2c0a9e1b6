package org.facteur.imap.sort;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/** A node of a thread tree (RFC 5256 3): a message, or a dummy standing for a missing parent. */
final class ThreadNode {

    /** Null for a dummy; set when the message of a referenced Message-ID turns up. */
    SortMessage message;
    ThreadNode parent;
    final List<ThreadNode> children = new ArrayList<>();

    ThreadNode(SortMessage message) {
        this.message = message;
    }

    boolean isDummy() {
        return message == null;
    }

    void add(ThreadNode child) {
        child.parent = this;
        children.add(child);
    }

    void remove(ThreadNode child) {
        children.remove(child);
        child.parent = null;
    }

    /** Whether {@code other} is this node or one of its ancestors. */
    boolean hasAncestorOrSelf(ThreadNode other) {
        for (ThreadNode n = this; n != null; n = n.parent) {
            if (n == other) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 5256 3 (REFERENCES step 4): a dummy sorts by its first child's date, after its children
     * are sorted; ties by sequence number.
     */
    Instant sortDate() {
        return message != null ? message.sentDate() : children.isEmpty() ? Instant.EPOCH : children.get(0).sortDate();
    }

    long sortSequence() {
        return message != null ? message.sequenceNumber() : children.isEmpty() ? 0 : children.get(0).sortSequence();
    }

    static final Comparator<ThreadNode> BY_DATE =
            Comparator.comparing(ThreadNode::sortDate).thenComparingLong(ThreadNode::sortSequence);

    /** Sorts every set of siblings under these nodes, then the nodes themselves, by sent date. */
    static void sortTree(List<ThreadNode> nodes) {
        for (ThreadNode n : nodes) {
            sortTree(n.children);
        }
        nodes.sort(BY_DATE);
    }

    /**
     * RFC 5256 BASE.6.4.THREAD's thread-list: {@code (3 6 (4 23)(44 7 96))}: a chain of only
     * children as numbers, siblings as nested lists, dummies left out.
     */
    static String format(List<ThreadNode> roots, ToLongFunction<SortMessage> number) {
        StringBuilder b = new StringBuilder();
        for (ThreadNode root : roots) {
            b.append('(');
            root.members(b, number);
            b.append(')');
        }
        return b.toString();
    }

    private void members(StringBuilder b, ToLongFunction<SortMessage> number) {
        ThreadNode n = this;
        boolean first = true;
        while (true) {
            if (!n.isDummy()) {
                b.append(first ? "" : " ").append(number.applyAsLong(n.message));
                first = false;
            }
            if (n.children.size() != 1) {
                break;
            }
            n = n.children.get(0);
        }
        if (n.children.size() > 1) {
            if (!first) {
                b.append(' ');
            }
            for (ThreadNode child : n.children) {
                b.append('(');
                child.members(b, number);
                b.append(')');
            }
        }
    }
}
