package org.facteur.imap.support;

import java.util.function.IntToLongFunction;

/**
 * How an operation's cost grows with the mailbox: the best of several timed runs on a large size
 * and on one ten times smaller, taking turns so that the JIT and the neighbours' load treat them
 * alike. A ratio near 10 means linear in total, near 100 quadratic. For benchmark mains, not tests.
 */
public final class ScalingRatio {

    private static final int WARM_UPS = 3;
    private static final int ROUNDS = 7;

    private ScalingRatio() {
    }

    /** Prints both sizes' best times and their ratio; {@code nanosFor} runs once on a size. */
    public static void print(String title, int large, IntToLongFunction nanosFor) {
        int small = large / 10;
        for (int warmUp = 0; warmUp < WARM_UPS; warmUp++) {
            nanosFor.applyAsLong(small);
            nanosFor.applyAsLong(large);
        }
        long smallNanos = Long.MAX_VALUE;
        long largeNanos = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            smallNanos = Math.min(smallNanos, nanosFor.applyAsLong(small));
            largeNanos = Math.min(largeNanos, nanosFor.applyAsLong(large));
        }
        System.out.printf("%s (best of %d rounds)%n", title, ROUNDS);
        printSize(small, smallNanos);
        printSize(large, largeNanos);
        System.out.printf("  ratio %,d / %,d messages: %.1f (10 is linear in total, 100 quadratic)%n", large, small,
                (double) largeNanos / smallNanos);
    }

    private static void printSize(int messages, long nanos) {
        System.out.printf("  %,7d messages: %,10.2f ms (%,.0f ns per message)%n", messages, nanos / 1e6,
                (double) nanos / messages);
    }
}
