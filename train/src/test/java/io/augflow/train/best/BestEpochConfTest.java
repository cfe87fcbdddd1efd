package io.augflow.train.best;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.spark.TrainConf;
import org.junit.jupiter.api.Test;

/** The train.best-model and train.early-stopping blocks, read through the train block. */
class BestEpochConfTest {

    @Test
    void defaultsRankByTheTasksMetricAndNeverStopEarly() {
        BestEpochConf conf = TrainConf.parse("train { epochs = 2 }").bestEpoch();
        assertEquals(SelectionMetric.AUTO, conf.metric());
        assertEquals(0.0, conf.minDelta());
        assertEquals(0, conf.patience());
        assertFalse(conf.earlyStopping());
        assertEquals(SelectionMetric.MACRO_F1, conf.metric().resolve(false, conf.metricKey()));
        assertEquals(SelectionMetric.AP, conf.metric().resolve(true, conf.metricKey()));
    }

    @Test
    void readsEveryKey() {
        BestEpochConf conf = TrainConf.parse("train { best-model { metric = balanced-accuracy, min-delta = 0.01 },"
                + " early-stopping { patience = 3 } }").bestEpoch();
        assertEquals(SelectionMetric.BALANCED_ACCURACY, conf.metric());
        assertEquals(0.01, conf.minDelta());
        assertEquals(3, conf.patience());
        assertTrue(conf.earlyStopping());
    }

    @Test
    void badValuesNameTheFullKeyTheValueAndTheRule() {
        String metric = message("train.best-model.metric = f1");
        assertTrue(metric.contains("augflow.train.best-model.metric") && metric.contains("'f1'")
                && metric.contains("macro-f1"), metric);
        String delta = message("train.best-model.min-delta = -0.1");
        assertTrue(delta.contains("augflow.train.best-model.min-delta") && delta.contains("-0.1")
                && delta.contains(">= 0"), delta);
        String patience = message("train.early-stopping.patience = -2");
        assertTrue(patience.contains("augflow.train.early-stopping.patience") && patience.contains("-2"), patience);
        String unknown = message("train.early-stopping.patiance = 2");
        assertTrue(unknown.contains("augflow.train.early-stopping.patiance"), unknown);
    }

    @Test
    void earlyStoppingAskedForWithoutAValidationSplitIsRefusedNamingBothKeys() {
        String m = message("train { evaluate-split = \"\", early-stopping.patience = 2 }");
        assertTrue(m.contains("augflow.train.early-stopping.patience = 2")
                && m.contains("augflow.train.evaluate-split"), m);
        // without early stopping, no validation split is fine: the last epoch is kept
        assertEquals("", TrainConf.parse("train.evaluate-split = \"\"").evaluateSplit());
    }

    @Test
    void aMetricOfTheOtherTaskIsRefusedOnceTheTaskIsKnown() {
        BestEpochConf conf = TrainConf.parse("train.best-model.metric = ap50").bestEpoch();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conf.metric().resolve(false, conf.metricKey()));
        assertTrue(e.getMessage().contains("augflow.train.best-model.metric = ap50")
                && e.getMessage().contains("classifier"), e.getMessage());
        assertEquals(SelectionMetric.AP50, conf.metric().resolve(true, conf.metricKey()));
    }

    private static String message(String hocon) {
        return assertThrows(IllegalArgumentException.class, () -> TrainConf.parse(hocon)).getMessage();
    }
}
