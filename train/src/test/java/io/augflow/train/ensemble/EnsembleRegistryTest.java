package io.augflow.train.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.DataException;
import io.augflow.train.predict.ModelLocator;
import io.augflow.train.registry.DatasetSnapshot;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.VersionMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry round trip of an ensemble folder without Spark: registered whole (members included), located through
 * the registry as its {@code ensemble.json}, read back with the same members and weights; a member whose copy has
 * other classes is refused naming it.
 */
class EnsembleRegistryTest {
    private static final Configuration HADOOP = new Configuration();

    @TempDir
    Path dir;

    @Test
    void anEnsembleFolderIsRegisteredWholeAndReadBackThroughTheRegistry() throws Exception {
        Path folder = ensembleFolder("ens", List.of("cat", "dog"));
        assertEquals(folder.resolve("ensemble.json").toString(), local(ModelLocator.resolve(folder.toString(), HADOOP)),
                "a folder with ensemble.json and no model.zip is an ensemble");

        String root = dir.resolve("registry").toString();
        ModelRegistry registry = ModelRegistry.open(root, HADOOP);
        registry.register(folder.toString(), new VersionMetadata(null, new DatasetSnapshot("data", 1, Map.of(),
                List.of()), "cafe", 1, Map.of(), Instant.parse("2026-01-01T00:00:00Z"), VersionMetadata.SCRATCH, ""));
        registry.promote(1, "test");
        Path version = Path.of(root, "versions", "v0001");
        assertTrue(Files.exists(version.resolve("members/m2/model.zip")), "the members are copied");
        String expected = version.resolve("ensemble.json").toString();
        assertEquals(expected, local(registry.modelPath(1)));
        assertEquals(expected, local(ModelLocator.resolve(root + ":1", HADOOP)));
        assertEquals(expected, local(ModelLocator.resolve(root + ":champion", HADOOP)));
        assertTrue(ModelLocator.isEnsemble(ModelLocator.resolve(root, HADOOP)));

        EnsembleModel back = EnsembleModel.read(ModelLocator.resolve(root + ":1", HADOOP), HADOOP);
        assertEquals(List.of("v3", "v5"), back.members().stream().map(EnsembleMember::name).toList());
        assertEquals(List.of("cat", "dog"), back.classes());
        assertArrayEquals(new double[] {0.25, 0.75}, ((WeightedAverage) back.combiner()).weights(), 1e-12);
        assertEquals(version.resolve("members/m1/model.zip").toString(), local(back.members().get(0).model().modelPath()),
                "members are read from the registry's copy, not from where they came from");
    }

    @Test
    void aMemberCopyWithOtherClassesIsADataErrorNamingIt() throws Exception {
        Path folder = ensembleFolder("odd", List.of("cat", "dog"));
        Files.writeString(folder.resolve("members/m2/model.json"), memberJson(List.of("cat", "fox")));
        DataException e = assertThrows(DataException.class,
                () -> EnsembleModel.read(folder.resolve("ensemble.json").toString(), HADOOP));
        assertTrue(e.getMessage().contains("member v5") && e.getMessage().contains("[cat, fox]")
                && e.getMessage().contains("[cat, dog]"), e.getMessage());
    }

    /** A weighted ensemble of two members (fake zips: nothing here restores a network). */
    private Path ensembleFolder(String name, List<String> classes) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (String m : List.of("m1", "m2")) {
            Path member = Files.createDirectories(folder.resolve("members").resolve(m));
            Files.writeString(member.resolve("model.zip"), "network " + m);
            Files.writeString(member.resolve("model.json"), memberJson(classes));
        }
        Files.writeString(folder.resolve("ensemble.json"), """
                {"format": "augflow-ensemble/1", "task": "classify", "classes": ["cat", "dog"],
                 "combiner": {"method": "weighted", "weights": [0.25, 0.75]},
                 "members": [{"name": "v3", "origin": "/r/versions/v0003/model.zip", "folder": "members/m1"},
                             {"name": "v5", "origin": "/r/versions/v0005/model.zip", "folder": "members/m2"}]}
                """);
        Files.writeString(folder.resolve("model.json"), memberJson(classes).replace("lenet5", "ensemble"));
        return folder;
    }

    private static String memberJson(List<String> classes) {
        return "{\"architecture\": \"lenet5\", \"classes\": [\"" + String.join("\", \"", classes) + "\"],"
                + " \"input\": [3, 32, 32], \"task\": \"classify\"}";
    }

    private static String local(String resolved) {
        return resolved.startsWith("file:") ? resolved.substring("file:".length()) : resolved;
    }
}
