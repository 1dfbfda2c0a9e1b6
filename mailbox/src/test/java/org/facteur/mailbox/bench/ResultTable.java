package org.facteur.mailbox.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's figures, each beside its target, printed as a Markdown table. */
final class ResultTable {

    private record Row(String measure, String figure, String target, Boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** {@code met} is null where there is no target. */
    void add(String measure, String figure, String target, Boolean met) {
        rows.add(new Row(measure, figure, target, met));
    }

    void print(PrintStream out) {
        int w1 = "measure".length();
        int w2 = "figure".length();
        int w3 = "target".length();
        for (Row r : rows) {
            w1 = Math.max(w1, r.measure().length());
            w2 = Math.max(w2, r.figure().length());
            w3 = Math.max(w3, r.target().length());
        }
        String format = "| %-" + w1 + "s | %-" + w2 + "s | %-" + w3 + "s | %-4s |%n";
        out.printf(format, "measure", "figure", "target", "met");
        out.printf(format, "-".repeat(w1), "-".repeat(w2), "-".repeat(w3), "----");
        for (Row r : rows) {
            out.printf(format, r.measure(), r.figure(), r.target(), r.met() == null ? "" : r.met() ? "yes" : "NO");
        }
    }
}
