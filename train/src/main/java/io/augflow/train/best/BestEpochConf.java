package io.augflow.train.best;

import io.augflow.augment.conf.ConfBlock;
import java.util.List;

/**
 * The {@code train.best-model} and {@code train.early-stopping} blocks: which epoch becomes {@code model.zip} and
 * when training stops before {@code train.epochs}.
 *
 * <pre>
 * train {
 *   best-model {
 *     metric = auto    # auto (macro-f1 for a classifier, ap for a detector) | macro-f1 | accuracy
 *                      # | balanced-accuracy | ap | ap50: ranks the epochs on train.evaluate-split
 *     min-delta = 0    # an epoch is better only when it beats the best by more than this (>= 0)
 *   }
 *   early-stopping {
 *     patience = 0     # stop after this many epochs in a row without a better one; 0 = off
 *   }
 * }
 * </pre>
 *
 * @param metricKey the full key of {@code metric}, named in the errors found once the task is known
 * @param patienceKey the full key of {@code patience}, named when early stopping has nothing to watch
 */
public record BestEpochConf(SelectionMetric metric, double minDelta, int patience, String metricKey,
        String patienceKey) {

    public static final String BEST_MODEL = "best-model";
    public static final String EARLY_STOPPING = "early-stopping";

    /** Reads both blocks under the {@code train} block {@code train}; absent blocks take the defaults. */
    public static BestEpochConf from(ConfBlock train) {
        ConfBlock best = train.child(BEST_MODEL);
        best.rejectUnknown(List.of("metric", "min-delta"));
        SelectionMetric metric = SelectionMetric.fromKey(best.string("metric", SelectionMetric.AUTO.key()),
                best.key("metric"));
        double minDelta = best.number("min-delta", 0);
        best.check(minDelta >= 0 && Double.isFinite(minDelta), "min-delta", minDelta, "a finite number >= 0");
        ConfBlock stopping = train.child(EARLY_STOPPING);
        stopping.rejectUnknown(List.of("patience"));
        int patience = stopping.integer("patience", 0);
        stopping.check(patience >= 0, "patience", patience, ">= 0 (0 = off)");
        return new BestEpochConf(metric, minDelta, patience, best.key("metric"), stopping.key("patience"));
    }

    /** The selection rule of these settings. */
    public BestEpochRule rule() {
        return new BestEpochRule(minDelta, patience);
    }

    public boolean earlyStopping() {
        return patience > 0;
    }
}
