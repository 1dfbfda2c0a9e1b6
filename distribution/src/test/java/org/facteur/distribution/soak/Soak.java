package org.facteur.distribution.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.ObjectName;
import javax.net.ssl.SSLContext;

import org.facteur.distribution.config.Endpoint;
import org.facteur.distribution.testing.FacteurExtension;
import org.facteur.mailbox.bench.ResultTable;

/**
 * The soak test (issue 8 item 6; on demand, not in CI): the whole server in this JVM under mixed
 * load for {@code soak.minutes} (10 by default): SMTP deliveries, IMAP sessions over TLS
 * (login, select, list flags, fetch a message, flag it, expunge the oldest) and POP3 sessions
 * over TLS (retrieve and delete the oldest), each in a loop on its own threads, new connections
 * every time. Every 30 s, after a full GC: the heap in use, the live threads and the open file
 * descriptors of the process. Nothing may grow: the last third of the samples is compared with
 * the first third after a warm-up minute. Run:
 *
 * <pre>mvn -q -o -pl distribution -am -Psoak test-compile -Dsoak.minutes=10</pre>
 */
public final class Soak {

    private static final String[] USERS = {"alice@example.test", "bob@example.test", "carol@example.test"};
    private static final String PASSWORD = "soak password";
    private static final String MESSAGE = "Subject: soak\r\nFrom: soak@remote.test\r\n\r\n"
            + "A line of text that makes the message a few kilobytes long.\r\n".repeat(80);
    private static final long SAMPLE_MILLIS = 30_000;
    /** Messages an IMAP session leaves in an INBOX. */
    private static final int KEPT = 20;
    /** Allowed growth between the first and the last third: a GC'd heap varies by a few MB. */
    private static final long HEAP_SLACK = 24L << 20;
    private static final int THREAD_SLACK = 4;
    private static final int FD_SLACK = 16;

    private record Sample(long seconds, long heap, int threads, long fds, long operations, long messages) {
    }

    private final FacteurExtension facteur;
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean stopped;

    private Soak(FacteurExtension facteur) {
        this.facteur = facteur;
    }

    public static void main(String[] args) throws Exception {
        double minutes = Double.parseDouble(System.getProperty("soak.minutes", "10"));
        boolean ok;
        try (FacteurExtension facteur = FacteurExtension.withUser(USERS[0], PASSWORD).start()) {
            for (int i = 1; i < USERS.length; i++) {
                facteur.addUser(USERS[i], PASSWORD);
            }
            ok = new Soak(facteur).run((long) (minutes * 60_000));
        }
        System.exit(ok ? 0 : 1);
    }

