package io.augflow.jobs.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class PreviewConfTest {
    private static final String ALL = "samples = 8, augmentations = 6, split = train, epoch = 0, cell = 160,"
            + " donors-per-class = 50";

    @Test
    void readsEveryKey() {
        assertEquals(new PreviewConf(8, 6, "train", 0, 160, 50), PreviewConf.from(ConfigFactory.parseString(ALL)));
    }

    @Test
    void unknownKeyIsNamedInFullWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PreviewConf.from(ConfigFactory.parseString(ALL + ", sampels = 3")));
        assertEquals("augflow.preview.sampels is not a known key (known: [samples, augmentations, split, epoch, cell,"
                + " donors-per-class])", e.getMessage());
    }

    @Test
    void badValuesNameTheKeyTheValueAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PreviewConf.from(ConfigFactory.parseString(ALL + ", cell = big")));
        assertEquals("augflow.preview.cell must be an integer, got \"big\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PreviewConf.from(ConfigFactory.parseString(ALL + ", cell = 8")));
        assertEquals("augflow.preview.cell (--cell) must be in [32, 512], got 8", e.getMessage());
    }
}
