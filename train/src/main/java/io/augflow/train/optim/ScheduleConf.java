package io.augflow.train.optim;

import io.augflow.augment.conf.ConfBlock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * The typed {@code optimizer.schedule} block: how the learning rate {@code lr} (from {@code optimizer.learning-rate})
 * changes with the iteration {@code i} (counted from 0, per minibatch).
 *
 * <pre>
 * schedule {
 *   type = none               # none | step | exponential | polynomial | cosine, default none
 *   warmup-iterations = 0     # >= 0; linear ramp 0 -> lr first, then the type's curve starts (WarmupSchedule)
 *   decay-rate = 0.1          # step:        lr * decay-rate^floor(i / step-size), in (0, 1]
 *   step-size = 1000          # step:        iterations per step, >= 1
 *   gamma = 0.999             # exponential: lr * gamma^i, in (0, 1]
 *   power = 1.0               # polynomial:  lr * (1 - i / max-iterations)^power, > 0
 *   max-iterations = 0        # polynomial, cosine: length of the decay, required (>= 1) for them
 *   min-lr = 0.0              # cosine:      min-lr + (lr - min-lr) * (1 + cos(pi * i / max-iterations)) / 2, in [0, lr]
 * }
 * </pre>
 * Keys a type does not read are accepted and ignored (so a defaults file may set them all); unknown keys
 * are rejected. All schedules count iterations, not epochs.
 */
public record ScheduleConf(ScheduleKind type, int warmupIterations, double decayRate, int stepSize, double gamma,
                           double power, int maxIterations, double minLr) implements java.io.Serializable {
    public static final String PATH = "optimizer.schedule";
    public static final String TYPE = "type";
    public static final String WARMUP_ITERATIONS = "warmup-iterations";
    public static final String DECAY_RATE = "decay-rate";
    public static final String STEP_SIZE = "step-size";
    public static final String GAMMA = "gamma";
    public static final String POWER = "power";
    public static final String MAX_ITERATIONS = "max-iterations";
    public static final String MIN_LR = "min-lr";
    private static final List<String> KEYS =
            List.of(TYPE, WARMUP_ITERATIONS, DECAY_RATE, STEP_SIZE, GAMMA, POWER, MAX_ITERATIONS, MIN_LR);

    /** No schedule: a fixed learning rate. */
    public static final ScheduleConf NONE = new ScheduleConf(ScheduleKind.NONE, 0, 0.1, 1000, 0.999, 1.0, 0, 0.0);

    public ScheduleConf {
        Objects.requireNonNull(type, "type");
        check(warmupIterations >= 0, WARMUP_ITERATIONS, warmupIterations, ">= 0");
        check(decayRate > 0 && decayRate <= 1, DECAY_RATE, decayRate, "in (0, 1]");
        check(stepSize >= 1, STEP_SIZE, stepSize, ">= 1");
        check(gamma > 0 && gamma <= 1, GAMMA, gamma, "in (0, 1]");
        check(power > 0 && !Double.isInfinite(power), POWER, power, "a finite number > 0");
        check(maxIterations >= 0, MAX_ITERATIONS, maxIterations, ">= 0");
        if (type == ScheduleKind.POLYNOMIAL || type == ScheduleKind.COSINE) {
            check(maxIterations >= 1, MAX_ITERATIONS, maxIterations, ">= 1 for type " + type.key());
        }
        check(minLr >= 0 && !Double.isInfinite(minLr), MIN_LR, minLr, "a finite number >= 0");
    }

    /** Reads the contents of an {@code optimizer.schedule} block; absent keys take the values of {@link #NONE}. */
    public static ScheduleConf from(ConfBlock b) {
        b.rejectUnknown(KEYS);
        ScheduleConf d = NONE;
        return new ScheduleConf(
                ScheduleKind.fromKey(b.string(TYPE, d.type.key()), b.key(TYPE)),
                b.integer(WARMUP_ITERATIONS, d.warmupIterations),
                b.number(DECAY_RATE, d.decayRate),
                b.integer(STEP_SIZE, d.stepSize),
                b.number(GAMMA, d.gamma),
                b.number(POWER, d.power),
                b.integer(MAX_ITERATIONS, d.maxIterations),
                b.number(MIN_LR, d.minLr));
    }

    /** True when the learning rate is not a constant (a decay or a warm-up is configured). */
    public boolean isScheduled() {
        return type != ScheduleKind.NONE || warmupIterations > 0;
    }

    /**
     * The DL4J schedule for base learning rate {@code lr}; empty when {@link #isScheduled()} is false.
     *
     * @throws IllegalArgumentException when {@code min-lr} exceeds {@code lr} for a cosine schedule
     */
    public Optional<ISchedule> toSchedule(double lr) {
        if (!isScheduled()) {
            return Optional.empty();
        }
        ISchedule curve = switch (type) {
            case NONE -> new FixedSchedule(lr);
            case STEP -> new StepSchedule(ScheduleType.ITERATION, lr, decayRate, stepSize);
            case EXPONENTIAL -> new ExponentialSchedule(ScheduleType.ITERATION, lr, gamma);
            case POLYNOMIAL -> new PolynomialSchedule(lr, power, maxIterations);
            case COSINE -> {
                check(minLr <= lr, MIN_LR, minLr, "<= optimizer.learning-rate (" + lr + ") for type cosine");
                yield new CosineSchedule(lr, minLr, maxIterations);
            }
        };
        return Optional.of(warmupIterations > 0 ? new WarmupSchedule(curve, warmupIterations) : curve);
    }

    private static void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(ConfBlock.ROOT + "." + PATH + "." + key + " must be " + rule + ", got " + value);
        }
    }
}
