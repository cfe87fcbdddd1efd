package io.augflow.train.registry;

import static io.augflow.train.registry.RegistryFixtures.metadata;
import static io.augflow.train.registry.RegistryFixtures.trainingOutput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    private static final Configuration HADOOP = new Configuration();

    @TempDir
    Path tmp;

    private ModelRegistry registry() {
        return ModelRegistry.open(tmp.resolve("registry").toString(), HADOOP);
    }

    @Test
    void registersListsAndReadsBackVersions() throws Exception {
        ModelRegistry registry = registry();
        assertEquals(List.of(), registry.list());
        assertEquals(Optional.empty(), registry.champion());

        Path out1 = trainingOutput(tmp, "one");
        ModelVersion v1 = registry.register(out1.toString(), metadata());
        ModelVersion v2 = registry.register(trainingOutput(tmp, "two").toString(), metadata(1, "v0001", 0.93));

        assertEquals(1, v1.version());
        assertEquals(2, v2.version());
        assertEquals("v0002", v2.label());
        assertEquals(List.of(v1, v2), registry.list());
        assertEquals(v2, registry.get(2));
        assertEquals(metadata(1, "v0001", 0.93), registry.get(2).metadata(), "metadata survives the JSON round trip");
        assertEquals(List.of("cat", "dog"), List.copyOf(registry.get(1).metadata().dataset().rowsByClass().keySet()),
                "class order is kept");

        Path model = Path.of(registry.modelPath(1));
        assertTrue(model.endsWith(Path.of("versions", "v0001", "model.zip")), model.toString());
        assertArrayEquals(Files.readAllBytes(out1.resolve("model.zip")), Files.readAllBytes(model));
        assertArrayEquals(Files.readAllBytes(out1.resolve("model.json")),
                Files.readAllBytes(model.resolveSibling("model.json")));
        String json = Files.readString(model.resolveSibling("version.json"));
        assertTrue(json.contains("\"created\" : \"2024-05-01T10:15:30Z\""), "times are ISO-8601 strings: " + json);

        ModelRegistry reopened = ModelRegistry.openExisting(registry.root(), HADOOP);
        assertEquals(registry.list(), reopened.list(), "everything lives in the files");
    }

    @Test
    void registeringDoesNotMoveTheChampion() {
        ModelRegistry registry = registry();
        registry.register(trainingOutput(tmp, "one").toString(), metadata());
        registry.promote(1, "first");
        List<ChampionChange> before = registry.championHistory();

        ModelVersion v2 = registry.register(trainingOutput(tmp, "two").toString(), metadata(1, "v0001", 0.95));

        assertFalse(v2.champion());
        assertEquals(1, registry.champion().orElseThrow().version());
        assertEquals(before, registry.championHistory());
        assertEquals(List.of(true, false), registry.list().stream().map(ModelVersion::champion).toList());
    }

    @Test
    void promoteMovesThePointerAndListMarksTheChampion() {
        ModelRegistry registry = registry();
        registry.register(trainingOutput(tmp, "one").toString(), metadata());
        registry.register(trainingOutput(tmp, "two").toString(), metadata());

        ChampionChange first = registry.promote(1, "first");
        assertEquals(1, first.sequence());
        assertEquals(1, first.version());
        assertEquals(null, first.previousVersion());
        ChampionChange second = registry.promote(2, "better");
        assertEquals(2, second.sequence());
        assertEquals(1, second.previousVersion());

        ModelVersion champion = registry.champion().orElseThrow();
        assertEquals(2, champion.version());
        assertTrue(champion.champion());
        assertTrue(registry.get(2).champion());
        assertFalse(registry.get(1).champion());
    }

    @Test
    void rollbackUndoesPromotionsThenFailsClearly() {
        ModelRegistry registry = registry();
        registry.register(trainingOutput(tmp, "one").toString(), metadata());
        registry.register(trainingOutput(tmp, "two").toString(), metadata());
        registry.promote(1, "first");
        registry.promote(2, "second");

        ChampionChange back = registry.rollback("v2 misbehaves");
        assertEquals(1, back.version());
        assertEquals(2, back.previousVersion());
        assertEquals(3, back.sequence());
        assertEquals(1, registry.champion().orElseThrow().version());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.rollback("again"));
        assertTrue(e.getMessage().contains("nothing to roll back to") && e.getMessage().contains(registry.root())
                && e.getMessage().contains("v0001"), e.getMessage());
        assertEquals(1, registry.champion().orElseThrow().version(), "a refused rollback changes nothing");
        assertEquals(3, registry.championHistory().size());
    }

    @Test
    void rollbackWithNothingPromotedFails() {
        ModelRegistry registry = registry();
        registry.register(trainingOutput(tmp, "one").toString(), metadata());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.rollback("why"));
        assertTrue(e.getMessage().contains("no version was ever promoted"), e.getMessage());
        registry.promote(1, "only");
        assertThrows(IllegalStateException.class, () -> registry.rollback("why"));
    }

    @Test
    void thePointerHistoryIsAppendOnly() throws Exception {
        ModelRegistry registry = registry();
        for (String tag : List.of("a", "b", "c")) {
            registry.register(trainingOutput(tmp, tag).toString(), metadata());
        }
        registry.promote(1, "p1");
        registry.promote(3, "p3");
        registry.promote(2, "p2");
        registry.rollback("r1");
        registry.rollback("r2");

        List<ChampionChange> history = registry.championHistory();
        assertEquals(List.of(1, 2, 3, 4, 5), history.stream().map(ChampionChange::sequence).toList());
        assertEquals(List.of(1, 3, 2, 3, 1), history.stream().map(ChampionChange::version).toList());
        assertEquals(List.of("p1", "p3", "p2", "r1", "r2"), history.stream().map(ChampionChange::reason).toList());
        for (int i = 1; i < history.size(); i++) {
            assertEquals(history.get(i - 1).version(), history.get(i).previousVersion(),
                    "each change names the champion before it");
            assertFalse(history.get(i).at().isBefore(history.get(i - 1).at()));
        }
        try (var files = Files.list(tmp.resolve("registry").resolve("champion"))) {
            assertEquals(List.of("000001.json", "000002.json", "000003.json", "000004.json", "000005.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void promotingTheChampionAgainOrAnUnknownVersionIsRefused() {
        ModelRegistry registry = registry();
        registry.register(trainingOutput(tmp, "one").toString(), metadata());
        registry.promote(1, "first");
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> registry.promote(1, "again"));
        assertTrue(again.getMessage().contains("v0001 is already the champion"), again.getMessage());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> registry.promote(9, "x"));
        assertTrue(unknown.getMessage().contains(registry.root()) && unknown.getMessage().contains("v0009"),
                unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.get(0));
        assertEquals(1, registry.championHistory().size());
    }

    @Test
    void incompleteVersionsAreIgnoredAndTheirNumbersNotReused() throws Exception {
        ModelRegistry registry = registry();
        registry.register(trainingOutput(tmp, "one").toString(), metadata());
        // a registration that crashed after taking v0002 and copying the model, before version.json
        Path crashed = Files.createDirectories(tmp.resolve("registry/versions/v0002"));
        Files.writeString(crashed.resolve("_claimed"), "{}");
        Files.writeString(crashed.resolve("model.zip"), "half");

        assertEquals(List.of(1), registry.list().stream().map(ModelVersion::version).toList());
        assertEquals(List.of(2), registry.incomplete());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get(2));
        assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.promote(2, "no"));

        assertEquals(3, registry.register(trainingOutput(tmp, "three").toString(), metadata()).version());
        assertEquals(List.of(1, 3), registry.list().stream().map(ModelVersion::version).toList());
    }

    @Test
    void aTrainingOutputWithoutAModelOrAnUnknownParentIsRefused() throws Exception {
        ModelRegistry registry = registry();
        Path out = trainingOutput(tmp, "one");
        Files.delete(out.resolve("model.zip"));
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> registry.register(out.toString(), metadata()));
        assertTrue(noModel.getMessage().contains("model.zip") && noModel.getMessage().contains(out.toString()),
                noModel.getMessage());

        Path good = trainingOutput(tmp, "two");
        assertThrows(IllegalArgumentException.class, () -> registry.register(good.toString(), metadata(4, "scratch", 1)));
        assertThrows(IllegalArgumentException.class, () -> registry.register(good.toString(), metadata(null, "v0004", 1)));
        assertEquals(List.of(), registry.list());
        assertEquals(List.of(), registry.incomplete(), "validation runs before a number is taken");
    }

    @Test
    void aRegistryOnAFileUriWorksTheSame() {
        String root = tmp.resolve("uri-registry").toUri().toString();
        assertTrue(root.startsWith("file:"), root);
        ModelRegistry registry = ModelRegistry.open(root, HADOOP);
        registry.register(trainingOutput(tmp, "one").toUri().toString(), metadata());
        registry.register(trainingOutput(tmp, "two").toString(), metadata());
        registry.promote(2, "uri");

        assertEquals(2, registry.list().size());
        assertTrue(registry.modelPath(2).startsWith("file:"), registry.modelPath(2));
        assertTrue(Files.exists(tmp.resolve("uri-registry/versions/v0002/model.zip")));
        ModelRegistry sameFolder = ModelRegistry.openExisting(tmp.resolve("uri-registry").toString(), HADOOP);
        assertEquals(2, sameFolder.champion().orElseThrow().version(), "a path and a file: URI are one registry");
    }

    @Test
    void openExistingRefusesAFolderWithoutARegistry() {
        String missing = tmp.resolve("nothing-here").toString();
        DataException e = assertThrows(DataException.class, () -> ModelRegistry.openExisting(missing, HADOOP));
        assertTrue(e.getMessage().contains(missing), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("nothing-here")), "nothing is created");
        assertThrows(IllegalArgumentException.class, () -> ModelRegistry.open(" ", HADOOP));
    }
}
