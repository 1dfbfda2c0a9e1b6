package org.facteur.mailbox.maildir.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One data directory and the children killed on it one after the other: each child recovers what
 * the one before left, and the {@link Ledger} keeps what they all acknowledged.
 */
final class CrashLane {

    /** Ids of the messages of child n start at n * ID_BLOCK, so no two children share one. */
    private static final long ID_BLOCK = 1_000_000;
    private static final int WRITERS = 4;
    /**
     * Most kills fall within this long after the child's first acknowledged append, while its
     * writers append (and flag, move, expunge).
     */
    private static final int APPEND_WINDOW_MILLIS = 300;
    /** How long a child may take to acknowledge its first append before the window starts anyway. */
    private static final long FIRST_ACK_WAIT_MILLIS = 10_000;
    /** One kill in this many falls during start-up instead: in the JVM, H2's own recovery, or ours. */
    private static final int STARTUP_KILL_ONE_IN = 5;
    /** Start-up and recovery take about 1 s on a quiet machine, 12 s on average at a load of 30. */
    private static final long READY_TIMEOUT_MILLIS = 120_000;

    final String name;
    final Path dataDir;
    final Ledger ledger = new Ledger();
    private final ChildJvm jvm;
    private final Path log;
    private final Path lines;
    private long children;
    private int kills;
    private int startupKills;
    private long startupMillis = 1000;
    private long readyMillisTotal;
    private int readyCount;

    CrashLane(String name, Path dataDir, ChildJvm jvm) {
        this.name = name;
        this.dataDir = dataDir;
        this.jvm = jvm;
        this.log = dataDir.resolveSibling(name + "-children.log");
        this.lines = dataDir.resolveSibling(name + "-lines.log");
    }

    /** A first child that stores some messages and stops cleanly, recording the JVM's class archive. */
    void firstCleanRun(int messages) throws InterruptedException {
        ChildRun child = start(jvm.record(CrashChild.class, args(String.valueOf(messages))));
        int status = child.await();
        if (status != 0) {
            throw new AssertionError("lane " + name + ": the first child failed with status " + status + "\n" + logTail());
        }
    }

    /** Starts a child and kills it at a random instant, mostly while it appends. */
    void killOne(Random random) throws InterruptedException {
        long started = System.nanoTime();
        ChildRun child = start(jvm.command(CrashChild.class, args()));
        if (random.nextInt(STARTUP_KILL_ONE_IN) == 0) {
            Thread.sleep(random.nextLong(startupMillis + 1));
        } else {
            if (!child.awaitReady(READY_TIMEOUT_MILLIS)) {
                String dump = child.threadDump();
                child.kill();
                String kept = preserve(List.of());
                throw new AssertionError("lane " + name + ": a child did not finish recovery in "
                        + READY_TIMEOUT_MILLIS + " ms\n" + logTail() + "\n" + kept + "its threads:\n" + dump);
            }
            startupMillis = (System.nanoTime() - started) / 1_000_000;
            readyMillisTotal += startupMillis;
            readyCount++;
            // On a loaded machine the first append can take longer than the whole window: a
            // child killed before it acknowledged anything tests recovery but not the ledger.
            child.awaitFirstAck(FIRST_ACK_WAIT_MILLIS);
            Thread.sleep(random.nextInt(APPEND_WINDOW_MILLIS));
        }
        if (!child.isAlive()) {
            throw new AssertionError("lane " + name + ": a child died before it was killed\n" + logTail());
        }
        boolean duringStartup = !child.isReady();
        child.kill();
        kills++;
        if (duringStartup) {
            startupKills++;
        }
        removeStaleH2Lock();
    }

    private ChildRun start(List<String> command) {
        ledger.childStarting();
        String child = "c" + (children) + " ";
        return ChildRun.start(command, log, line -> {
            appendLine(child + line);
            ledger.accept(line);
        });
    }

    /** Every line the children said, prefixed by the child's number, for diagnosing a failure. */
    private void appendLine(String line) {
        try {
            Files.writeString(lines, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Keeps what a failed audit needs for a diagnosis: the data directory, the children's stderr
     * and their report lines, copied under {@code /tmp/crashfix-<n>/}, and for each message named
     * in a problem its report lines and the files that hold it. Returns that account.
     */
    String preserve(List<String> problems) {
        StringBuilder b = new StringBuilder();
        try {
            Path keep = null;
            for (int n = 1; keep == null; n++) {
                Path candidate = Path.of("/tmp", "crashfix-" + n);
                try {
                    Files.createDirectory(candidate);
                    keep = candidate;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // next
                }
            }
            Path to = keep.resolve(name);
            try (var walk = Files.walk(dataDir)) {
                for (Path p : walk.toList()) {
                    Path target = to.resolve("data").resolve(dataDir.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            for (Path f : List.of(log, lines)) {
                if (Files.exists(f)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
            b.append("kept in ").append(to).append('\n');
            Set<String> ids = new TreeSet<>();
            Matcher m = Pattern.compile("message (\\d+)").matcher(String.join("\n", problems));
            while (m.find()) {
                ids.add(m.group(1));
            }
            List<String> said = Files.exists(lines) ? Files.readAllLines(lines) : List.of();
            for (String id : ids) {
                b.append("message ").append(id).append(":\n");
                for (String l : said) {
                    if (l.matches(".* " + id + "( .*)?")) {
                        b.append("  said: ").append(l).append('\n');
                    }
                }
                try (var walk = Files.walk(dataDir.resolve("mail"))) {
                    for (Path p : walk.filter(Files::isRegularFile).toList()) {
                        String text = new String(Files.readAllBytes(p), StandardCharsets.US_ASCII);
                        if (text.contains(CrashMessages.ID_HEADER + ": " + id + "\r\n")) {
                            b.append("  file: ").append(dataDir.relativize(p)).append('\n');
                        }
                    }
                }
            }
        } catch (IOException e) {
            b.append("(cannot keep the data: ").append(e).append(")\n");
        }
        return b.toString();
    }

    private String[] args(String... more) {
        children++;
        String[] base = {dataDir.toString(), String.valueOf(children * ID_BLOCK), String.valueOf(WRITERS)};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /**
     * H2's FILE lock method makes whoever finds a lock file wait about 4 s to be sure its owner is
     * dead. We know it is (we reaped it), and the wait would cap the test at a few dozen kills.
     * The file holds no data; the store's own {@code facteur.lock} is an OS lock and needs nothing.
     */
    private void removeStaleH2Lock() {
        try {
            Files.deleteIfExists(dataDir.resolve("index").resolve("facteur.lock.db"));
        } catch (IOException e) {
            throw new AssertionError("cannot remove H2's stale lock file", e);
        }
    }

    int kills() {
        return kills;
    }

    int startupKills() {
        return startupKills;
    }

    /** The mean time from starting a child to the end of its recovery. */
    long meanStartupMillis() {
        return readyCount == 0 ? 0 : readyMillisTotal / readyCount;
    }

    String logTail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
