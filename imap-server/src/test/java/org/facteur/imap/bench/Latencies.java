package org.facteur.imap.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Operation latencies in nanoseconds, kept whole (a run has at most a few million). */
final class Latencies {

    private long[] values = new long[1024];
    private int count;
    private long lastEnd;
    private final Map<String, Latencies> byKind = new TreeMap<>();

    void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    /** Records an operation of a kind (a command's verb), for {@link #breakdown}. */
    void add(String kind, long nanos) {
        add(nanos);
        byKind.computeIfAbsent(kind, k -> new Latencies()).add(nanos);
    }

    /** {@code KIND=p50/p99} in microseconds for each kind recorded, space-separated. */
    String breakdown() {
        StringBuilder b = new StringBuilder();
        byKind.forEach((kind, l) -> b.append(b.length() == 0 ? "" : " ").append(kind).append('=')
                .append(l.percentile(50) / 1000).append('/').append(l.percentile(99) / 1000));
        return b.toString();
    }

    /** When this client's last operation ended ({@link System#nanoTime}). */
    void ended(long nanoTime) {
        lastEnd = Math.max(lastEnd, nanoTime);
    }

    long lastEnd() {
        return lastEnd;
    }

    void addAll(Latencies other) {
        ended(other.lastEnd);
        other.byKind.forEach((kind, l) -> byKind.computeIfAbsent(kind, k -> new Latencies()).addAll(l));
        for (int i = 0; i < other.count; i++) {
            add(other.values[i]);
        }
    }

    int count() {
        return count;
    }

    /** The nearest-rank percentile; 0 when empty. */
    long percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }

    long min() {
        return count == 0 ? 0 : Arrays.stream(values, 0, count).min().getAsLong();
    }
}
