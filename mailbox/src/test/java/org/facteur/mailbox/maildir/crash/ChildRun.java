package org.facteur.mailbox.maildir.crash;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One child process and the thread that reads its report. Only complete lines count: a line
 * cut short by the kill was never seen by anyone, so it acknowledges nothing.
 */
final class ChildRun {

    private final Process process;
    private final Thread reader;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch acknowledged = new CountDownLatch(1);

    private ChildRun(Process process, Path report, Consumer<String> lines) {
        this.process = process;
        this.reader = new Thread(() -> readLines(report, lines), "child-report-" + process.pid());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static ChildRun start(List<String> command, Path stderrLog, Consumer<String> lines) {
        try {
            // The report goes to a file, not a pipe: when a process dies, the JDK drains its pipe
            // in a race with the reading thread and the tail of the output can be lost, which
            // made lines the child did write look as if they had never been said. A file keeps
            // every byte written before the SIGKILL.
            Path report = Files.createTempFile(stderrLog.getParent(), "report-", ".log");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(report.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()))
                    .start();
            return new ChildRun(p, report, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** Follows the report file until the process is dead and every byte it wrote is read. */
    private void readLines(Path report, Consumer<String> lines) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(report))) {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (process.isAlive()) {
                        Thread.sleep(2);
                        continue;
                    }
                    b = in.read(); // the process is gone: what is in the file now is all of it
                    if (b < 0) {
                        return;
                    }
                }
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.US_ASCII);
                line.reset();
                lines.accept(text);
                if (text.equals(CrashLine.READY.name())) {
                    ready.countDown();
                } else if (text.startsWith(CrashLine.ACK.name() + " ")) {
                    acknowledged.countDown();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the child's report " + report, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(report);
            } catch (IOException ignored) {
                // a temp file in the test's directory
            }
        }
    }

    /** Waits for the child to finish recovery; false if it did not within the time. */
    boolean awaitReady(long millis) throws InterruptedException {
        return ready.await(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * The child's threads as {@code jcmd Thread.print} shows them, to tell a hang from a slow
     * start when it does not become ready in time.
     */
    String threadDump() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    /** Waits for the child's first acknowledged append; false if none came in time. */
    boolean awaitFirstAck(long millis) throws InterruptedException {
        return acknowledged.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean isReady() {
        return ready.getCount() == 0;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then reads what the child said before it died. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        finish();
    }

    /** Waits for a child that exits on its own; returns its exit status. */
    int await() throws InterruptedException {
        finish();
        return process.exitValue();
    }

    private void finish() throws InterruptedException {
        process.waitFor();
        reader.join();
    }
}
