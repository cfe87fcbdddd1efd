package io.augflow.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.train.spark.TrainingConf;
import io.augflow.train.tune.SearchSpace;
import io.augflow.train.tune.TrialConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trial's training configuration: the base, the searched values, the trial's seed and the study's settings. */
class TrialTrainingTest {
    private static final String BASE = """
            seed = 1
            train { epochs = 3, workers = 4, evaluate-split = val }
            optimizer { type = adam, learning-rate = 0.001 }
            model { dropout = 0.0 }
            """;

    private static TrialTraining training(String tune) {
        Config root = ConfigFactory.parseString(tune).withFallback(ConfigFactory.parseString(BASE)).resolve();
        return new TrialTraining(root, TuneConf.fromRoot(root));
    }

    private static TrialConfig values(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new TrialConfig(m);
    }

    @Test
    void theSearchedValuesAndTheTrialsSeedOverrideTheBase() {
        TrainingConf conf = training("").conf(values("augflow.optimizer.learning-rate", 0.02,
                "augflow.model.dropout", 0.25, "augflow.optimizer.type", "sgd"), 77);
        assertEquals(77, conf.seed());
        assertEquals(0.02, conf.optimizer().learningRate());
        assertEquals(0.25, conf.model().dropout());
        assertEquals(4, conf.train().workers(), "workers-per-trial unset: train.workers");
        assertEquals(3, conf.train().epochs());
    }

    @Test
    void theStudysSettingsGoOnTop() {
        TrialTraining t = training("tune { strategy = halving, workers-per-trial = 1, metric = accuracy,"
                + " halving.max-epochs = 9 }");
        TrainingConf conf = t.conf(values(), 5);
        assertEquals(1, conf.train().workers());
        assertEquals("accuracy", conf.train().bestEpoch().metric().key());
        assertEquals(9, conf.train().epochs());
        assertEquals(9, t.epochs(values()));
    }

    @Test
    void bestConfHoldsTheTrainingBlocksWithTheSearchedValuesAndSeedButNotTheClusterSettings() {
        String file = training("tune.workers-per-trial = 1").asConfFile(values("augflow.optimizer.learning-rate",
                0.02), 77);
        Config read = ConfigFactory.parseString(file).resolve().getConfig("augflow");
        assertEquals(0.02, read.getDouble("optimizer.learning-rate"));
        assertEquals(77, read.getLong("seed"));
        assertEquals(4, read.getInt("train.workers"), "the base's workers, not the study's per-trial share");
        assertTrue(!read.hasPath("tune") && !read.hasPath("spark"), file);
    }

    @Test
    void theSpaceIsCheckedAgainstTheTrainingConfigurationNamingTheKeyAndValue() {
        SearchSpace misspelt = SearchSpace.parse(ConfigFactory.parseString(
                "\"augflow.optimizer.learning-rat\" { log-uniform = [1e-4, 1e-1] }"), "space.conf");
        String m = assertThrows(IllegalArgumentException.class, () -> training("").check(misspelt, "space.conf"))
                .getMessage();
        assertTrue(m.startsWith("space.conf: augflow.optimizer.learning-rat = 1.0E-4 is not a valid training"
                + " configuration: augflow.optimizer.learning-rat is not a known key"), m);

        SearchSpace outOfRange = SearchSpace.parse(ConfigFactory.parseString(
                "\"augflow.model.dropout\" { uniform = [0.1, 0.95] }"), "space.conf");
        m = assertThrows(IllegalArgumentException.class, () -> training("").check(outOfRange, "space.conf"))
                .getMessage();
        assertTrue(m.startsWith("space.conf: augflow.model.dropout = 0.95 is not a valid training configuration:"), m);

        SearchSpace fine = SearchSpace.parse(ConfigFactory.parseString("""
                "augflow.optimizer.type" { choice = [sgd, adam] }
                "augflow.optimizer.learning-rate" { log-uniform = [1e-4, 1e-1] }
                """), "space.conf");
        training("").check(fine, "space.conf");
    }

    @Test
    void augmentationStrengthIsSearchedThroughItsKeyAndCheckedLikeAnyOther() {
        String base = "augment.pipeline = [ { type = horizontal-flip, p = 0.25 }, { type = resize, p = 1, width = 8,"
                + " height = 8 } ]";
        Config root = ConfigFactory.parseString(base).withFallback(ConfigFactory.parseString(BASE)).resolve();
        TrialTraining t = new TrialTraining(root, TuneConf.fromRoot(root));
        TrainingConf conf = t.conf(values("augflow.augment.strength", 2.0), 5);
        // 2 x 0.25 for the flip; the resize (p = 1) is a step and stays certain
        assertEquals(0.5, conf.augment().orElseThrow().compose().transforms().get(0).p(), 1e-12);
        assertEquals(1.0, conf.augment().orElseThrow().compose().transforms().get(1).p(), 1e-12);

        SearchSpace tooStrong = SearchSpace.parse(ConfigFactory.parseString(
                "\"augflow.augment.strength\" { uniform = [0.5, 12] }"), "space.conf");
        String m = assertThrows(IllegalArgumentException.class, () -> t.check(tooStrong, "space.conf")).getMessage();
        assertTrue(m.startsWith("space.conf: augflow.augment.strength = 12"), m);
        assertTrue(m.contains("augflow.augment.strength must be in [0, 10]"), m);
    }

    @Test
    void aStudyNeedsAValidationSplit() {
        Config root = ConfigFactory.parseString("train.evaluate-split = \"\"")
                .withFallback(ConfigFactory.parseString(BASE)).resolve();
        SearchSpace space = SearchSpace.parse(ConfigFactory.parseString(
                "\"augflow.model.dropout\" { uniform = [0.1, 0.5] }"), "space.conf");
        String m = assertThrows(IllegalArgumentException.class,
                () -> new TrialTraining(root, TuneConf.fromRoot(root)).check(space, "space.conf")).getMessage();
        assertTrue(m.startsWith("augflow.train.evaluate-split is empty"), m);
    }
}
