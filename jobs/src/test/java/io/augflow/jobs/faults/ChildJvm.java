package io.augflow.jobs.faults;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code augflow} as a separate JVM with this test JVM's classpath and the flags Spark, ND4J and OpenCV need
 * (taken from this JVM's own arguments, which Surefire set), so a test can kill it as a crash would. Its temporary
 * files (Spark's scratch folders, which a killed JVM cannot remove) go to a folder the test owns.
 */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * @param scratch the child's {@code java.io.tmpdir}
     * @param output  where its standard output and error go (merged)
     */
    static Process start(Path scratch, Path output, String... args) throws IOException {
        Files.createDirectories(scratch);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        // start-up over peak speed: the child trains for seconds (its arithmetic is native, in oneDNN)
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Dorg.eclipse.deeplearning4j")
                    || a.startsWith("-Dorg.bytedeco")) {
                cmd.add(a);
            }
        }
        cmd.add("-Djava.io.tmpdir=" + scratch);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("io.augflow.jobs.AugflowCli");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Surefire's real test classpath (its own {@code java.class.path} may be a one-jar manifest). */
    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** The last lines of a child's output, for assertion messages. */
    static String tail(Path output, int lines) {
        try {
            List<String> all = Files.readAllLines(output);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
