package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.augment.transform.geometric.InputSize;
import io.augflow.augment.transform.geometric.ResizePolicy;
import org.junit.jupiter.api.Test;

/** Box sizes for the anchors are scaled as the input step scales the image. */
class DetectionSetupTest {

    @Test
    void eachPolicyScalesAsItsImageIsScaled() {
        InputSize input = new InputSize(96, 64, 3);
        // a 192 x 64 image: 0.5 across, 1.0 down
        assertArrayEquals(new double[] {0.5, 1.0},
                DetectionSetup.scale(new InputFit(input, ResizePolicy.RESIZE), 192, 64), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5},
                DetectionSetup.scale(new InputFit(input, ResizePolicy.LETTERBOX), 192, 64), 1e-12,
                "letterbox: the whole image fits, by the smaller ratio");
        assertArrayEquals(new double[] {1.0, 1.0},
                DetectionSetup.scale(new InputFit(input, ResizePolicy.CENTER_CROP), 192, 64), 1e-12,
                "centre crop: the window is filled, by the larger ratio");
    }
}
