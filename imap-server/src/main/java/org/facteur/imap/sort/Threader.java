package org.facteur.imap.sort;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** The THREAD algorithms of RFC 5256 3: ORDEREDSUBJECT and REFERENCES. */
public enum Threader {

    ORDEREDSUBJECT {
        /**
         * Messages with one base subject form a thread: the earliest is the parent, the others its
         * children by sent date; threads ordered by their first message's date.
         */
        @Override
        List<ThreadNode> threads(List<? extends SortMessage> messages) {
            Map<String, ThreadNode> bySubject = new LinkedHashMap<>();
            List<? extends SortMessage> sorted = new ArrayList<>(messages);
            sorted.sort(java.util.Comparator.comparing(SortMessage::sentDate)
                    .thenComparingLong(SortMessage::sequenceNumber));
            for (SortMessage m : sorted) {
                String subject = BaseSubject.of(m.keys().subject()).text();
                ThreadNode parent = bySubject.get(subject);
                if (parent == null) {
                    bySubject.put(subject, new ThreadNode(m));
                } else {
                    parent.add(new ThreadNode(m));
                }
            }
            List<ThreadNode> roots = new ArrayList<>(bySubject.values());
            roots.sort(ThreadNode.BY_DATE);
            return roots;
        }
    },

    REFERENCES {
        @Override
        List<ThreadNode> threads(List<? extends SortMessage> messages) {
            return new ReferencesThreader().threads(messages);
        }
    };

    abstract List<ThreadNode> threads(List<? extends SortMessage> messages);

    /** The THREAD response's data: {@code (1)(2 3)(4 (5)(6))}, each message as {@code number} gives it. */
    public String thread(List<? extends SortMessage> messages, ToLongFunction<SortMessage> number) {
        return ThreadNode.format(threads(messages), number);
    }

    /** The algorithm of a THREAD command, or null. */
    public static Threader named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** RFC 5256 3 REFERENCES, steps 1 to 6. */
    private static final class ReferencesThreader {

        private final Map<String, ThreadNode> byId = new HashMap<>();

        List<ThreadNode> threads(List<? extends SortMessage> messages) {
            for (SortMessage m : messages) {
                link(m);
            }
            // (2) The root set: containers without a parent.
            List<ThreadNode> roots = new ArrayList<>();
            for (ThreadNode n : byId.values()) {
                if (n.parent == null) {
                    roots.add(n);
                }
            }
            // (3) Dummies without children go; a dummy's children take its place, except at the
            // root where a dummy with several children stays.
            roots = prune(roots, true);
            // (4) Sort by sent date, siblings too.
            ThreadNode.sortTree(roots);
            // (5) Threads with the same base subject are merged.
            roots = mergeBySubject(roots);
            // (6) Sorted again.
            ThreadNode.sortTree(roots);
            return roots;
        }

        /** (1) Links the message under its References (or first In-Reply-To) chain. */
        private void link(SortMessage m) {
            var fields = m.keys();
            String id = fields.messageId();
            ThreadNode node = id == null ? null : byId.get(id);
            if (node == null || !node.isDummy()) {
                // No Message-ID, or a duplicate: the message gets a unique one (RFC 5256 3 (1)).
                if (id == null || node != null) {
                    id = "<facteur-dup-" + m.record().uid() + "@" + System.identityHashCode(m) + ">";
                }
                node = new ThreadNode(m);
                byId.put(id, node);
            } else {
                node.message = m;
            }
            List<String> references = !fields.references().isEmpty() ? fields.references()
                    : fields.inReplyTo().isEmpty() ? List.of() : List.of(fields.inReplyTo().get(0));
            ThreadNode previous = null;
            for (String ref : references) {
                ThreadNode container = byId.computeIfAbsent(ref, r -> new ThreadNode(null));
                // (1A) Link each reference to the next, unless one already has a parent or a loop would form.
                if (previous != null && container.parent == null && container != previous
                        && !previous.hasAncestorOrSelf(container)) {
                    previous.add(container);
                }
                previous = container;
            }
            // (1B) The last reference is the parent, replacing any other, unless that makes a loop.
            if (node.parent != null) {
                node.parent.remove(node);
            }
            if (previous != null && previous != node && !previous.hasAncestorOrSelf(node)) {
                previous.add(node);
            }
        }

