package io.augflow.train.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Grid search: every combination of the choices and of {@code points} evenly spaced values per range (spaced in
 * the log domain for {@code log-uniform}; an {@code int} range with at most {@code points} integers gives all of
 * them). A parameter whose condition fails is left out of that branch, so no combination appears twice. Trial
 * {@code n} gets the n-th combination; then the grid is done.
 */
public final class GridStrategy implements SearchStrategy {
    /** The configuration key of {@code points}, named in its error. */
    public static final String POINTS_KEY = "augflow.tune.grid.points";

    private final List<TrialConfig> grid;

    public GridStrategy(SearchSpace space, int points) {
        if (points < 1) {
            throw new IllegalArgumentException(POINTS_KEY + " must be at least 1, got " + points);
        }
        List<TrialConfig> all = new ArrayList<>();
        enumerate(space.parameters(), 0, points, new LinkedHashMap<>(), all);
        this.grid = List.copyOf(all);
    }

    /** Every combination, in the order trials get them. */
    public List<TrialConfig> grid() {
        return grid;
    }

    @Override
    public Optional<TrialConfig> suggest(int trial, List<TrialResult> finished) {
        return trial < grid.size() ? Optional.of(grid.get(trial)) : Optional.empty();
    }

    private static void enumerate(List<Parameter> params, int at, int points, LinkedHashMap<String, Object> chosen,
            List<TrialConfig> out) {
        if (at == params.size()) {
            out.add(new TrialConfig(chosen));
            return;
        }
        Parameter p = params.get(at);
        if (!p.activeGiven(chosen)) {
            enumerate(params, at + 1, points, chosen, out);
            return;
        }
        for (Object value : values(p.distribution(), points)) {
            chosen.put(p.key(), value);
            enumerate(params, at + 1, points, chosen, out);
            chosen.remove(p.key());
        }
    }

    /** The grid values of one distribution. */
    static List<Object> values(Distribution d, int points) {
        if (d instanceof Distribution.Choice c) {
            return c.values();
        }
        if (d instanceof Distribution.IntRange r && r.b() - r.a() + 1 <= points) {
            List<Object> all = new ArrayList<>();
            for (long v = r.a(); v <= r.b(); v++) {
                all.add(v);
            }
            return all;
        }
        Distribution.Range range = (Distribution.Range) d;
        // the ends of the internal coordinate, not of the int range's half-widths: ints use a and b themselves
        double low = d instanceof Distribution.IntRange r ? r.a() : range.low();
        double high = d instanceof Distribution.IntRange r ? r.b() : range.high();
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            double x = points == 1 ? (low + high) / 2 : low + (high - low) * i / (points - 1);
            Object v = range.fromInternal(x);
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
