package io.augflow.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

class OptimizerConfTest {
    private static final double EPS = 1e-15;

    private static IUpdater updater(String type) {
        return OptimizerConf.parse("optimizer { type = " + type + ", learning-rate = 0.02, momentum = 0.8,"
                + " beta1 = 0.7, beta2 = 0.95, epsilon = 1e-5, rho = 0.6, weight-decay = 0.03,"
                + " final-learning-rate = 0.2, gamma = 0.004 }").toUpdater();
    }

    @Test
    void eachTypeBuildsItsUpdaterWithTheConfiguredValues() {
        Sgd sgd = assertInstanceOf(Sgd.class, updater("sgd"));
        assertEquals(0.02, sgd.getLearningRate(), EPS);

        Momentum m = assertInstanceOf(Momentum.class, updater("momentum"));
        assertEquals(0.02, m.getLearningRate(), EPS);
        assertEquals(0.8, m.getMomentum(), EPS);

        Nesterovs n = assertInstanceOf(Nesterovs.class, updater("nesterov"));
        assertEquals(0.02, n.getLearningRate(), EPS);
        assertEquals(0.8, n.getMomentum(), EPS);

        AdaGrad ag = assertInstanceOf(AdaGrad.class, updater("adagrad"));
        assertEquals(0.02, ag.getLearningRate(), EPS);
        assertEquals(1e-5, ag.getEpsilon(), EPS);

        AdaDelta ad = assertInstanceOf(AdaDelta.class, updater("adadelta"));
        assertEquals(0.6, ad.getRho(), EPS);
        assertEquals(1e-5, ad.getEpsilon(), EPS);

        RmsProp rp = assertInstanceOf(RmsProp.class, updater("rmsprop"));
        assertEquals(0.02, rp.getLearningRate(), EPS);
        assertEquals(0.6, rp.getRmsDecay(), EPS);
        assertEquals(1e-5, rp.getEpsilon(), EPS);

        Adam adam = assertInstanceOf(Adam.class, updater("adam"));
        assertEquals(List.of(0.02, 0.7, 0.95, 1e-5),
                List.of(adam.getLearningRate(), adam.getBeta1(), adam.getBeta2(), adam.getEpsilon()));
        AdaMax adaMax = assertInstanceOf(AdaMax.class, updater("adamax"));
        assertEquals(List.of(0.02, 0.7, 0.95, 1e-5),
                List.of(adaMax.getLearningRate(), adaMax.getBeta1(), adaMax.getBeta2(), adaMax.getEpsilon()));
        Nadam nadam = assertInstanceOf(Nadam.class, updater("nadam"));
        assertEquals(List.of(0.02, 0.7, 0.95, 1e-5),
                List.of(nadam.getLearningRate(), nadam.getBeta1(), nadam.getBeta2(), nadam.getEpsilon()));
        AMSGrad ams = assertInstanceOf(AMSGrad.class, updater("amsgrad"));
        assertEquals(List.of(0.02, 0.7, 0.95, 1e-5),
                List.of(ams.getLearningRate(), ams.getBeta1(), ams.getBeta2(), ams.getEpsilon()));
        AdamW adamW = assertInstanceOf(AdamW.class, updater("adamw"));
        assertEquals(List.of(0.02, 0.7, 0.95, 1e-5, 0.03), List.of(adamW.getLearningRate(), adamW.getBeta1(),
                adamW.getBeta2(), adamW.getEpsilon(), adamW.getWeightDecay()));
        AdaBound adaBound = assertInstanceOf(AdaBound.class, updater("adabound"));
        assertEquals(List.of(0.02, 0.7, 0.95, 1e-5, 0.2, 0.004), List.of(adaBound.getLearningRate(),
                adaBound.getBeta1(), adaBound.getBeta2(), adaBound.getEpsilon(), adaBound.getFinalLearningRate(),
                adaBound.getGamma()));
    }

    @Test
    void adamwAndAdaboundDefaultToTheirPapersValues() {
        AdamW adamW = assertInstanceOf(AdamW.class, OptimizerConf.parse("optimizer { type = adamw }").toUpdater());
        assertEquals(List.of(1e-3, 0.9, 0.999, 1e-8, 0.01), List.of(adamW.getLearningRate(), adamW.getBeta1(),
                adamW.getBeta2(), adamW.getEpsilon(), adamW.getWeightDecay()));
        AdaBound adaBound = assertInstanceOf(AdaBound.class,
                OptimizerConf.parse("optimizer { type = adabound }").toUpdater());
        assertEquals(List.of(1e-3, 0.9, 0.999, 1e-8, 0.1, 1e-3), List.of(adaBound.getLearningRate(),
                adaBound.getBeta1(), adaBound.getBeta2(), adaBound.getEpsilon(), adaBound.getFinalLearningRate(),
                adaBound.getGamma()));
    }

