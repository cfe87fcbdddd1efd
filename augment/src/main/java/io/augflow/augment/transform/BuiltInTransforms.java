package io.augflow.augment.transform;

import io.augflow.augment.copypaste.CopyPasteTransform;
import io.augflow.augment.transform.geometric.Affine;
import io.augflow.augment.transform.geometric.HorizontalFlip;
import io.augflow.augment.transform.geometric.Letterbox;
import io.augflow.augment.transform.geometric.Pad;
import io.augflow.augment.transform.geometric.RandomCrop;
import io.augflow.augment.transform.geometric.RandomResizedCrop;
import io.augflow.augment.transform.geometric.Resize;
import io.augflow.augment.transform.geometric.Rotate;
import io.augflow.augment.transform.geometric.VerticalFlip;
import io.augflow.augment.transform.photometric.BrightnessContrast;
import io.augflow.augment.transform.photometric.Clahe;
import io.augflow.augment.transform.photometric.Cutout;
import io.augflow.augment.transform.photometric.Gamma;
import io.augflow.augment.transform.photometric.GaussianBlur;
import io.augflow.augment.transform.photometric.GaussianNoise;
import io.augflow.augment.transform.photometric.HsvShift;

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
        b.register(BrightnessContrast.NAME, BrightnessContrast::fromConfig);
        b.register(HsvShift.NAME, HsvShift::fromConfig);
        b.register(Gamma.NAME, Gamma::fromConfig);
        b.register(GaussianBlur.NAME, GaussianBlur::fromConfig);
        b.register(GaussianNoise.NAME, GaussianNoise::fromConfig);
        b.register(Clahe.NAME, Clahe::fromConfig);
        b.register(Cutout.NAME, Cutout::fromConfig);
        // copy-paste: built with an empty donor bank; the pipeline gives it one with withBank
        b.register(CopyPasteTransform.NAME, CopyPasteTransform::fromConfig);
        // composition
        b.registerComposite(OneOf.NAME, OneOf::fromConfig);
        b.registerComposite(SomeOf.NAME, SomeOf::fromConfig);
    }
}
