package org.facteur.mailbox.maildir.crash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    private ChildRun(Process process, Consumer<String> lines) {
        this.process = process;
        this.reader = new Thread(() -> readLines(process.getInputStream(), lines), "child-report-" + process.pid());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static ChildRun start(List<String> command, Path stderrLog, Consumer<String> lines) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()))
                    .start();
            return new ChildRun(p, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    private void readLines(InputStream in, Consumer<String> lines) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (in) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.US_ASCII);
                line.reset();
                lines.accept(text);
                if (text.equals(CrashLine.READY.name())) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the pipe broke with the process: what was read is all there is
        }
    }

    /** Waits for the child to finish recovery; false if it did not within the time. */
    boolean awaitReady(long millis) throws InterruptedException {
        return ready.await(millis, TimeUnit.MILLISECONDS);
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
