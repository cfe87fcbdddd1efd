package io.augflow.train.spark;

import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * A detector's box targets over one epoch, summed from the executors with Spark accumulators: the boxes encoded,
 * and those that lost their grid cell to a smaller box (DL4J's YOLO labels hold one object per cell). A high share says
 * the stride is too coarse for the data; nothing else reports it, because those boxes simply never become targets.
 */
public final class TargetCounters implements Serializable {
    private final LongAccumulator objects;
    private final LongAccumulator dropped;

    private TargetCounters(LongAccumulator objects, LongAccumulator dropped) {
        this.objects = objects;
        this.dropped = dropped;
    }

    public static TargetCounters register(SparkContext sc, String name) {
        return new TargetCounters(sc.longAccumulator(name + ".targetObjects"),
                sc.longAccumulator(name + ".targetsDropped"));
    }

    /** Called on an executor per encoded minibatch. */
    void add(long objectsInBatch, long droppedInBatch) {
        objects.add(objectsInBatch);
        dropped.add(droppedInBatch);
    }

    public long objects() {
        return objects.value();
    }

    public long dropped() {
        return dropped.value();
    }

    /** The driver's log line, when any box was encoded. */
    Optional<String> describe(int epoch, int stride) {
        long all = objects() + dropped();
        if (all == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "epoch %d: %,d of %,d boxes (%.2f%%) shared a grid cell with"
                + " a smaller box and were not training targets (model.detect.stride = %d)", epoch + 1,
                dropped(), all, 100.0 * dropped() / all, stride));
    }
}
