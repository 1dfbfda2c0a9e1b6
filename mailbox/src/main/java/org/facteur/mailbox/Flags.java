package org.facteur.mailbox;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flags of one message: system flags and keywords (RFC 3501 2.3.2). Immutable. Keywords keep
 * the case they were first written with but compare case-insensitively, as IMAP clients expect.
 */
public final class Flags {

    public static final Flags NONE = new Flags(0, Set.of());

    private final int systemBits;
    private final Set<String> keywords;

    private Flags(int systemBits, Set<String> keywords) {
        this.systemBits = systemBits;
        this.keywords = keywords;
    }

    public static Flags of(SystemFlag... flags) {
        int bits = 0;
        for (SystemFlag f : flags) {
            bits |= f.bit();
        }
        return new Flags(bits, Set.of());
    }

    public static Flags of(Set<SystemFlag> system, Set<String> keywords) {
        int bits = 0;
        for (SystemFlag f : system) {
            bits |= f.bit();
        }
        return new Flags(bits, sorted(keywords));
    }

    /** Rebuilds flags from their stored form ({@link #systemBits()} and {@link #keywordString()}). */
    public static Flags fromStored(int systemBits, String keywordString) {
        if (keywordString == null || keywordString.isEmpty()) {
            return systemBits == 0 ? NONE : new Flags(systemBits, Set.of());
        }
        return new Flags(systemBits, sorted(Set.of(keywordString.split(" "))));
    }

    private static Set<String> sorted(Set<String> keywords) {
        if (keywords.isEmpty()) {
            return Set.of();
        }
        TreeSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(keywords);
        return Collections.unmodifiableSet(set);
    }

    public boolean has(SystemFlag flag) {
        return (systemBits & flag.bit()) != 0;
    }

    public boolean hasKeyword(String keyword) {
        return keywords.contains(keyword);
    }

    public Set<SystemFlag> systemFlags() {
        EnumSet<SystemFlag> set = EnumSet.noneOf(SystemFlag.class);
        for (SystemFlag f : SystemFlag.values()) {
            if (has(f)) {
                set.add(f);
            }
        }
        return set;
    }

    /** Keywords in case-insensitive order. */
    public Set<String> keywords() {
        return keywords;
    }

    public Flags plus(Flags other) {
        TreeSet<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        k.addAll(keywords);
        k.addAll(other.keywords);
        return new Flags(systemBits | other.systemBits, sorted(k));
    }

    public Flags minus(Flags other) {
        TreeSet<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        k.addAll(keywords);
        k.removeAll(other.keywords);
        return new Flags(systemBits & ~other.systemBits, sorted(k));
    }

    public Flags with(SystemFlag flag) {
        return new Flags(systemBits | flag.bit(), keywords);
    }

    public int systemBits() {
        return systemBits;
    }

    /** Keywords joined by single spaces (keywords are IMAP atoms, so they contain no space). */
    public String keywordString() {
        return String.join(" ", keywords);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Flags other) || other.systemBits != systemBits) {
            return false;
        }
        TreeSet<String> a = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        a.addAll(keywords);
        return a.size() == other.keywords.size() && a.containsAll(other.keywords);
    }

    @Override
    public int hashCode() {
        int h = systemBits;
        for (String k : keywords) {
            h = 31 * h + k.toLowerCase(java.util.Locale.ROOT).hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("(");
        for (SystemFlag f : systemFlags()) {
            b.append(b.length() > 1 ? " " : "").append(f.imapName());
        }
        for (String k : keywords) {
            b.append(b.length() > 1 ? " " : "").append(k);
        }
        return b.append(')').toString();
    }
}
