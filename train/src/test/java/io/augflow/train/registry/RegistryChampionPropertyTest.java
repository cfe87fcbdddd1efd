package io.augflow.train.registry;

import static io.augflow.train.registry.RegistryFixtures.metadata;
import static io.augflow.train.registry.RegistryFixtures.trainingOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random promote/rollback sequences against a reference: the champions form an undo list, a promotion
 * appends, a rollback removes the current champion and every copy of it at the end, and is refused when
 * that would leave nothing. After each step the registry, read back from its files, agrees.
 */
class RegistryChampionPropertyTest {
    private static final int VERSIONS = 4;
    private static final Configuration HADOOP = new Configuration();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void theChampionFollowsAnUndoList(long seed) {
        ModelRegistry registry = ModelRegistry.open(tmp.resolve("registry").toString(), HADOOP);
        for (int v = 1; v <= VERSIONS; v++) {
            registry.register(trainingOutput(tmp, "v" + v).toString(), metadata());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> undo = new ArrayList<>();
        int changes = 0;
        for (int step = 0; step < 16; step++) {
            Optional<Integer> before = undo.isEmpty() ? Optional.empty() : Optional.of(undo.get(undo.size() - 1));
            if (rng.nextInt(3) > 0) {
                int v = 1 + rng.nextInt(VERSIONS);
                if (before.isPresent() && before.get() == v) {
                    assertThrows(IllegalStateException.class, () -> registry.promote(v, "again"));
                } else {
                    ChampionChange c = registry.promote(v, "step " + step);
                    undo.add(v);
                    changes++;
                    assertEquals(before.orElse(null), c.previousVersion());
                }
            } else {
                List<Integer> after = new ArrayList<>(undo);
                while (!after.isEmpty() && before.isPresent() && after.get(after.size() - 1).equals(before.get())) {
                    after.remove(after.size() - 1);
                }
                if (after.isEmpty()) {
                    assertThrows(IllegalStateException.class, () -> registry.rollback("step"));
                } else {
                    ChampionChange c = registry.rollback("step " + step);
                    undo = after;
                    changes++;
                    assertEquals(before.orElseThrow(), c.previousVersion());
                    assertEquals(after.get(after.size() - 1), c.version());
                }
            }
            ModelRegistry fresh = ModelRegistry.openExisting(registry.root(), HADOOP);
            assertEquals(undo.isEmpty() ? Optional.empty() : Optional.of(undo.get(undo.size() - 1)),
                    fresh.champion().map(ModelVersion::version), "seed " + seed + ", step " + step);
            assertEquals(changes, fresh.championHistory().size());
        }
    }
}
