package org.facteur.smtp.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's CPU time so far: the total from the JVM (nanoseconds) and, where Linux's
 * /proc/self/stat can be read, its user and system parts (clock ticks of 10 ms, converted), so a
 * benchmark can say how much of a message's cost is the kernel's (fsyncs, loopback TCP).
 */
record ProcessCpu(long totalNanos, long userNanos, long systemNanos, long jitNanos) {

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on every Linux we run on
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    static ProcessCpu now() {
        long total = OS.getProcessCpuTime();
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name (which may hold spaces, hence the last ')'):
            // state is field 3; utime and stime are fields 14 and 15 (proc(5)).
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new ProcessCpu(total, Long.parseLong(f[11]) * TICK_NANOS, Long.parseLong(f[12]) * TICK_NANOS,
                    compilerThreadsNanos());
        } catch (IOException | RuntimeException e) {
            return new ProcessCpu(total, -1, -1, -1);
        }
    }

    /**
     * CPU time of the JIT's compiler threads ({@code C1/C2 CompilerThread}), from
     * /proc/self/task: a phase that still compiles pays for it, and the code's own cost is the
     * rest. An under-estimate when the JVM ends a compiler thread meanwhile (its time leaves the
     * sum).
     */
    private static long compilerThreadsNanos() throws IOException {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
                }
            }
        }
        return sum;
    }

    /** "812 µs (user 560 + sys 252; 700 µs without the JIT's threads)" per message between {@code before} and this. */
    String perMessageSince(ProcessCpu before, int messages) {
        String total = String.format("%.0f µs", (totalNanos - before.totalNanos) / 1e3 / messages);
        if (userNanos < 0 || before.userNanos < 0) {
            return total;
        }
        return String.format("%s (user %.0f + sys %.0f; %.0f µs without the JIT's threads)", total,
                (userNanos - before.userNanos) / 1e3 / messages, (systemNanos - before.systemNanos) / 1e3 / messages,
                microsWithoutJitSince(before, messages));
    }

    /** Microseconds per message without the JIT's threads since {@code before}; NaN where /proc cannot tell. */
    double microsWithoutJitSince(ProcessCpu before, int messages) {
        if (userNanos < 0 || before.userNanos < 0) {
            return Double.NaN;
        }
        long jit = jitNanos - before.jitNanos;
        return (userNanos + systemNanos - before.userNanos - before.systemNanos - jit) / 1e3 / messages;
    }
}
