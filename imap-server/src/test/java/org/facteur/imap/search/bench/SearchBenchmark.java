package org.facteur.imap.search.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.facteur.imap.protocol.Arg;
import org.facteur.imap.search.SearchRequest;
import org.facteur.imap.search.SearchTarget;
import org.facteur.mailbox.Flags;
import org.facteur.mailbox.MessageRecord;
import org.facteur.mailbox.SystemFlag;
import org.facteur.mailbox.mime.MessageParser;
import org.facteur.mailbox.mime.MessageSummary;

/**
 * SEARCH over 100,000 in-memory messages, each program timed against a hand-written loop that
 * tests the same thing directly (the baseline, measured in the same run), so the figures say
 * what the key tree, the context and the decoding cost. Run:
 * {@code java -cp <test classpath> org.facteur.imap.search.bench.SearchBenchmark [messages]}.
 */
public final class SearchBenchmark {

    private static final int TEMPLATES = 100;
    private static final int ROUNDS = 5;
    private static final int WARM_UP_PASSES = 3;

    private record Message(long sequenceNumber, MessageRecord record, MessageSummary summary, byte[] bytes)
            implements SearchTarget {
        @Override
        public InputStream content(long offset, long length) {
            int from = (int) Math.min(offset, bytes.length);
            return new ByteArrayInputStream(bytes, from, (int) Math.min(length, bytes.length - from));
        }
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<Message> messages = mailbox(count);
        System.out.printf("SEARCH over %,d in-memory messages (best of %d rounds, after %d warm-up passes)%n",
                count, ROUNDS, WARM_UP_PASSES);
        // Every program warms up before any is timed: the JIT compiles the key classes once they
        // have all been seen, instead of recompiling in the middle of a timed round.
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
            run(messages, true);
        }
        run(messages, false);
    }

    private static void run(List<Message> messages, boolean warmUp) {
        compare(warmUp, messages, "UNSEEN FLAGGED",
                m -> !m.record().flags().has(SystemFlag.SEEN) && m.record().flags().has(SystemFlag.FLAGGED));
        compare(warmUp, messages, "1:4294967295 UNDELETED", m -> !m.record().flags().has(SystemFlag.DELETED));
        compare(warmUp, messages, "OR 1:100 NOT KEYWORD $Junk",
                m -> m.sequenceNumber() <= 100 || !m.record().flags().hasKeyword("$Junk"));
        compare(warmUp, messages, "SUBJECT invoice",
                m -> m.summary().search().subject().toLowerCase(Locale.ROOT).contains("invoice"));
        compare(warmUp, messages, "BODY zanzibar", m -> new String(m.bytes(), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT).contains("zanzibar"));
    }

    private static List<Message> mailbox(int count) {
        List<byte[]> files = new ArrayList<>();
        List<MessageSummary> summaries = new ArrayList<>();
        for (int t = 0; t < TEMPLATES; t++) {
            byte[] file = message(t);
            files.add(file);
            summaries.add(MessageParser.parse(file));
        }
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] file = files.get(i % TEMPLATES);
            Flags flags = Flags.of(i % 3 == 0 ? Set.of(SystemFlag.SEEN) : Set.of(SystemFlag.FLAGGED),
                    i % 7 == 0 ? Set.of("$Junk") : Set.of());
            MessageRecord record = new MessageRecord(i + 1, i + 1, flags, Instant.ofEpochSecond(1_700_000_000L + i), file.length);
            messages.add(new Message(i + 1, record, summaries.get(i % TEMPLATES), file));
        }
        return messages;
    }

    private static byte[] message(int t) {
        String body = ("Line " + t + " of an ordinary message body, nothing to see here.\r\n").repeat(16)
                + (t % 10 == 0 ? "The password is zanzibar.\r\n" : "");
        return ("From: Sender " + t + " <sender" + t + "@example.com>\r\n"
                + "To: user@example.org\r\n"
                + "Subject: " + (t % 4 == 0 ? "Your invoice #" + t : "Weekly notes " + t) + "\r\n"
                + "Date: Mon, 6 Nov 2023 10:00:00 +0100\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static void compare(boolean warmUp, List<Message> messages, String program, Predicate<Message> baseline) {
        SearchRequest request = SearchRequest.parse(args(program));
        long maxSequence = messages.size();
        long maxUid = messages.get(messages.size() - 1).record().uid();
        long searchNanos = Long.MAX_VALUE;
        long baselineNanos = Long.MAX_VALUE;
        int found = 0;
        int expected = 0;
        for (int round = 0; round < (warmUp ? 1 : ROUNDS); round++) {
            long start = System.nanoTime();
            found = 0;
            for (Message m : messages) {
                if (request.matches(m, maxSequence, maxUid)) {
                    found++;
                }
            }
            searchNanos = Math.min(searchNanos, System.nanoTime() - start);
            start = System.nanoTime();
            expected = 0;
            for (Message m : messages) {
                if (baseline.test(m)) {
                    expected++;
                }
            }
            baselineNanos = Math.min(baselineNanos, System.nanoTime() - start);
        }
        if (found != expected) {
            throw new AssertionError(program + ": SEARCH found " + found + ", the baseline " + expected);
        }
        if (warmUp) {
            return;
        }
        System.out.printf("%-28s %,8d hits  %,14.0f msg/s  baseline %,14.0f msg/s  ratio %.2f%n", program, found,
                rate(messages.size(), searchNanos), rate(messages.size(), baselineNanos),
                (double) searchNanos / baselineNanos);
    }

    private static double rate(int count, long nanos) {
        return count * 1e9 / nanos;
    }

    /** The program as the lexer would hand it over: these programs hold atoms only. */
    private static List<Arg> args(String program) {
        List<Arg> args = new ArrayList<>();
        for (String word : program.split(" ")) {
            args.add(new Arg.Atom(word));
        }
        return args;
    }
}
