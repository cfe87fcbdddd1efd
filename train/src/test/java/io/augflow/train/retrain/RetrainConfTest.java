package io.augflow.train.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class RetrainConfTest {
    private static RetrainConf parse(String hocon) {
        return RetrainConf.fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    @Test
    void defaults() {
        RetrainConf c = parse("");
        assertEquals(new RetrainConf(100, 0.05, 2, true, "test", PromotionMetric.MACRO_F1, 0.005, 0.05), c);
        assertEquals(new PromotionRule(PromotionMetric.MACRO_F1, 0.005, 0.05), c.promotionRule());
    }

    @Test
    void readsEveryKeyIncludingNumbersGivenAsStrings() {
        RetrainConf c = parse("retrain { min-new-rows = \"10\", min-new-share = 0.5, epochs = 4, warm-start = false,"
                + " holdout-split = val, metric = balanced-accuracy, min-improvement = \"0.02\", max-recall-drop = 0 }");
        assertEquals(new RetrainConf(10, 0.5, 4, false, "val", PromotionMetric.BALANCED_ACCURACY, 0.02, 0.0), c);
    }

    @Test
    void badValuesNameKeyValueAndRule() {
        assertEquals("augflow.retrain.metric must be one of [macro-f1, accuracy, balanced-accuracy], got f1",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.metric = f1")).getMessage());
        assertEquals("augflow.retrain.holdout-split must be one of [train, val, test], got holdout",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.holdout-split = holdout")).getMessage());
        assertEquals("augflow.retrain.min-new-share must be in [0, 1], got 5.0",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.min-new-share = 5")).getMessage());
        assertEquals("augflow.retrain.epochs must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.epochs = 0")).getMessage());
        assertEquals("augflow.retrain.min-new-row is not a known key (known: [min-new-rows, min-new-share, epochs,"
                + " warm-start, holdout-split, metric, min-improvement, max-recall-drop])",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.min-new-row = 5")).getMessage());
    }
}
