package org.facteur.distribution.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.facteur.mailbox.bench.ResultTable;

/**
 * The end of {@code ./facteur bench}: every benchmark of the run (store, SMTP, POP3, IMAP) has
 * appended its rows to one file through {@link ResultTable}; this prints them as one table, each
 * figure with its ratio to the baseline its benchmark measured in the same run.
 */
public final class BenchSummary {

    private BenchSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].isEmpty() || !Files.exists(Path.of(args[0]))) {
            System.out.println("no benchmark summary to print (run ./facteur bench)");
            return;
        }
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"benchmark", "measure", "figure", "target", "met"});
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String[] cells = line.split("\t", -1);
            if (cells.length == 5) {
                lines.add(cells);
            }
        }
        long missed = lines.stream().skip(1).filter(l -> l[4].equals("NO")).count();
        System.out.printf("%nfacteur benchmarks: %d cores, load average %.1f at the end; %d figures, %d targets missed%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), lines.size() - 1, missed);
        ResultTable.printMarkdown(System.out, lines);
    }
}