    @ParameterizedTest
    @EnumSource(OptimizerType.class)
    void defaultsAreValidAndTheScheduleReachesEveryUpdaterWithALearningRate(OptimizerType type) {
        OptimizerConf plain = OptimizerConf.defaults(type);
        assertEquals(type.usesEpsilon(), !Double.isNaN(plain.epsilon()));
        assertEquals(type.usesEpsilon() ? type.defaultEpsilon() : Double.NaN, plain.epsilon());
        if (type == OptimizerType.ADADELTA) {
            return;
        }
        OptimizerConf scheduled = OptimizerConf.parse("optimizer { type = " + type.key()
                + ", learning-rate = 0.1, schedule { type = exponential, gamma = 0.5 } }");
        IUpdater u = scheduled.toUpdater();
        assertTrue(u.hasLearningRate());
        assertEquals(0.1, u.getLearningRate(0, 0), EPS);
        assertEquals(0.025, u.getLearningRate(2, 0), EPS);
    }

    @Test
    void absentBlockMeansAdamAtOneInAThousand() {
        OptimizerConf c = OptimizerConf.parse("something-else = 1");
        assertSame(OptimizerType.ADAM, c.type());
        Adam adam = assertInstanceOf(Adam.class, c.toUpdater());
        assertEquals(1e-3, adam.getLearningRate(), EPS);
        assertEquals(1e-8, adam.getEpsilon(), EPS);
        assertNull(adam.getLearningRateSchedule());
    }

    @Test
    void eachCallGivesAFreshUpdater() {
        OptimizerConf c = OptimizerConf.defaults(OptimizerType.SGD);
        assertTrue(c.toUpdater() != c.toUpdater());
        assertEquals(c.toUpdater(), c.toUpdater());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type = adamx                                  | augflow.optimizer.type must be one of",
        "type = adamw, weight-decay = -0.1             | augflow.optimizer.weight-decay must be a finite number >= 0, got -0.1",
        "type = adamw, weight-decay = lots             | augflow.optimizer.weight-decay must be a number, got \"lots\"",
        "type = adamw, beta1 = 1                       | augflow.optimizer.beta1 must be in [0, 1), got 1.0",
        "type = adabound, final-learning-rate = 0      | augflow.optimizer.final-learning-rate must be a finite number > 0, got 0.0",
        "type = adabound, gamma = 1                    | augflow.optimizer.gamma must be in (0, 1), got 1.0",
        "type = adabound, gamma = 0                    | augflow.optimizer.gamma must be in (0, 1), got 0.0",
        "type = adabound, epsilon = -1e-8              | augflow.optimizer.epsilon must be a finite number > 0, got -1.0E-8",
        "type = adabound, final-lr = 0.1               | augflow.optimizer.final-lr is not a known key",
        "learning-rate = -1                            | augflow.optimizer.learning-rate must be a finite number > 0, got -1.0",
        "learning-rate = fast                          | augflow.optimizer.learning-rate must be a number, got \"fast\"",
        "momentum = 1                                  | augflow.optimizer.momentum must be in [0, 1), got 1.0",
        "beta2 = 1.5                                   | augflow.optimizer.beta2 must be in [0, 1), got 1.5",
        "epsilon = 0                                   | augflow.optimizer.epsilon must be a finite number > 0, got 0.0",
        "learnig-rate = 0.1                            | augflow.optimizer.learnig-rate is not a known key",
        "schedule { type = linear }                    | augflow.optimizer.schedule.type must be one of",
        "schedule { type = cosine }                    | augflow.optimizer.schedule.max-iterations must be >= 1 for type cosine, got 0",
        "schedule { type = polynomial, max-iterations = 9, power = 0 } | augflow.optimizer.schedule.power must be a finite number > 0, got 0.0",
        "schedule { type = step, decay-rate = 2 }      | augflow.optimizer.schedule.decay-rate must be in (0, 1], got 2.0",
        "schedule { type = step, step-size = 0 }       | augflow.optimizer.schedule.step-size must be >= 1, got 0",
        "schedule { warmup-iterations = -3 }           | augflow.optimizer.schedule.warmup-iterations must be >= 0, got -3",
        "schedule { type = step, gama = 0.5 }          | augflow.optimizer.schedule.gama is not a known key",
        "schedule = cosine                             | augflow.optimizer.schedule must be a block",
        "type = adadelta, schedule { type = step }     | augflow.optimizer.schedule must be type none without warm-up for type adadelta",
    })
    void badConfigNamesKeyAndValue(String body, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerConf.parse("optimizer { " + body + " }").toUpdater());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void cosineMinLrAboveTheRateIsRejectedWithBothValues() {
        OptimizerConf c = OptimizerConf.parse("optimizer { learning-rate = 0.01,"
                + " schedule { type = cosine, max-iterations = 10, min-lr = 0.1 } }");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::toUpdater);
        assertEquals("augflow.optimizer.schedule.min-lr must be <= optimizer.learning-rate (0.01) for type cosine, got 0.1",
                e.getMessage());
    }
}
