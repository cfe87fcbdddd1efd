package io.augflow.augment.transform;

import io.augflow.augment.transform.geometric.HorizontalFlip;

/** The list of built-in transforms: one line each. */
final class BuiltInTransforms {
    private BuiltInTransforms() {}

    static void registerAll(TransformRegistry.Builder b) {
        // geometric
        b.register(HorizontalFlip.NAME, HorizontalFlip::fromConfig);
        // photometric
        // composition
    }
}
