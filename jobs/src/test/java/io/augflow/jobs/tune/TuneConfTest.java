package io.augflow.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.train.best.SelectionMetric;
import io.augflow.train.tune.GridStrategy;
import io.augflow.train.tune.RandomStrategy;
import io.augflow.train.tune.SearchSpace;
import io.augflow.train.tune.TpeStrategy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TuneConfTest {
    private static TuneConf read(String hocon) {
        return TuneConf.fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    private static String refused(String hocon) {
        return assertThrows(IllegalArgumentException.class, () -> read(hocon)).getMessage();
    }

    @Test
    void anAbsentBlockTakesTheDocumentedDefaultsAndTheRootSeed() {
        TuneConf t = read("seed = 9");
        assertEquals(TuneConf.Strategy.RANDOM, t.strategy());
        assertEquals(20, t.trials());
        assertEquals(2, t.parallel());
        assertEquals(9, t.seed(), "unset: augflow.seed");
        assertEquals(0, t.epochBudget());
        assertEquals(Optional.empty(), t.metric(), "auto");
        assertEquals("auto", t.metricName());
        assertEquals(Duration.ZERO, t.trialTimeout());
        assertEquals(0, t.workersPerTrial());
        assertEquals(3, t.gridPoints());
        assertEquals(new TuneConf.Halving(1, 3, 0), t.halving());
        assertEquals(0.1, t.tpe().gamma());
    }

    @Test
    void thePackagedBlockReadsAsTheDefaults() {
        Config packaged = ConfigFactory.parseFile(new java.io.File("../conf/augflow.conf")).resolve()
                .getConfig("augflow");
        assertEquals(read("seed = " + packaged.getLong("seed")), TuneConf.fromRoot(packaged));
    }

    @Test
    void everyKeyIsRead() {
        TuneConf t = read("""
                tune { strategy = halving, trials = 7, parallel = 3, seed = 5, epoch-budget = 30, metric = accuracy,
                       trial-timeout = "90 s", workers-per-trial = 1, grid.points = 4,
                       tpe { gamma = 0.2, startup-trials = 4, candidates = 8 },
                       halving { min-epochs = 2, reduction-factor = 2, max-epochs = 8 } }
                """);
        assertEquals(TuneConf.Strategy.HALVING, t.strategy());
        assertEquals(7, t.trials());
        assertEquals(3, t.parallel());
        assertEquals(5, t.seed());
        assertEquals(30, t.epochBudget());
        assertEquals(Optional.of(SelectionMetric.ACCURACY), t.metric());
        assertEquals(Duration.ofSeconds(90), t.trialTimeout());
        assertEquals(1, t.workersPerTrial());
        assertEquals(4, t.gridPoints());
        assertEquals(4, t.tpe().startupTrials());
        assertEquals(new TuneConf.Halving(2, 2, 8), t.halving());
        assertTrue(t.halves());
    }

    @Test
    void badValuesNameTheirKey() {
        assertTrue(refused("tune.strategy = bayes").startsWith("augflow.tune.strategy must be one of [grid, random,"
                + " tpe, halving], got 'bayes'"));
        assertTrue(refused("tune.trials = 0").startsWith("augflow.tune.trials must be >= 1, got 0"));
        assertTrue(refused("tune.parallel = -1").startsWith("augflow.tune.parallel must be >= 1"));
        assertTrue(refused("tune.epoch-budget = -3").startsWith("augflow.tune.epoch-budget must be >= 0"));
        assertTrue(refused("tune.metric = loss").startsWith("augflow.tune.metric must be one of"));
        assertTrue(refused("tune.trial-timeout = soon").startsWith("augflow.tune.trial-timeout must be a duration"));
        assertTrue(refused("tune.workers-per-trial = -1").startsWith("augflow.tune.workers-per-trial must be >= 0"));
        assertTrue(refused("tune.grid.points = 0").startsWith("augflow.tune.grid.points must be >= 1"));
        assertTrue(refused("tune.tpe.gamma = 1.5").startsWith("augflow.tune.tpe.gamma must be in (0, 1)"));
        assertTrue(refused("tune.halving.reduction-factor = 1")
                .startsWith("augflow.tune.halving.reduction-factor must be >= 2"));
        assertTrue(refused("tune.halving { min-epochs = 3, max-epochs = 2 }")
                .startsWith("augflow.tune.halving.max-epochs must be 0 (= augflow.train.epochs) or >= "));
        assertTrue(refused("tune.trails = 3").startsWith("augflow.tune.trails is not a known key"));
    }

    @Test
    void eachStrategyNameGivesItsStrategy() {
        SearchSpace space = SearchSpace.parse(ConfigFactory.parseString(
                "\"augflow.optimizer.learning-rate\" { log-uniform = [1e-4, 1e-1] }"), "space.conf");
        assertInstanceOf(GridStrategy.class, read("tune.strategy = grid").searchStrategy(space));
        assertInstanceOf(RandomStrategy.class, read("tune.strategy = random").searchStrategy(space));
        assertInstanceOf(RandomStrategy.class, read("tune.strategy = halving").searchStrategy(space),
                "halving draws at random and stops at rungs");
        assertInstanceOf(TpeStrategy.class, read("tune.strategy = tpe").searchStrategy(space));
    }
}
