package org.facteur.mailbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's figures, each beside its target, printed as a Markdown table. Every benchmark of
 * the project (store, SMTP, POP3, IMAP) prints its results through this class: with
 * {@code -Dbench.summary=FILE} (what {@code ./facteur bench} passes) the rows are also appended
 * to FILE, one tab-separated line each, for the one table printed at the end of the run
 * (distribution's {@code BenchSummary}).
 */
public final class ResultTable {

    private record Row(String measure, String figure, String target, Boolean met) {
    }

    private final String benchmark;
    private final List<Row> rows = new ArrayList<>();

    /** @param benchmark its name in the summary: {@code store}, {@code smtp}... */
    public ResultTable(String benchmark) {
        this.benchmark = benchmark;
    }

    /**
     * {@code figure} says how it compares with the baseline measured in the same run where there is
     * one ("98/s = 13% of raw"); {@code met} is null where there is no target.
     */
    public void add(String measure, String figure, String target, Boolean met) {
        rows.add(new Row(measure, figure, target, met));
    }

    /** Prints the table under a line giving the machine's cores and load, and appends it to the summary file if one is set. */
    public void print(PrintStream out) {
        out.printf("%s benchmark: %d cores, load average %.1f%n", benchmark, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"measure", "figure", "target", "met"});
        rows.forEach(r -> lines.add(new String[] {r.measure(), r.figure(), r.target(), met(r.met())}));
        printMarkdown(out, lines);
        String summary = System.getProperty("bench.summary", "");
        if (!summary.isEmpty()) {
            StringBuilder tsv = new StringBuilder();
            rows.forEach(r -> tsv.append(String.join("\t", benchmark, r.measure(), r.figure(), r.target(), met(r.met())))
                    .append('\n'));
            try {
                Files.writeString(Path.of(summary), tsv, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Rows of cells as a Markdown table, the first row as its header, columns padded to align. */
    public static void printMarkdown(PrintStream out, List<String[]> lines) {
        int[] width = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder format = new StringBuilder("|");
        String[] rule = new String[width.length];
        for (int i = 0; i < width.length; i++) {
            format.append(" %-").append(width[i]).append("s |");
            rule[i] = "-".repeat(width[i]);
        }
        format.append("%n");
        for (int i = 0; i < lines.size(); i++) {
            out.printf(format.toString(), (Object[]) lines.get(i));
            if (i == 0) {
                out.printf(format.toString(), (Object[]) rule);
            }
        }
    }

    private static String met(Boolean met) {
        return met == null ? "" : met ? "yes" : "NO";
    }
}
