package org.facteur.smtp.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.facteur.smtp.TestMx;

/**
 * The SMTP benchmark's clients, in a JVM of their own so that the server JVM's CPU can be
 * measured alone. Reads commands from stdin, one answer line each on stdout:
 * <ul>
 * <li>{@code run PORT SESSIONS COUNT}: SESSIONS sessions at once, session s sending COUNT 5 KB
 * messages one after another to user s; answers {@code done START CPU T...}: the phase's start,
 * this JVM's CPU nanoseconds spent in it and the nanoTime of every {@code 250} (session-major).
 * Both JVMs read {@code System.nanoTime()} from the same clock (CLOCK_MONOTONIC on Linux, one
 * per machine), so the server compares these with its own delivery times;</li>
 * <li>{@code large PORT SESSIONS}: SESSIONS sessions at once, each sending one 25 MB message;
 * answers {@code done};</li>
 * <li>anything else, or the end of stdin, ends it.</li>
 * </ul>
 */
public final class SmtpBenchClient {

    static final int MESSAGE_SIZE = 5 * 1024;
    private static final long LARGE_SIZE = 25L * 1000 * 1000;

    private SmtpBenchClient() {
    }

    public static void main(String[] args) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        byte[] message = message();
        String command;
        while ((command = commands.readLine()) != null) {
            String[] w = command.trim().split(" ");
            int port = w.length > 1 ? Integer.parseInt(w[1]) : 0;
            if (w[0].equals("run") && w.length == 4) {
                int sessions = Integer.parseInt(w[2]);
                int count = Integer.parseInt(w[3]);
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                long[] accepted = new long[sessions * count];
                inParallel(sessions, s -> {
                    try (BenchSession c = new BenchSession(port, user(s))) {
                        for (int m = 0; m < count; m++) {
                            accepted[s * count + m] = c.send(message);
                        }
                    }
                });
                StringBuilder answer = new StringBuilder("done ").append(start).append(' ')
                        .append(os.getProcessCpuTime() - cpu);
                for (long t : accepted) {
                    answer.append(' ').append(t);
                }
                System.out.println(answer);
            } else if (w[0].equals("large") && w.length == 3) {
                inParallel(Integer.parseInt(w[2]), s -> {
                    try (BenchSession c = new BenchSession(port, user(s))) {
                        c.sendLarge(LARGE_SIZE);
                    }
                });
                System.out.println("done");
            } else {
                break;
            }
            System.out.flush();
        }
    }

    private interface SessionWork {
        void run(int session) throws Exception;
    }

    private static void inParallel(int sessions, SessionWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int session = s;
                done.add(pool.submit(() -> {
                    work.run(session);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static String user(int u) {
        return "u" + u + "@" + TestMx.DOMAIN;
    }

    /** A 5 KB message as DATA carries it: every tenth line starts with a (stuffed) dot. */
    static byte[] message() {
        StringBuilder b = new StringBuilder("From: bench@elsewhere.test\r\nTo: someone@example.test\r\n"
                + "Subject: benchmark\r\n\r\n");
        for (int line = 0; b.length() < MESSAGE_SIZE - 80; line++) {
            b.append(line % 10 == 0 ? ".." : "").append("The quick brown fox jumps over the lazy dog ")
                    .append(line).append("\r\n");
        }
        while (b.length() < MESSAGE_SIZE - 2) {
            b.append('x');
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
