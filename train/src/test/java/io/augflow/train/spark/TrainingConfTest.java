package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The trainer's one typed configuration: read and checked once, every block, full key names in errors. */
class TrainingConfTest {

    @Test
    void readsEveryBlockWithTheOneSeed() {
        TrainingConf conf = TrainingConf.parse("""
                seed = 7
                train { epochs = 4, workers = 2 }
                model { architecture = vgg-small }
                optimizer { type = adamw, learning-rate = 0.002 }
                augment { pipeline = [ { type = horizontal-flip, p = 0.5 } ] }
                balance { strategy = oversample }
                """);
        assertEquals(7, conf.seed());
        assertEquals(4, conf.train().epochs());
        assertEquals(2, conf.train().workers());
        assertEquals("vgg-small", conf.model().architecture().key());
        assertEquals(0.002, conf.optimizer().learningRate(), 1e-12);
        assertEquals(7, conf.augment().orElseThrow().seed(), "the augment pipeline draws from augflow.seed");
        assertEquals(1, conf.augment().orElseThrow().compose().transforms().size());
        assertEquals(7, conf.balance().seed(), "the plan draws from augflow.seed");
    }

    @Test
    void noAugmentBlockMeansNoPipeline() {
        assertFalse(TrainingConf.parse("train.epochs = 1").augment().isPresent());
    }

    @Test
    void aBadValueInAnyBlockFailsWithItsFullKey() {
        String[][] cases = {
                {"train.workers = -1", "augflow.train.workers"},
                {"model.architecture = alexnet", "augflow.model.architecture"},
                {"optimizer.learning-rate = -1", "augflow.optimizer.learning-rate"},
                {"loss.type = hinge", "augflow.loss.type"},
                {"augment.pipeline = [ { type = spin } ]", "spin"},
                {"model.seed = 3", "augflow.model.seed is gone"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConf.parse(c[0]),
                    c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void withEpochsChangesTheEpochsTheRecordedTextAndTheHashOnly() {
        TrainingConf base = TrainingConf.parse("seed = 3, train { epochs = 5, workers = 2 }");
        TrainingConf two = base.withEpochs(2);
        assertEquals(2, two.train().epochs());
        assertEquals(2, two.train().workers(), "the rest of the block is kept");
        assertEquals(3, two.seed());
        assertEquals(2, ConfigFactory.parseString(two.configText()).getInt("train.epochs"));
        assertNotEquals(base.configHash(), two.configHash());
        assertEquals(base.configHash(), TrainingConf.parse("seed = 3, train { epochs = 5, workers = 2 }").configHash(),
                "the same configuration hashes the same");
    }
}
