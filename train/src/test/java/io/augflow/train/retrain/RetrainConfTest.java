package io.augflow.train.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetrainConfTest {
    private static RetrainConf parse(String hocon) {
        return RetrainConf.fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    @Test
    void defaults() {
        RetrainConf c = parse("");
        assertEquals(new RetrainConf(100, 0.05, 2, true, "test", Optional.empty(), 0.005, 0.05, 0.05), c);
        assertEquals(new PromotionRule(PromotionMetric.MACRO_F1, 0.005, 0.05), c.promotionRule(false));
        assertEquals(new PromotionRule(PromotionMetric.AP, 0.005, 0.05), c.promotionRule(true),
                "a detector is judged on COCO AP by default");
    }

    @Test
    void readsEveryKeyIncludingNumbersGivenAsStrings() {
        RetrainConf c = parse("retrain { min-new-rows = \"10\", min-new-share = 0.5, epochs = 4, warm-start = false,"
                + " holdout-split = val, metric = balanced-accuracy, min-improvement = \"0.02\", max-recall-drop = 0,"
                + " max-ap-drop = 0.1 }");
        assertEquals(new RetrainConf(10, 0.5, 4, false, "val", Optional.of(PromotionMetric.BALANCED_ACCURACY), 0.02,
                0.0, 0.1), c);
    }

    @Test
    void aDetectorsRuleUsesTheApDropLimitAndAMetricOfTheOtherTaskIsRefused() {
        RetrainConf c = parse("retrain { metric = ap50, min-improvement = 0.01, max-recall-drop = 0.2,"
                + " max-ap-drop = 0.03 }");
        assertEquals(new PromotionRule(PromotionMetric.AP50, 0.01, 0.03), c.promotionRule(true));
        assertEquals("augflow.retrain.metric = ap50 scores detectors, but the model is a classifier: use one of"
                + " [macro-f1, accuracy, balanced-accuracy] or leave it unset",
                assertThrows(IllegalArgumentException.class, () -> c.promotionRule(false)).getMessage());
        assertEquals("augflow.retrain.metric = macro-f1 scores classifiers, but the model is a detector: use one of"
                + " [ap, ap50, ap-small] or leave it unset",
                assertThrows(IllegalArgumentException.class,
                        () -> parse("retrain.metric = macro-f1").promotionRule(true)).getMessage());
        assertEquals("augflow.retrain.max-ap-drop must be in [0, 1], got 2.0",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.max-ap-drop = 2")).getMessage());
    }

    @Test
    void badValuesNameKeyValueAndRule() {
        assertEquals("augflow.retrain.metric must be one of [macro-f1, accuracy, balanced-accuracy, ap, ap50, ap-small], got f1",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.metric = f1")).getMessage());
        assertEquals("augflow.retrain.holdout-split must be one of [train, val, test], got holdout",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.holdout-split = holdout")).getMessage());
        assertEquals("augflow.retrain.min-new-share must be in [0, 1], got 5.0",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.min-new-share = 5")).getMessage());
        assertEquals("augflow.retrain.epochs must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.epochs = 0")).getMessage());
        assertEquals("augflow.retrain.min-new-row is not a known key (known: [min-new-rows, min-new-share, epochs,"
                + " warm-start, holdout-split, metric, min-improvement, max-recall-drop, max-ap-drop])",
                assertThrows(IllegalArgumentException.class, () -> parse("retrain.min-new-row = 5")).getMessage());
    }
}
