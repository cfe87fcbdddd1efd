package io.augflow.train.optim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.augment.conf.ConfBlock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The typed {@code optimizer} block, turned into a DL4J {@link IUpdater} by {@link #toUpdater()}.
 *
 * <pre>
 * optimizer {
 *   type = adam            # sgd | momentum | nesterov | adagrad | adadelta | rmsprop | adam | adamax | nadam | amsgrad
 *   learning-rate = 1e-3   # > 0; not used by adadelta (it has none)
 *   momentum = 0.9         # momentum, nesterov: in [0, 1)
 *   beta1 = 0.9            # adam, adamax, nadam, amsgrad: in [0, 1)
 *   beta2 = 0.999          # adam, adamax, nadam, amsgrad: in [0, 1)
 *   epsilon = ...          # adagrad, adadelta, rmsprop, adam, adamax, nadam, amsgrad: > 0;
 *                          #   default DL4J's for the type (1e-6 adagrad/adadelta, else 1e-8)
 *   rho = 0.95             # adadelta rho, rmsprop decay: in (0, 1)
 *   schedule { ... }       # see ScheduleConf; must be none without warm-up for adadelta
 * }
 * </pre>
 * {@code momentum} is classical heavy-ball momentum ({@link Momentum}); {@code nesterov} is DL4J's
 * {@link Nesterovs}. Keys a type does not read are accepted and ignored; unknown keys are rejected.
 *
 * @param epsilon NaN exactly for the types that have no epsilon
 */
public record OptimizerConf(OptimizerType type, double learningRate, double momentum, double beta1, double beta2,
                            double epsilon, double rho, ScheduleConf schedule) implements java.io.Serializable {
    public static final String PATH = "optimizer";
    public static final String TYPE = "type";
    public static final String LEARNING_RATE = "learning-rate";
    public static final String MOMENTUM = "momentum";
    public static final String BETA1 = "beta1";
    public static final String BETA2 = "beta2";
    public static final String EPSILON = "epsilon";
    public static final String RHO = "rho";
    public static final String SCHEDULE = "schedule";
    private static final List<String> KEYS =
            List.of(TYPE, LEARNING_RATE, MOMENTUM, BETA1, BETA2, EPSILON, RHO, SCHEDULE);

    public static final OptimizerType DEFAULT_TYPE = OptimizerType.ADAM;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_RHO = 0.95;

    public OptimizerConf {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schedule, "schedule");
        check(learningRate > 0 && !Double.isInfinite(learningRate), LEARNING_RATE, learningRate, "a finite number > 0");
        check(momentum >= 0 && momentum < 1, MOMENTUM, momentum, "in [0, 1)");
        check(beta1 >= 0 && beta1 < 1, BETA1, beta1, "in [0, 1)");
        check(beta2 >= 0 && beta2 < 1, BETA2, beta2, "in [0, 1)");
        if (type.usesEpsilon()) {
            check(epsilon > 0 && !Double.isInfinite(epsilon), EPSILON, epsilon, "a finite number > 0");
        } else {
            epsilon = Double.NaN;
        }
        check(rho > 0 && rho < 1, RHO, rho, "in (0, 1)");
        if (type == OptimizerType.ADADELTA && schedule.isScheduled()) {
            throw new IllegalArgumentException(ConfBlock.ROOT + "." + PATH + "." + SCHEDULE + " must be type none without warm-up for type"
                    + " adadelta (AdaDelta has no learning rate), got type " + schedule.type().key()
                    + " with warmup-iterations " + schedule.warmupIterations());
        }
    }

    /** The given type with all other values at their defaults. */
    public static OptimizerConf defaults(OptimizerType type) {
        return new OptimizerConf(type, DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM, DEFAULT_BETA1, DEFAULT_BETA2,
                type.defaultEpsilon(), DEFAULT_RHO, ScheduleConf.NONE);
    }

    /** Reads {@code optimizer} from a whole configuration; an absent block means all defaults (Adam 1e-3). */
    public static OptimizerConf fromRoot(Config root) {
        return from(ConfBlock.of(root, PATH));
    }

    /** Parses a HOCON text holding an {@code optimizer { ... }} block. */
    public static OptimizerConf parse(String hocon) {
        return fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    /** Reads the contents of an {@code optimizer} block. */
    public static OptimizerConf from(ConfBlock b) {
        b.rejectUnknown(KEYS);
        OptimizerType type = OptimizerType.fromKey(b.string(TYPE, DEFAULT_TYPE.key()), b.key(TYPE));
        return new OptimizerConf(type,
                b.number(LEARNING_RATE, DEFAULT_LEARNING_RATE),
                b.number(MOMENTUM, DEFAULT_MOMENTUM),
                b.number(BETA1, DEFAULT_BETA1),
                b.number(BETA2, DEFAULT_BETA2),
                b.number(EPSILON, type.defaultEpsilon()),
                b.number(RHO, DEFAULT_RHO),
                ScheduleConf.from(b.child(SCHEDULE)));
    }

    /** The learning-rate schedule, empty for a fixed rate. */
    public Optional<ISchedule> learningRateSchedule() {
        return schedule.toSchedule(learningRate);
    }

    /** A new DL4J updater configuration with these values (a fresh object each call: DL4J mutates them). */
    public IUpdater toUpdater() {
        double lr = learningRate;
        IUpdater updater = switch (type) {
            case SGD -> new Sgd(lr);
            case MOMENTUM -> new Momentum(lr, momentum);
            case NESTEROV -> new Nesterovs(lr, momentum);
            case ADAGRAD -> AdaGrad.builder().learningRate(lr).epsilon(epsilon).build();
            case ADADELTA -> AdaDelta.builder().rho(rho).epsilon(epsilon).build();
            case RMSPROP -> RmsProp.builder().learningRate(lr).rmsDecay(rho).epsilon(epsilon).build();
            case ADAM -> Adam.builder().learningRate(lr).beta1(beta1).beta2(beta2).epsilon(epsilon).build();
            case ADAMAX -> new AdaMax(lr, beta1, beta2, epsilon);
            case NADAM -> Nadam.builder().learningRate(lr).beta1(beta1).beta2(beta2).epsilon(epsilon).build();
            case AMSGRAD -> AMSGrad.builder().learningRate(lr).beta1(beta1).beta2(beta2).epsilon(epsilon).build();
        };
        learningRateSchedule().ifPresent(s -> updater.setLrAndSchedule(lr, s));
        return updater;
    }

    private static void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(ConfBlock.ROOT + "." + PATH + "." + key + " must be " + rule + ", got " + value);
        }
    }
}
