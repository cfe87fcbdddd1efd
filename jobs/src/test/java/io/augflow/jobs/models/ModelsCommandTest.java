package io.augflow.jobs.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.jobs.AugflowCli;
import io.augflow.jobs.ExitCodes;
import io.augflow.train.registry.DatasetSnapshot;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.RegistryLock;
import io.augflow.train.registry.VersionMetadata;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code augflow models ...} driven as a user would, output and exit codes checked. */
class ModelsCommandTest {
    @TempDir
    Path tmp;
    String root;
    ModelRegistry registry;

    /** What one CLI run printed and returned. */
    record Run(int code, String out, String err) {}

    @BeforeEach
    void registryWithTwoVersions() throws IOException {
        root = tmp.resolve("registry").toString();
        registry = ModelRegistry.open(root, new Configuration());
        registry.register(trainingOutput("one").toString(), metadata(null, "scratch", 0.875, Map.of("accuracy", 0.875)));
        registry.register(trainingOutput("two").toString(), metadata(1, "v0001", 0.9,
                Map.of("accuracy", 0.9, "macro_f1", 0.8512)));
    }

    @Test
    void listShowsEveryVersionAndMarksTheChampion() throws IOException {
        registry.promote(2, "better");
        Files.createDirectories(tmp.resolve("registry/versions/v0003")); // a registration that died early

        Run run = run("models", "list", "--registry", root);

        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("model registry " + root + ": 2 versions, champion v0002", lines.get(0));
        assertTrue(lines.get(1).matches("\\s+VERSION\\s+CREATED\\s+TRAINED-FROM\\s+PARENT\\s+ROWS\\s+ACCURACY\\s+MACRO_F1\\s+NOTE"),
                lines.get(1));
        assertTrue(lines.get(2).matches(" \\s+v0001\\s+2024-05-01 10:15:30Z\\s+scratch\\s+-\\s+1,200\\s+0\\.8750\\s+-\\s+run one"),
                lines.get(2));
        assertTrue(lines.get(3).matches("\\*\\s+v0002\\s+2024-05-01 10:15:30Z\\s+v0001\\s+v0001\\s+1,200\\s+0\\.9000\\s+0\\.8512\\s+run two"),
                lines.get(3));
        assertEquals("incomplete (registration did not finish; ignored): v0003", lines.get(4));
        assertEquals(5, lines.size());
        assertEquals(lines.get(1).indexOf("ROWS") + 4, lines.get(2).indexOf("1,200") + 5, "numbers right-aligned");
    }