    private boolean run(long millis) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threads.add(loop("soak-smtp-" + i, this::smtp));
            threads.add(loop("soak-imap-" + i, this::imap));
        }
        for (int i = 0; i < 2; i++) {
            threads.add(loop("soak-pop3-" + i, this::pop3));
        }
        List<Sample> samples = new ArrayList<>();
        Map<String, Long> threadsAtStart = null;
        Map<String, Long> heapAtStart = null;
        long start = System.nanoTime();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(Math.min(SAMPLE_MILLIS, Math.max(1, end - System.currentTimeMillis())));
            samples.add(sample((System.nanoTime() - start) / 1_000_000_000));
            if (threadsAtStart == null && samples.get(samples.size() - 1).seconds() >= 60) {
                threadsAtStart = threadsByName();
                heapAtStart = bytesByClass();
            }
            Sample s = samples.get(samples.size() - 1);
            System.out.printf("%4d s: heap %d MB, %d threads, %d open files, %d messages in the INBOXes, %d operations,"
                    + " %d failed%n", s.seconds(), s.heap() >> 20, s.threads(), s.fds(), s.messages(), s.operations(),
                    failures.get());
        }
        if (threadsAtStart != null) {
            // Where threads came from: pools that grow on demand up to their size are not a leak.
            Map<String, Long> now = threadsByName();
            Map<String, Long> before = threadsAtStart;
            System.out.println("threads by name, after the warm-up minute -> at the end:");
            new java.util.TreeSet<>(now.keySet()).forEach(name -> {
                long then = before.getOrDefault(name, 0L);
                if (then != now.get(name)) {
                    System.out.printf("  %s: %d -> %d%n", name, then, now.get(name));
                }
            });
        }
        if (heapAtStart != null) {
            printHeapGrowth(heapAtStart, bytesByClass());
        }
        stopped = true;
        for (Thread t : threads) {
            t.join(60_000);
        }
        return verdict(samples);
    }

    /** Where heap growth went, so that a failed verdict names its suspects. */
    private static void printHeapGrowth(Map<String, Long> before, Map<String, Long> after) {
        System.out.println("live heap by class, after the warm-up minute -> at the end (largest growth first):");
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(15)
                .forEach(e -> System.out.printf("  %+,12d bytes  %s (now %,d)%n", e.getValue(), e.getKey(),
                        after.get(e.getKey())));
    }

    /** The live objects' bytes per class, from the JVM's own class histogram (it runs a full GC first). */
    private static Map<String, Long> bytesByClass() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, Long> bytes = new HashMap<>();
        Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)")
                .matcher(histogram);
        while (row.find()) {
            bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
        }
        return bytes;
    }

    private boolean verdict(List<Sample> all) {
        List<Sample> samples = all.stream().filter(s -> s.seconds() >= 60).toList();
        if (samples.size() < 3) {
            System.out.println("too short to judge: run at least 3 minutes");
            return false;
        }
        int third = Math.max(1, samples.size() / 3);
        List<Sample> first = samples.subList(0, third);
        List<Sample> last = samples.subList(samples.size() - third, samples.size());
        long heapGrowth = mean(last, Sample::heap) - mean(first, Sample::heap);
        long threadGrowth = mean(last, s -> s.threads()) - mean(first, s -> s.threads());
        long fdGrowth = mean(last, Sample::fds) - mean(first, Sample::fds);
        Sample end = all.get(all.size() - 1);
        ResultTable table = new ResultTable("soak");
        table.add(String.format("%d s of mixed load: SMTP, IMAPS, POP3S operations (failed)", end.seconds()),
                end.operations() + " (" + failures.get() + ")", "no failures", failures.get() == 0);
        table.add("heap in use after GC, last third - first third", mb(heapGrowth) + " (now " + mb(end.heap()) + ")",
                "< " + mb(HEAP_SLACK), heapGrowth < HEAP_SLACK);
        table.add("live threads, last third - first third", threadGrowth + " (now " + end.threads() + ")",
                "<= " + THREAD_SLACK, threadGrowth <= THREAD_SLACK);
        table.add("open file descriptors, last third - first third", fdGrowth + " (now " + end.fds() + ")",
                "<= " + FD_SLACK, fdGrowth <= FD_SLACK);
        table.print(System.out);
        return failures.get() == 0 && heapGrowth < HEAP_SLACK && threadGrowth <= THREAD_SLACK && fdGrowth <= FD_SLACK;
    }

    private Sample sample(long seconds) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            fds = open.count();
        }
        long messages = 0;
        for (String user : USERS) {
            var store = facteur.server().context().store();
            messages += store.status(store.mailbox(user, "INBOX").orElseThrow().id()).messages();
        }
        return new Sample(seconds, memory.getHeapMemoryUsage().getUsed(),
                ManagementFactory.getThreadMXBean().getThreadCount(), fds, operations.get(), messages);
    }

    private interface Operation {
        void run(Random random) throws IOException;
    }

    private Thread loop(String name, Operation operation) {
        Thread t = new Thread(() -> {
            Random random = ThreadLocalRandom.current();
            while (!stopped) {
                try {
                    operation.run(random);
                    operations.incrementAndGet();
                } catch (IOException e) {
                    failures.incrementAndGet();
                    System.out.println(name + ": " + e.getMessage());
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void smtp(Random random) throws IOException {
        try (LineSession s = new LineSession(facteur.port(Endpoint.SMTP), null)) {
            s.smtpReply("220");
            s.send("EHLO soak.remote.test\r\n");
            s.smtpReply("250");
            for (int i = 0; i < 5; i++) {
                s.send("MAIL FROM:<soak@remote.test>\r\nRCPT TO:<" + USERS[random.nextInt(USERS.length)] + ">\r\nDATA\r\n");
                s.smtpReply("250");
                s.smtpReply("250");
                s.smtpReply("354");
                s.send(MESSAGE + ".\r\n");
                s.smtpReply("250");
            }
            s.send("QUIT\r\n");
            s.smtpReply("221");
        }
    }

    private void imap(Random random) throws IOException {
        SSLContext tls = facteur.clientTls();
        try (LineSession s = new LineSession(facteur.port(Endpoint.IMAPS), tls)) {
            LineSession.expect(s.line(), "* OK");
            s.send("a LOGIN " + USERS[random.nextInt(USERS.length)] + " \"" + PASSWORD + "\"\r\n");
            s.imapTagged("a");
            // UID commands only: other sessions expunge meanwhile, and EXPUNGE responses may come
            // during a UID command (RFC 3501 7.4.1), which would shift sequence numbers under us.
            s.send("b SELECT INBOX\r\nc UID FETCH 1:* (FLAGS)\r\nd UID FETCH * (BODY.PEEK[] ENVELOPE BODYSTRUCTURE)\r\n"
                    + "e UID STORE * +FLAGS (\\Seen)\r\nf UID SEARCH ALL\r\n");
            s.imapTagged("b");
            s.imapTagged("c");
            s.imapTagged("d");
            s.imapTagged("e");
            String[] uids = s.imapTagged("f", Pattern.compile("\\* SEARCH.*")).split(" ");
            if (uids.length > 2 + KEPT) {
                // Keeps each INBOX near KEPT messages, so that what the heap holds for the data stays
                // the same size and only a leak can make it grow: all but the newest go.
                String oldest = uids[2] + ":" + uids[uids.length - 1 - KEPT];
                s.send("g UID STORE " + oldest + " +FLAGS.SILENT (\\Deleted)\r\nh UID EXPUNGE " + oldest + "\r\n");
                s.imapTagged("g");
                s.imapTagged("h");
            }
            s.send("i LOGOUT\r\n");
            s.imapTagged("i");
        }
    }

    private void pop3(Random random) throws IOException {
        try (LineSession s = new LineSession(facteur.port(Endpoint.POP3S), facteur.clientTls())) {
            LineSession.expect(s.line(), "+OK");
            s.send("USER " + USERS[random.nextInt(USERS.length)] + "\r\n");
            LineSession.expect(s.line(), "+OK");
            s.send("PASS " + PASSWORD + "\r\n");
            LineSession.expect(s.line(), "+OK");
            s.send("STAT\r\n");
            String stat = s.line();
            LineSession.expect(stat, "+OK");
            int count = Integer.parseInt(stat.split(" ")[1]);
            if (count > 0) {
                s.send("UIDL\r\n");
                LineSession.expect(s.line(), "+OK");
                s.pop3MultiLine();
                // IMAP sessions expunge too: a message gone since this session began is refused, as it should be.
                s.send("RETR 1\r\n");
                String retr = s.line();
                if (retr.startsWith("+OK")) {
                    s.pop3MultiLine();
                    s.send("DELE 1\r\n");
                    LineSession.expect(s.line(), "+OK");
                } else {
                    LineSession.expect(retr, "-ERR Message 1 was removed by another session");
                }
            }
            s.send("QUIT\r\n");
            LineSession.expect(s.line(), "+OK");
        }
    }

    /** Live threads counted by name, digits dropped (pool-3-thread-7 and pool-3-thread-8 count together). */
    private static Map<String, Long> threadsByName() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("\\d+", "#"), Collectors.counting()));
    }

    private static long mean(List<Sample> samples, java.util.function.ToLongFunction<Sample> value) {
        return (long) samples.stream().mapToLong(value).average().orElse(0);
    }

    private static String mb(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
