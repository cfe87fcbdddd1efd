package io.augflow.augment.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FixedOutputSizeTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static Compose pipeline(String transforms) {
        return AugmentConf.parse("augment { pipeline = [" + transforms + "] }").compose();
    }

    @Test
    void aPipelineEndingWithAResizeOrACertainCropHasOne() {
        assertArrayEquals(new int[] {32, 24}, pipeline("{type = horizontal-flip, p = 0.5},"
                + " {type = resize, p = 1, width = 32, height = 24}").fixedOutputSize().orElseThrow());
        assertArrayEquals(new int[] {100, 80}, pipeline("{type = random-crop, p = 1, width = 100, height = 80}")
                .fixedOutputSize().orElseThrow());
    }

    @Test
    void aPipelineThatKeepsTheInputSizeOrFiresOnlySometimesHasNone() {
        assertTrue(pipeline("{type = horizontal-flip, p = 0.5}").fixedOutputSize().isEmpty());
        assertTrue(pipeline("").fixedOutputSize().isEmpty());
        assertTrue(pipeline("{type = resize, p = 0.5, width = 32, height = 32}").fixedOutputSize().isEmpty(),
                "a resize that is skipped half of the time");
        assertTrue(pipeline("{type = random-crop, p = 1, width = 5000, height = 5000}").fixedOutputSize().isEmpty(),
                "a crop larger than the probes");
    }
}
