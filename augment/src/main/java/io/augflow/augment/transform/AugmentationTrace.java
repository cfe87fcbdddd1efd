package io.augflow.augment.transform;

import java.util.ArrayList;
import java.util.List;

/** Records which transforms were applied with which parameters (for debugging and reports). */
public interface AugmentationTrace {

    /** Discards everything: the default when nobody asks. */
    AugmentationTrace NONE = (name, params) -> {};

    void record(String transformName, Object params);

    /** A trace that keeps every record in order. */
    static Recording recording() {
        return new Recording();
    }

    /** One applied transform. */
    record Applied(String transformName, Object params) {}

    final class Recording implements AugmentationTrace {
        private final List<Applied> applied = new ArrayList<>();

        @Override
        public void record(String transformName, Object params) {
            applied.add(new Applied(transformName, params));
        }

        public List<Applied> applied() {
            return List.copyOf(applied);
        }
    }
}
