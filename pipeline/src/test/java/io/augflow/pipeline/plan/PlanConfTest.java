package io.augflow.pipeline.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanConfTest {

    @Test
    void emptyBlockIsNoBalancing() {
        PlanConf conf = PlanConf.from(ConfigFactory.empty());
        assertEquals(PlanConf.defaults(), conf);
        assertEquals(BalanceStrategy.NONE, conf.strategy());
        assertEquals(new BalanceTarget.Largest(), conf.target());
        assertEquals(10, conf.maxRepeat());
        assertEquals(0.001, conf.repeatThreshold());
        assertEquals(2, conf.smallObjectRepeat());
        assertEquals(ClassWeighting.NONE, conf.classWeights());
        assertEquals(42, conf.seed());
    }

    @Test
    void readsEveryKeyAndEveryTargetForm() {
        PlanConf conf = PlanConf.from(ConfigFactory.parseString("strategy = over-under, target { \"0\" = 500, \"7\" = 3 },"
                + " max-repeat = 4, repeat-threshold = 0.01, small-object-repeat = 3,"
                + " class-weights = effective-number"), 9_000_000_000L);
        assertEquals(new PlanConf(BalanceStrategy.OVER_UNDER, new BalanceTarget.PerClass(Map.of(0, 500L, 7, 3L)), 4,
                0.01, 3, ClassWeighting.EFFECTIVE_NUMBER, 9_000_000_000L), conf);
        assertEquals(new BalanceTarget.SquareRoot(), PlanConf.from(ConfigFactory.parseString("target = sqrt")).target());
        assertEquals(new BalanceTarget.Smallest(), PlanConf.from(ConfigFactory.parseString("target = min")).target());
        assertEquals(new BalanceTarget.Uniform(250), PlanConf.from(ConfigFactory.parseString("target = 250")).target());
    }

    /** --set KEY=VALUE, -D properties and ${?ENV} give strings: they must read like the same HOCON numbers. */
    @Test
    void numbersGivenAsStringsReadLikeNumbers() {
        String hocon = "strategy = oversample, target = 250, max-repeat = 4, repeat-threshold = 0.01,"
                + " small-object-repeat = 3";
        Map<String, Object> asStrings = Map.of("strategy", "oversample", "target", "250", "max-repeat", "4",
                "repeat-threshold", "0.01", "small-object-repeat", "3");
        assertEquals(PlanConf.from(ConfigFactory.parseString(hocon)), PlanConf.from(ConfigFactory.parseMap(asStrings)));
        assertEquals(new BalanceTarget.PerClass(Map.of(1, 7L)),
                PlanConf.from(ConfigFactory.parseString("target { \"1\" = \"7\" }")).target());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanConf.from(ConfigFactory.parseMap(Map.of("max-repeat", "2.5"))));
        assertEquals("augflow.balance.max-repeat must be an integer, got \"2.5\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PlanConf.from(ConfigFactory.parseMap(Map.of("repeat-threshold", "often"))));
        assertEquals("augflow.balance.repeat-threshold must be a number, got \"often\"", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "strategy = balance|augflow.balance.strategy must be one of [none, oversample, undersample, over-under, repeat-factor, small-object], got 'balance'",
        "max-repeat = 0|augflow.balance.max-repeat must be an integer in [1, 1000], got 0",
        "max-repeat = 2.5|augflow.balance.max-repeat must be an integer, got 2.5",
        "repeat-threshold = 0|augflow.balance.repeat-threshold must be in (0, 1], got 0.0",
        "max-repeat = 3, small-object-repeat = 4|augflow.balance.small-object-repeat must be an integer in [1, augflow.balance.max-repeat = 3], got 4",
        "class-weights = inverse|augflow.balance.class-weights must be one of [none, inverse-frequency, effective-number], got 'inverse'",
        "target = most|augflow.balance.target must be max, min, sqrt, a count >= 0 or an object { \"<class id>\" = <count> }, got \"most\"",
        "target = -5|augflow.balance.target must be an integer count >= 0, got -5",
        "target { cat = 5 }|augflow.balance.target.\"cat\": class must be an integer id >= 0, got 'cat'",
        "target { \"1\" = 2.5 }|augflow.balance.target.\"1\" must be an integer count >= 0, got 2.5",
        "max_repeat = 3|augflow.balance.max_repeat is not a known key (known: [strategy, target, max-repeat, repeat-threshold, small-object-repeat, class-weights, start-epoch])",
    })
    void badValuesNameTheKeyTheValueAndTheRule(String hocon, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanConf.from(ConfigFactory.parseString(hocon)));
        assertEquals(message, e.getMessage());
    }

    @Test
    void theSeedIsTheRunsAndABalanceSeedIsRefused() {
        assertEquals(7, PlanConf.fromRoot(ConfigFactory.parseString("seed = 7, balance { strategy = oversample }"))
                .seed());
        assertEquals(PlanConf.DEFAULT_SEED, PlanConf.fromRoot(ConfigFactory.empty()).seed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PlanConf.fromRoot(ConfigFactory.parseString("balance { seed = 3 }")));
        assertEquals("augflow.balance.seed is gone: augflow.seed seeds every random stream (augmentation,"
                + " initialisation, sampling)", e.getMessage());
    }
}
