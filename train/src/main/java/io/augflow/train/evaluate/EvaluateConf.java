package io.augflow.train.evaluate;

import io.augflow.train.eval.CalibrationCurve;
import io.augflow.train.predict.PredictConf;
import io.augflow.train.predict.TestTimeAugmentation;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How an evaluation runs, resolved on the driver.
 *
 * @param tta             test-time augmentation, as {@code predict --tta}
 * @param batchSize       images per forward pass on an executor, >= 1 (the model's
 *                        {@code train.batch-size-per-worker})
 * @param calibrationBins equal-width confidence bins of a classifier's reliability diagram, >= 1
 * @param timeout         the whole evaluation is cancelled after this (it never hangs), > 0
 * @param timeoutSetting  the option or key {@code timeout} comes from, named when it runs out
 * @param logitAdjustmentTau post-hoc logit adjustment's tau (--logit-adjust), 0 = off
 */
public record EvaluateConf(TestTimeAugmentation tta, int batchSize, int calibrationBins, Duration timeout,
        String timeoutSetting, double logitAdjustmentTau) implements Serializable {

    /** Without post-hoc logit adjustment. */
    public EvaluateConf(TestTimeAugmentation tta, int batchSize, int calibrationBins, Duration timeout,
            String timeoutSetting) {
        this(tta, batchSize, calibrationBins, timeout, timeoutSetting, 0);
    }

    public EvaluateConf {
        Objects.requireNonNull(tta, "tta");
        Objects.requireNonNull(timeoutSetting, "timeoutSetting");
        if (batchSize < 1) {
            throw new IllegalArgumentException("augflow.train.batch-size-per-worker (the evaluation batch) must be"
                    + " >= 1, got " + batchSize);
        }
        if (calibrationBins < 1) {
            throw new IllegalArgumentException("--calibration-bins must be >= 1, got " + calibrationBins);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(timeoutSetting + " must be > 0, got " + timeout);
        }
    }

    /** No test-time augmentation and {@link CalibrationCurve#DEFAULT_BINS} bins. */
    public static EvaluateConf of(int batchSize, Duration timeout, String timeoutSetting) {
        return new EvaluateConf(TestTimeAugmentation.NONE, batchSize, CalibrationCurve.DEFAULT_BINS, timeout,
                timeoutSetting);
    }

    /** What {@link io.augflow.train.predict.BatchPredictor} needs: the top class only, never an image folder. */
    PredictConf predictConf() {
        return new PredictConf(tta, 1, false, batchSize, Long.MAX_VALUE, 0, false, timeout);
    }
}
