package org.facteur.mailbox.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's client in a JVM of its own (so that its threads and heap are not counted as the
 * server's), on the benchmark's class path, answering on its standard output.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Starts {@code main} with {@code args}. Logback's status messages are silenced: in a reactor
     * build the class path holds several modules' test classes, each with a logback-test.xml, and
     * Logback would report that on standard output, where the benchmark reads the client's answers.
     */
    public static Process start(String maxHeap, Class<?> main, String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
