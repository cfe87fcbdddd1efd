package io.augflow.pipeline.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsConfTest {

    @Test
    void emptyBlockGivesTheCocoDefaults() {
        StatsConf conf = StatsConf.from(ConfigFactory.empty());
        assertEquals(StatsConf.defaults(), conf);
        assertEquals(1024, conf.smallArea());
        assertEquals(9216, conf.mediumArea());
        assertEquals(0.999, conf.beta());
        assertEquals(List.of("train"), conf.splits());
    }

    @Test
    void readsEveryKey() {
        StatsConf conf = StatsConf.from(ConfigFactory.parseString(
                "small-area = 100, medium-area = 400, beta = 0.5, splits = [val, train]"));
        assertEquals(new StatsConf(100, 400, 0.5, List.of("train", "val")), conf);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "small-area = 0|augflow.stats.small-area must be a finite number > 0, got 0.0",
        "medium-area = 10|augflow.stats.medium-area must be finite and > augflow.stats.small-area (1024.0), got 10.0",
        "beta = 1|augflow.stats.beta must be in [0, 1), got 1.0",
        "splits = [train, dev]|augflow.stats.splits values must be one of [train, val, test], got 'dev'",
        "splits = []|augflow.stats.splits must name at least one of [train, val, test], got []",
        "small_area = 3|augflow.stats.small_area is not a known key (known: [small-area, medium-area, beta, splits])",
    })
    void badValuesNameTheKeyTheValueAndTheRule(String hocon, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StatsConf.from(ConfigFactory.parseString(hocon)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void wrongTypeIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StatsConf.from(ConfigFactory.parseString("beta = high")));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }
}