        private static List<ThreadNode> prune(List<ThreadNode> nodes, boolean atRoot) {
            List<ThreadNode> kept = new ArrayList<>();
            for (ThreadNode n : nodes) {
                List<ThreadNode> children = prune(new ArrayList<>(n.children), false);
                n.children.clear();
                for (ThreadNode c : children) {
                    c.parent = n;
                    n.children.add(c);
                }
                if (!n.isDummy()) {
                    kept.add(n);
                } else if (n.children.isEmpty()) {
                    continue;
                } else if (atRoot && n.children.size() > 1) {
                    kept.add(n);
                } else {
                    for (ThreadNode c : n.children) {
                        c.parent = null;
                        kept.add(c);
                    }
                    n.children.clear();
                }
            }
            return kept;
        }

        private static SortMessage subjectMessage(ThreadNode n) {
            return n.isDummy() ? n.children.get(0).message : n.message;
        }

        private static BaseSubject subject(ThreadNode n) {
            SortMessage m = subjectMessage(n);
            return m == null ? BaseSubject.NONE : BaseSubject.of(m.keys().subject());
        }

        /** (5) RFC 5256 3: group the root set by base subject. */
        private static List<ThreadNode> mergeBySubject(List<ThreadNode> roots) {
            // Each root's base subject, extracted once: merging never changes a root's first message.
            Map<ThreadNode, BaseSubject> subjects = new IdentityHashMap<>();
            Function<ThreadNode, BaseSubject> subject = n -> subjects.computeIfAbsent(n,
                    ReferencesThreader::subject);
            Map<String, ThreadNode> table = new HashMap<>();
            for (ThreadNode n : roots) {
                BaseSubject s = subject.apply(n);
                if (s.text().isEmpty()) {
                    continue;
                }
                ThreadNode old = table.get(s.text());
                if (old == null || (!old.isDummy() && n.isDummy())
                        || (subject.apply(old).replyOrForward() && !s.replyOrForward())) {
                    table.put(s.text(), n);
                }
            }
            List<ThreadNode> result = new ArrayList<>();
            Map<ThreadNode, ThreadNode> replaced = new HashMap<>();
            for (ThreadNode n : roots) {
                BaseSubject s = subject.apply(n);
                ThreadNode target = s.text().isEmpty() ? null : table.get(s.text());
                if (target == null || target == n) {
                    result.add(n);
                    continue;
                }
                ThreadNode holder = replaced.getOrDefault(target, target);
                if (holder != target) {
                    // The table's thread already sits under a new dummy: join it there.
                    holder.add(n);
                } else if (target.isDummy() && n.isDummy()) {
                    for (ThreadNode c : new ArrayList<>(n.children)) {
                        n.remove(c);
                        target.add(c);
                    }
                } else if (target.isDummy()) {
                    target.add(n);
                } else if (!subject.apply(target).replyOrForward() && s.replyOrForward()) {
                    target.add(n);
                } else {
                    ThreadNode dummy = new ThreadNode(null);
                    int at = result.indexOf(target);
                    dummy.add(target);
                    dummy.add(n);
                    replaced.put(target, dummy);
                    if (at >= 0) {
                        result.set(at, dummy);
                    } else {
                        // The table's thread comes later in the root set: it will be dropped there.
                        result.add(dummy);
                    }
                }
            }
            // Drop roots that were put under another node after being listed.
            result.removeIf(n -> n.parent != null);
            return result;
        }
    }
}
