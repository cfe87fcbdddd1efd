package io.augflow.train.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.DataException;
import io.augflow.augment.transform.geometric.InputSize;
import io.augflow.augment.transform.geometric.ResizePolicy;
import io.augflow.pipeline.stats.ImageProfile;
import io.augflow.pipeline.stats.ImageProfile.SizeCount;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputChoiceTest {
    private static final ImageProfile MNIST_LIKE = new ImageProfile(100, 1, List.of(new SizeCount(28, 28, 100)), 28,
            28, 0, 0, 0);
    /** Phone photos: median 4032 x 3024, colour, no boxes. */
    private static final ImageProfile PHOTOS = new ImageProfile(40, 7, List.of(new SizeCount(4032, 3024, 20)), 4032,
            3024, 40, 0, 0);

    private static ModelConf model(String block) {
        return ModelConf.parse("model { " + block + " }");
    }

    @Test
    void oneSizeIsKeptWithItsChannels() {
        InputChoice c = InputChoice.choose(model(""), MNIST_LIKE, Optional.empty());
        assertEquals(new InputSize(28, 28, 1), c.fit().size());
        assertEquals(ResizePolicy.RESIZE, c.fit().policy());
        assertTrue(c.reason().contains("the size of all 100 training images"), c.reason());
    }

    @Test
    void mixedSizesTakeTheMedianScaledTo224AndRoundedTo8() {
        InputChoice c = InputChoice.choose(model(""), PHOTOS, Optional.empty());
        // scale 224 / 4032; 4032 -> 224; 3024 * 224 / 4032 = 168 (a multiple of 8 already)
        assertEquals(new InputSize(224, 168, 3), c.fit().size());
        // 60 x 44 (no scaling): 60 -> 64 (7.5 rounds up), 44 -> 48 (5.5 rounds up)
        ImageProfile small = new ImageProfile(10, 3, List.of(), 60, 44, 0, 5, 0);
        InputChoice s = InputChoice.choose(model(""), small, Optional.empty());
        assertEquals(new InputSize(64, 48, 1), s.fit().size());
        assertEquals(ResizePolicy.LETTERBOX, s.fit().policy(), "images with boxes: letterbox");
    }

    @Test
    void theConfigurationAndThePipelineGoFirst() {
        InputChoice configured = InputChoice.choose(model("input-size = \"64x48\", resize = center-crop"), PHOTOS,
                Optional.of(new int[] {100, 100}));
        assertEquals(new InputSize(64, 48, 3), configured.fit().size());
        assertEquals(ResizePolicy.CENTER_CROP, configured.fit().policy());
        InputChoice grey = InputChoice.choose(model("input-size = [32, 32, 1]"), PHOTOS, Optional.empty());
        assertEquals(new InputSize(32, 32, 1), grey.fit().size(), "channels given: colour photos become grey");
        InputChoice pipeline = InputChoice.choose(model(""), PHOTOS, Optional.of(new int[] {96, 80}));
        assertEquals(new InputSize(96, 80, 3), pipeline.fit().size());
        assertEquals("the augment pipeline's output size", pipeline.reason());
    }

    @Test
    void aSplitWithoutRowsIsBadData() {
        assertThrows(DataException.class, () -> InputChoice.choose(model(""), ImageProfile.EMPTY, Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"input-size = \"64\"", "input-size = \"64x0\"", "input-size = \"64x64x2\"",
        "input-size = [64]", "input-size = [64.5, 3]", "resize = stretch", "input-size = big"})
    void badValuesNameTheKeyAndTheRule(String block) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model(block));
        assertTrue(e.getMessage().startsWith("augflow.model.") && e.getMessage().contains(" must be "), e.getMessage());
    }
}