    @Test
    void aDetectorsVersionGetsAnApColumn() throws IOException {
        registry.register(trainingOutput("three").toString(), metadata(2, "v0002", 0.9,
                Map.of("ap", 0.4123, "ap50", 0.7, "ap.cat", 0.5)));

        Run run = run("models", "list", "--registry", root);

        assertEquals(0, run.code(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(1).matches("\\s+VERSION\\s+CREATED\\s+TRAINED-FROM\\s+PARENT\\s+ROWS\\s+ACCURACY"
                + "\\s+MACRO_F1\\s+AP\\s+NOTE"), lines.get(1));
        assertTrue(lines.get(3).matches(" \\s+v0002\\s+.*\\s+0\\.9000\\s+0\\.8512\\s+-\\s+run two"), lines.get(3));
        assertTrue(lines.get(4).matches(" \\s+v0003\\s+.*\\s+-\\s+-\\s+0\\.4123\\s+run two"), lines.get(4));
    }

    @Test
    void listTakesTheRegistryFromTheConfiguration() {
        Run viaWorkDir = run("models", "list", "--set", "augflow.work-dir=" + tmp);
        assertEquals(0, viaWorkDir.code(), viaWorkDir.err());
        assertTrue(viaWorkDir.out().startsWith("model registry " + root + ": 2 versions, champion none"),
                viaWorkDir.out());
        Run viaPath = run("models", "list", "--set", "augflow.registry.path=" + root);
        assertEquals(viaWorkDir.out(), viaPath.out());
        Run viaUri = run("models", "list", "--registry", Path.of(root).toUri().toString());
        assertEquals(0, viaUri.code(), viaUri.err());
        assertTrue(viaUri.out().contains(": 2 versions, champion none"), viaUri.out());
    }

    @Test
    void hadoopSettingsGivenToSparkReachTheRegistry() {
        System.setProperty("spark.hadoop.augflow.test.fromProperty", "p");
        try {
            Configuration hadoop = RegistryCommand.hadoop(ConfigFactory.parseString(
                    "spark.conf { \"spark.hadoop.augflow.test.fromConf\" = c, \"spark.ui.enabled\" = false }"));
            assertEquals("c", hadoop.get("augflow.test.fromConf"));
            assertEquals("p", hadoop.get("augflow.test.fromProperty"));
            assertEquals(null, hadoop.get("ui.enabled"));
        } finally {
            System.clearProperty("spark.hadoop.augflow.test.fromProperty");
        }
    }

    @Test
    void showPrintsTheMetadata() throws IOException {
        Run run = run("models", "show", "v2", "--registry", root);

        assertEquals(0, run.code(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("v0002\n"), out);
        assertLine(out, "  trained from:\\s+v0001");
        assertLine(out, "  parent:\\s+v0001");
        assertLine(out, "  config hash:\\s+cafe01");
        assertLine(out, "  seed:\\s+42");
        assertTrue(out.contains("/versions/v0002/model.zip\n"), out);
        assertLine(out, "    accuracy\\s+0\\.9000");
        assertLine(out, "    macro_f1\\s+0\\.8512");
        assertLine(out, "    rows:\\s+1,200");
        assertLine(out, "    ingested files:\\s+3");
        assertTrue(out.matches("(?s).*\n      cat\\s+1,000\n      dog\\s+200\n.*"), "rows per class, in order: " + out);

        registry.promote(2, "x");
        assertTrue(run("models", "show", "0002", "--registry", root).out().startsWith("v0002  (champion)\n"));
        registry.register(trainingOutput("three").toString(), new VersionMetadata(null,
                registry.get(1).metadata().dataset(), "cafe02", 7, Map.of(), Instant.parse("2024-05-02T00:00:00Z"),
                "scratch", "line one\nline two"));
        String three = run("models", "show", "3", "--registry", root).out();
        assertTrue(three.contains("  note:           line one\n                  line two\n"), "multi-line notes stay"
                + " indented: " + three);
        assertTrue(three.contains("  metrics: none\n"), three);
    }

    @Test
    void promoteAndRollbackPrintOldAndNewChampion() {
        Run first = run("models", "promote", "1", "--registry", root);
        assertEquals(0, first.code(), first.err());
        assertEquals("champion: none -> v0001 (pointer 000001)\n", first.out());

        Run second = run("models", "promote", "v0002", "--reason", "better macro-F1", "--registry", root);
        assertEquals("champion: v0001 -> v0002 (pointer 000002)\n", second.out());
        assertEquals("better macro-F1", registry.championHistory().get(1).reason());

        Run back = run("models", "rollback", "--registry", root);
        assertEquals(0, back.code(), back.err());
        assertEquals("champion: v0002 -> v0001 (pointer 000003)\n", back.out());
        assertEquals(1, registry.champion().orElseThrow().version());

        Run again = run("models", "rollback", "--registry", root);
        assertRefused(again, ExitCodes.LOCKED, "augflow models rollback: nothing to do: nothing to roll back to in "
                + root);
        assertFalse(Files.exists(tmp.resolve("registry/_lock")), "the lock is released after a refusal too");
    }

    /** An unknown version is a bad argument (2), no registry a missing input (3), a no-op promotion or rollback 4. */
    @Test
    void refusalsExitWithTheirCodeAndOneMessage() {
        assertRefused(run("models", "show", "7", "--registry", root), ExitCodes.USAGE,
                "augflow models show: invalid option or configuration: model registry " + root
                        + " has no version v0007");
        assertRefused(run("models", "promote", "7", "--registry", root), ExitCodes.USAGE,
                "augflow models promote: invalid option or configuration: model registry " + root
                        + " has no version v0007");
        assertRefused(run("models", "rollback", "--registry", root), ExitCodes.LOCKED,
                "augflow models rollback: nothing to do: nothing to roll back in " + root);
        assertEquals(0, run("models", "promote", "1", "--registry", root).code());
        assertRefused(run("models", "promote", "v1", "--registry", root), ExitCodes.LOCKED,
                "augflow models promote: nothing to do: v0001 is already the champion of " + root);
        String missing = tmp.resolve("no-registry").toString();
        assertRefused(run("models", "list", "--registry", missing), ExitCodes.DATA,
                "augflow models list: data error: no model registry at " + missing);
        assertFalse(Files.exists(Path.of(missing)), "list creates nothing");
    }

    @Test
    void anEmptyRegistryListsNothing() {
        String empty = tmp.resolve("empty").toString();
        ModelRegistry.open(empty, new Configuration());
        Run run = run("models", "list", "--registry", empty);
        assertEquals(0, run.code(), run.err());
        assertEquals("model registry " + empty + ": 0 versions, champion none\n", run.out());
    }

    @Test
    void aLockedRegistryRefusesPromotion() {
        try (RegistryLock held = registry.lock("retrain")) {
            Run run = run("models", "promote", "1", "--registry", root);
            assertRefused(run, ExitCodes.LOCKED, "augflow models promote: locked: model registry " + root
                    + " is locked by 'retrain'");
            assertTrue(run.err().contains("delete " + root + "/_lock"), run.err());
            assertRefused(run("models", "rollback", "--registry", root), ExitCodes.LOCKED,
                    "augflow models rollback: locked: model registry");
        }
        assertTrue(registry.championHistory().isEmpty());
        assertEquals(0, run("models", "promote", "1", "--registry", root).code(), "free again after close");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(AugflowCli.EXIT_USAGE, run("models", "show", "latest", "--registry", root).code());
        assertEquals(AugflowCli.EXIT_USAGE, run("models", "promote", "--registry", root).code());
        assertEquals(AugflowCli.EXIT_USAGE, run("models").code());
        Run badConf = run("models", "list", "--conf", tmp.resolve("nope.conf").toString());
        assertEquals(AugflowCli.EXIT_USAGE, badConf.code());
        assertTrue(badConf.err().startsWith("augflow models list: invalid option or configuration: --conf "),
                badConf.err());
        Run blank = run("models", "list", "--set", "augflow.registry.path=");
        assertEquals(AugflowCli.EXIT_USAGE, blank.code());
        assertTrue(blank.err().contains("augflow.registry.path must name a folder"), blank.err());
    }

    private static void assertLine(String out, String regex) {
        assertTrue(out.lines().anyMatch(l -> l.matches(regex)), "no line matches '" + regex + "' in:\n" + out);
    }

    /** The exit code, and on stderr the one message (starting with {@code prefix}) and what to do: no stack trace. */
    private static void assertRefused(Run run, int code, String prefix) {
        assertEquals(code, run.code(), run.out() + run.err());
        assertTrue(run.err().startsWith(prefix), "expected '" + prefix + "...', got: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertEquals("", run.out());
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = AugflowCli.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Path trainingOutput(String tag) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("train-" + tag));
        Files.writeString(dir.resolve("model.zip"), "model " + tag);
        Files.writeString(dir.resolve("model.json"), "{}");
        return dir;
    }

    private static VersionMetadata metadata(Integer parent, String from, double accuracy, Map<String, Double> metrics) {
        Map<String, Long> byClass = new LinkedHashMap<>();
        byClass.put("cat", 1000L);
        byClass.put("dog", 200L);
        Map<String, Double> ordered = new java.util.TreeMap<>(metrics);
        return new VersionMetadata(parent, new DatasetSnapshot("data/pets", 1200, byClass,
                List.of("a.zip", "b.zip", "c.zip")), "cafe01", 42, ordered, Instant.parse("2024-05-01T10:15:30Z"),
                from, accuracy > 0.88 ? "run two" : "run one");
    }
}
