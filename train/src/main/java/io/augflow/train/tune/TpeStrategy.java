package io.augflow.train.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen estimator (Bergstra, Bardenet, Bengio, Kégl 2011, "Algorithms for hyper-parameter
 * optimization"). After {@link TpeSettings#startupTrials()} random trials, the finished trials are split at the
 * {@code gamma} quantile of their loss into good and bad. For each parameter, in the space's order, a density l(x)
 * is fitted to the good trials' values and g(x) to the bad ones' ({@link GaussianParzen} in the internal
 * coordinate, log for {@code log-uniform}; {@link CategoricalParzen} for choices); candidates are drawn from l and
 * the one with the largest l(x)/g(x) is kept. A conditional parameter only learns from the trials where it existed.
 * Parameters are chosen independently of each other, as in the paper.
 */
public final class TpeStrategy implements SearchStrategy {
    private final SearchSpace space;
    private final Goal goal;
    private final long seed;
    private final TpeSettings settings;

    public TpeStrategy(SearchSpace space, Goal goal, long seed, TpeSettings settings) {
        this.space = Objects.requireNonNull(space, "space");
        this.goal = Objects.requireNonNull(goal, "goal");
        this.seed = seed;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Optional<TrialConfig> suggest(int trial, List<TrialResult> finished) {
        SplittableRandom rng = RandomStrategy.trialStream(seed, trial);
        if (finished.size() < settings.startupTrials()) {
            return Optional.of(space.sample(rng));
        }
        List<TrialResult> ranked = new ArrayList<>(finished);
        // NaN (a diverged trial) ranks last whichever the goal
        ranked.sort(Comparator.comparingDouble(r -> lossOf(r.metric())));
        int good = Math.min(ranked.size() - 1, Math.max(1, (int) Math.ceil(settings.gamma() * ranked.size())));
        List<TrialResult> goodTrials = ranked.subList(0, good);
        List<TrialResult> badTrials = ranked.subList(good, ranked.size());

        Map<String, Object> chosen = new LinkedHashMap<>();
        for (Parameter p : space.parameters()) {
            if (p.activeGiven(chosen)) {
                chosen.put(p.key(), choose(p, goodTrials, badTrials, rng));
            }
        }
        return Optional.of(new TrialConfig(chosen));
    }

    private double lossOf(double metric) {
        return Double.isNaN(metric) ? Double.POSITIVE_INFINITY : goal.loss(metric);
    }

    private Object choose(Parameter p, List<TrialResult> goodTrials, List<TrialResult> badTrials,
            SplittableRandom rng) {
        ParzenDensity l = density(p.distribution(), observed(p, goodTrials));
        ParzenDensity g = density(p.distribution(), observed(p, badTrials));
        double best = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < settings.candidates(); i++) {
            double x = l.sample(rng);
            double score = l.logDensity(x) - g.logDensity(x);
            if (score > bestScore) {
                bestScore = score;
                best = x;
            }
        }
        if (p.distribution() instanceof Distribution.Choice c) {
            return c.values().get((int) best);
        }
        return ((Distribution.Range) p.distribution()).fromInternal(best);
    }

    /** The values a parameter took in these trials, in its internal coordinate (choice index for a choice). */
    private static double[] observed(Parameter p, List<TrialResult> trials) {
        return trials.stream()
                .map(t -> t.config().values().get(p.key()))
                .filter(Objects::nonNull)
                .mapToDouble(v -> internal(p.distribution(), v))
                .filter(x -> !Double.isNaN(x))
                .toArray();
    }

    /**
     * A value's internal coordinate, or NaN when it cannot be one (a choice the space no longer lists, a value out of
     * the range): such trials say nothing about this parameter.
     */
    private static double internal(Distribution d, Object value) {
        if (d instanceof Distribution.Choice c) {
            int index = c.indexOf(value);
            return index < 0 ? Double.NaN : index;
        }
        Distribution.Range r = (Distribution.Range) d;
        if (!(value instanceof Number)) {
            return Double.NaN;
        }
        double x = r.toInternal(value);
        return x >= r.low() && x <= r.high() ? x : Double.NaN;
    }

    private static ParzenDensity density(Distribution d, double[] observed) {
        if (d instanceof Distribution.Choice c) {
            int[] indices = new int[observed.length];
            for (int i = 0; i < observed.length; i++) {
                indices[i] = (int) observed[i];
            }
            return new CategoricalParzen(c.values().size(), indices);
        }
        Distribution.Range r = (Distribution.Range) d;
        return new GaussianParzen(r.low(), r.high(), observed);
    }
}
