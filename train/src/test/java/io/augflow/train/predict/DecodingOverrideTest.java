package io.augflow.train.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.augflow.train.model.DetectConf;
import org.junit.jupiter.api.Test;

/** A run's decoding settings replace only the ones it sets; the model's stride, anchors and head stay. */
class DecodingOverrideTest {
    private static final DetectConf RECORDED = new DetectConf(16, 3, 0.01, 0.5, 100, 2, DetectConf.MSE);

    @Test
    void noneKeepsEveryRecordedSetting() {
        assertEquals(RECORDED, DecodingOverride.NONE.applyTo(RECORDED));
    }

    @Test
    void eachSetValueReplacesOnlyItsOwnSetting() {
        assertEquals(new DetectConf(16, 3, 0.25, 0.5, 100, 2, DetectConf.MSE),
                new DecodingOverride(0.25, Double.NaN, 0).applyTo(RECORDED));
        assertEquals(new DetectConf(16, 3, 0.01, 0.7, 100, 2, DetectConf.MSE),
                new DecodingOverride(Double.NaN, 0.7, 0).applyTo(RECORDED));
        assertEquals(new DetectConf(16, 3, 0.01, 0.5, 10, 2, DetectConf.MSE),
                new DecodingOverride(Double.NaN, Double.NaN, 10).applyTo(RECORDED));
        assertEquals(new DetectConf(16, 3, 0.0, 1.0, 1000, 2, DetectConf.MSE),
                new DecodingOverride(0.0, 1.0, 1000).applyTo(RECORDED));
    }
}
