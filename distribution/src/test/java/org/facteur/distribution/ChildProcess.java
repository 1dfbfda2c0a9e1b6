package org.facteur.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A launcher run as a real child process, its output collected line by line as it comes. */
final class ChildProcess implements AutoCloseable {

    record Result(int exit, String out, String err) {
    }

    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final BlockingQueue<String> outLines = new LinkedBlockingQueue<>();
    private final Thread outReader;
    private final Thread errReader;

    private ChildProcess(Process process) {
        this.process = process;
        this.outReader = collect(process.getInputStream(), out, outLines);
        this.errReader = collect(process.getErrorStream(), err, new LinkedBlockingQueue<>());
    }

    static ChildProcess start(Path workingDirectory, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().remove("FACTEUR_CONFIG");
        return new ChildProcess(builder.start());
    }

    /** Runs to the end with {@code stdin} as standard input. */
    static Result run(Path workingDirectory, String stdin, List<String> command) throws Exception {
        try (ChildProcess child = start(workingDirectory, command)) {
            try (OutputStream in = child.process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            return child.awaitExit(Duration.ofSeconds(120));
        }
    }

    /** Waits for a line of standard output containing {@code text}, returning it. */
    String awaitLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = outLines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
            if (line == null && !process.isAlive() && outLines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("no line with \"" + text + "\"; stdout:\n" + out + "\nstderr:\n" + err);
    }

    /**
     * SIGTERM, as systemd stops the server. Through the process handle: {@link Process#destroy()}
     * would also close our ends of its output, losing what it prints while it stops.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Result awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; stdout:\n" + out + "\nstderr:\n" + err);
        }
        outReader.join(5000);
        errReader.join(5000);
        return new Result(process.exitValue(), out.toString(), err.toString());
    }

    String stdout() {
        return out.toString();
    }

    String stderr() {
        return err.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static Thread collect(InputStream stream, StringBuffer all, BlockingQueue<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    all.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException closed) {
                // The process ended.
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
