package io.augflow.augment.transform;

import io.augflow.augment.copypaste.CopyPasteTransform;
import io.augflow.augment.transform.geometric.HorizontalFlip;
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
    }
}
