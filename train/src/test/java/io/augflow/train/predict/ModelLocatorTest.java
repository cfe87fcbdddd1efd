package io.augflow.train.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.DataException;
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

/** Every way of naming a model resolves to the model.zip a person would point at; the others fail as data errors. */
class ModelLocatorTest {
    private static final Configuration HADOOP = new Configuration();

    @TempDir
    Path dir;

    @Test
    void aFolderItsZipAndARegistryVersionOrChampionResolveToTheirModelZip() throws Exception {
        Path run = trainingOutput("run");
        Path zip = run.resolve("model.zip");
        assertEquals(zip.toString(), path(ModelLocator.resolve(run.toString(), HADOOP)));
        assertEquals(zip.toString(), path(ModelLocator.resolve(zip.toString(), HADOOP)));

        String root = dir.resolve("registry").toString();
        ModelRegistry registry = ModelRegistry.open(root, HADOOP);
        DataException none = assertThrows(DataException.class, () -> ModelLocator.resolve(root + ":champion", HADOOP));
        assertTrue(none.getMessage().contains("has no champion yet"), none.getMessage());
        registry.register(run.toString(), metadata());
        registry.register(trainingOutput("second").toString(), metadata());
        registry.promote(1, "test");

        String v1 = Path.of(root, "versions", "v0001", "model.zip").toString();
        String v2 = Path.of(root, "versions", "v0002", "model.zip").toString();
        assertEquals(v1, path(ModelLocator.resolve(root + ":champion", HADOOP)));
        assertEquals(v1, path(ModelLocator.resolve(root, HADOOP)), "a registry alone means its champion");
        assertEquals(v2, path(ModelLocator.resolve(root + ":2", HADOOP)));
        assertEquals(v2, path(ModelLocator.resolve(root + ":v0002", HADOOP)));
        assertEquals(v2, path(ModelLocator.resolve(Path.of(root, "versions", "v0002").toString(), HADOOP)),
                "a version folder is a model folder");
        DataException missingVersion = assertThrows(DataException.class,
                () -> ModelLocator.resolve(root + ":7", HADOOP));
        assertTrue(missingVersion.getMessage().contains("v0007"), missingVersion.getMessage());
    }

    @Test
    void aMissingPathOrAFolderWithoutAModelIsADataErrorNamingIt() throws Exception {
        String missing = dir.resolve("nowhere").toString();
        DataException e = assertThrows(DataException.class, () -> ModelLocator.resolve(missing, HADOOP));
        assertTrue(e.getMessage().startsWith("model " + missing + " does not exist"), e.getMessage());
        // a colon suffix is only split off a registry: "nowhere:3" is the (missing) path itself
        DataException suffixed = assertThrows(DataException.class, () -> ModelLocator.resolve(missing + ":3", HADOOP));
        assertTrue(suffixed.getMessage().contains(missing + ":3"), suffixed.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        DataException noModel = assertThrows(DataException.class, () -> ModelLocator.resolve(empty.toString(), HADOOP));
        assertTrue(noModel.getMessage().contains("no model.zip"), noModel.getMessage());
    }

    private Path trainingOutput(String name) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        Files.writeString(out.resolve("model.zip"), "model " + name);
        Files.writeString(out.resolve("model.json"), "{}");
        return out;
    }

    /** The local path of what the locator returns (it may carry a file: scheme). */
    private static String path(String resolved) {
        return new org.apache.hadoop.fs.Path(resolved).toUri().getPath();
    }

    private static VersionMetadata metadata() {
        return new VersionMetadata(null, new DatasetSnapshot("data", 1, Map.of(), List.of()), "cafe", 1, Map.of(),
                Instant.parse("2026-01-01T00:00:00Z"), VersionMetadata.SCRATCH, "");
    }
}
