package org.facteur.smtp.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code perf record -F 499 -g} of this JVM while it is open, for a profile of one benchmark
 * phase that includes what JFR cannot see (system calls, the kernel's scheduling, JIT and GC
 * threads). On close, {@code jcmd Compiler.perfmap} writes {@code /tmp/perf-<pid>.map}, so
 * {@code perf report} names the JIT-compiled Java frames; their stacks need the JVM to run with
 * {@code -XX:+PreserveFramePointer} (the smtp-bench profile does).
 */
final class PerfRecord implements AutoCloseable {

    private final Process perf;

    private PerfRecord(Process perf) {
        this.perf = perf;
    }

    static PerfRecord start(Path output) throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        Process p = new ProcessBuilder("perf", "record", "-F", "499", "-g", "-p", Long.toString(pid), "-o",
                output.toString()).inheritIO().start();
        // perf attaches to every thread before it samples: without this wait the phase's first
        // messages would be missed.
        Thread.sleep(500);
        if (!p.isAlive()) {
            throw new IOException("perf record ended at once with status " + p.exitValue());
        }
        return new PerfRecord(p);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        perf.destroy(); // SIGTERM: perf writes its file and ends
        if (!perf.waitFor(60, TimeUnit.SECONDS)) {
            perf.destroyForcibly();
        }
        Process map = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(ProcessHandle.current().pid()), "Compiler.perfmap").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        map.waitFor(60, TimeUnit.SECONDS);
    }
}
