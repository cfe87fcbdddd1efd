package io.augflow.augment.transform;

import io.augflow.augment.transform.geometric.Affine;
import io.augflow.augment.transform.geometric.HorizontalFlip;
import io.augflow.augment.transform.geometric.Letterbox;
import io.augflow.augment.transform.geometric.Pad;
import io.augflow.augment.transform.geometric.RandomCrop;
import io.augflow.augment.transform.geometric.RandomResizedCrop;
import io.augflow.augment.transform.geometric.Resize;
import io.augflow.augment.transform.geometric.Rotate;
import io.augflow.augment.transform.geometric.VerticalFlip;

/** The list of built-in transforms: one line each. */
final class BuiltInTransforms {
    private BuiltInTransforms() {}

    static void registerAll(TransformRegistry.Builder b) {
        // geometric
        b.register(HorizontalFlip.NAME, HorizontalFlip::fromConfig);
        b.register(VerticalFlip.NAME, VerticalFlip::fromConfig);
        b.register(Rotate.NAME, Rotate::fromConfig);
        b.register(Affine.NAME, Affine::fromConfig);
        b.register(RandomCrop.NAME, RandomCrop::fromConfig);
        b.register(RandomResizedCrop.NAME, RandomResizedCrop::fromConfig);
        b.register(Pad.NAME, Pad::fromConfig);
        b.register(Resize.NAME, Resize::fromConfig);
        b.register(Letterbox.NAME, Letterbox::fromConfig);
        // photometric
        // composition
        b.registerComposite(OneOf.NAME, OneOf::fromConfig);
        b.registerComposite(SomeOf.NAME, SomeOf::fromConfig);
    }
}
