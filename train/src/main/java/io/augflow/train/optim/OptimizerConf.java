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
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The typed {@code optimizer} block, turned into a DL4J {@link IUpdater} by {@link #toUpdater()}.
 *
 * <pre>
 * optimizer {
 *   type = adam            # sgd | momentum | nesterov | adagrad | adadelta | rmsprop | adam | adamax | nadam | amsgrad
 *                          #   | adamw | adabound
 *   learning-rate = 1e-3   # > 0; not used by adadelta (it has none)
 *   momentum = 0.9         # momentum, nesterov: in [0, 1)
 *   beta1 = 0.9            # adam, adamax, nadam, amsgrad, adamw, adabound: in [0, 1)
 *   beta2 = 0.999          # adam, adamax, nadam, amsgrad, adamw, adabound: in [0, 1)
 *   epsilon = ...          # adagrad, adadelta, rmsprop, adam, adamax, nadam, amsgrad, adamw, adabound: > 0;
 *                          #   default DL4J's for the type (1e-6 adagrad/adadelta, else 1e-8)
 *   rho = 0.95             # adadelta rho, rmsprop decay: in (0, 1)
 *   weight-decay = 0.01    # adamw: decoupled decay, theta -= learning-rate(t) * weight-decay * theta; >= 0
 *   final-learning-rate = 0.1  # adabound: the SGD rate the step-size bounds converge to (scaled by
 *                          #   learning-rate(t) / learning-rate under a schedule); > 0
 *   gamma = 1e-3           # adabound: convergence speed of the bounds; in (0, 1)
 *   schedule { ... }       # see ScheduleConf; must be none without warm-up for adadelta
 * }
 * </pre>
 * {@code momentum} is classical heavy-ball momentum ({@link Momentum}); {@code nesterov} is DL4J's
 * {@link Nesterovs}; {@code adamw} is {@link AdamW}, whose decay term is the DL4J regularization
 * {@link #regularization()} that the network's layers must be given; {@code adabound} is {@link AdaBound}. Keys a type
 * does not read are accepted and ignored; unknown keys are rejected.
 *
 * @param epsilon NaN exactly for the types that have no epsilon
 */
public record OptimizerConf(OptimizerType type, double learningRate, double momentum, double beta1, double beta2,
                            double epsilon, double rho, double weightDecay, double finalLearningRate, double gamma,
                            ScheduleConf schedule) implements java.io.Serializable {
    public static final String PATH = "optimizer";
    public static final String TYPE = "type";
    public static final String LEARNING_RATE = "learning-rate";
    public static final String MOMENTUM = "momentum";
    public static final String BETA1 = "beta1";
    public static final String BETA2 = "beta2";
    public static final String EPSILON = "epsilon";
    public static final String RHO = "rho";
    public static final String WEIGHT_DECAY = "weight-decay";
    public static final String FINAL_LEARNING_RATE = "final-learning-rate";
    public static final String GAMMA = "gamma";
    public static final String SCHEDULE = "schedule";
    private static final List<String> KEYS = List.of(TYPE, LEARNING_RATE, MOMENTUM, BETA1, BETA2, EPSILON, RHO,
            WEIGHT_DECAY, FINAL_LEARNING_RATE, GAMMA, SCHEDULE);

    public static final OptimizerType DEFAULT_TYPE = OptimizerType.ADAM;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_RHO = 0.95;
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
    public static final double DEFAULT_FINAL_LEARNING_RATE = 0.1;
    public static final double DEFAULT_GAMMA = 1e-3;

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
        check(weightDecay >= 0 && !Double.isInfinite(weightDecay), WEIGHT_DECAY, weightDecay,
                "a finite number >= 0");
        check(finalLearningRate > 0 && !Double.isInfinite(finalLearningRate), FINAL_LEARNING_RATE,
                finalLearningRate, "a finite number > 0");
        check(gamma > 0 && gamma < 1, GAMMA, gamma, "in (0, 1)");
        if (type == OptimizerType.ADADELTA && schedule.isScheduled()) {
            throw new IllegalArgumentException(ConfBlock.ROOT + "." + PATH + "." + SCHEDULE + " must be type none without warm-up for type"
                    + " adadelta (AdaDelta has no learning rate), got type " + schedule.type().key()
                    + " with warmup-iterations " + schedule.warmupIterations());
        }
    }

    /** The given type with all other values at their defaults. */
    public static OptimizerConf defaults(OptimizerType type) {
        return new OptimizerConf(type, DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM, DEFAULT_BETA1, DEFAULT_BETA2,
                type.defaultEpsilon(), DEFAULT_RHO, DEFAULT_WEIGHT_DECAY, DEFAULT_FINAL_LEARNING_RATE, DEFAULT_GAMMA,
                ScheduleConf.NONE);
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
                b.number(WEIGHT_DECAY, DEFAULT_WEIGHT_DECAY),
                b.number(FINAL_LEARNING_RATE, DEFAULT_FINAL_LEARNING_RATE),
                b.number(GAMMA, DEFAULT_GAMMA),
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
            case ADAMW -> new AdamW(lr, beta1, beta2, epsilon, weightDecay);
            case ADABOUND -> new AdaBound(lr, beta1, beta2, epsilon, finalLearningRate, gamma);
        };
        learningRateSchedule().ifPresent(s -> updater.setLrAndSchedule(lr, s));
        return updater;
    }

    /**
     * The DL4J regularization this optimiser needs on the network's weights: adamw's decoupled decay
     * ({@link AdamW#decoupledWeightDecay()}, applied by DL4J after the updater) when weight-decay > 0; empty for
     * every other type. Give it to each layer ({@code BaseLayer.Builder.regularization(...)}), not to the network
     * builder: DL4J 1.0.0-M2.1 appends a network-wide {@code WeightDecay} to every layer twice (its layer
     * validation runs twice and only deduplicates L1/L2), which doubles the decay; and its network-wide
     * {@code weightDecay(...)} and {@code l2(...)} remove each other.
     */
    public List<Regularization> regularization() {
        if (type == OptimizerType.ADAMW && weightDecay > 0) {
            return List.of(new WeightDecay(weightDecay, true));
        }
        return List.of();
    }

    private static void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(ConfBlock.ROOT + "." + PATH + "." + key + " must be " + rule + ", got " + value);
        }
    }
}
