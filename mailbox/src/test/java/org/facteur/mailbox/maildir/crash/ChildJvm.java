package org.facteur.mailbox.maildir.crash;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Command lines for child JVMs that start fast, since the crash test starts hundreds of them.
 *
 * <p>Start-up CPU, measured on two cores: about 1.3 s with the plain class path, 1.05 s with a
 * class-data archive (AppCDS) recorded by one clean run ({@link #record}), 0.8 s when logging is
 * off too (Logback's XML configuration alone costs 0.25 s). The JVM archives classes from jars
 * only, so the class directories of the test class path are first packed into one jar. If the
 * archive cannot be recorded, {@code -Xshare:auto} makes the children start without it. A child's
 * failures still reach its stderr as stack traces.
 */
public final class ChildJvm {

    private final List<String> classPath;
    private final Path archive;

    private ChildJvm(List<String> classPath, Path archive) {
        this.classPath = classPath;
        this.archive = archive;
    }

    /** Packs the class directories of this JVM's class path into {@code workDir/classes.jar}. */
    public static ChildJvm prepare(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path jar = workDir.resolve("classes.jar");
        List<String> entries = new ArrayList<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            Set<String> added = new HashSet<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    addTree(out, p, added);
                } else if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        entries.add(0, jar.toString());
        return new ChildJvm(entries, workDir.resolve("classes.jsa"));
    }

    private static void addTree(JarOutputStream out, Path root, Set<String> added) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = root.relativize(file).toString().replace(File.separatorChar, '/');
                if (!added.add(name)) {
                    continue; // the first class path entry wins, as in the JVM
                }
                out.putNextEntry(new JarEntry(name));
                try (var in = Files.newInputStream(file)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    /** A command that runs {@code mainClass} and records the class-data archive when it exits. */
    public List<String> record(Class<?> mainClass, String... args) {
        return command("-XX:ArchiveClassesAtExit=" + archive, mainClass, args);
    }

    /** A command that runs {@code mainClass} with the recorded archive, if there is one. */
    public List<String> command(Class<?> mainClass, String... args) {
        return command(Files.exists(archive) ? "-XX:SharedArchiveFile=" + archive : "-Xshare:auto", mainClass, args);
    }

    private List<String> command(String shareOption, Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", shareOption,
                "-Xlog:disable", "-Xlog:all=error:stderr",
                "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider", "-Dslf4j.internal.verbosity=WARN",
                "-cp", String.join(File.pathSeparator, classPath), mainClass.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
