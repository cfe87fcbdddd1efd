package io.augflow.augment.transform;

import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks {@code n} of its children uniformly, without replacement unless {@code replace = true}, and
 * applies them in list order, each with its own {@code p} (Albumentations' {@code SomeOf} since 1.4).
 * The block's own {@code p} (default 0.5) decides whether anything happens.
 *
 * <p>A later child draws its parameters from the output of an earlier one (a crop changes the size a
 * rotation sees), so the drawn {@link Params} are the chosen positions and a key: child {@code j} draws
 * from {@code RandomStreams.child(key, j)} while being applied, and the same params always give the
 * same output.
 *
 * <pre>
 * { type = some-of, p = 1, n = 2, replace = false, transforms = [
 *     { type = horizontal-flip, p = 1 }
 *     { type = vertical-flip, p = 1 }
 *     { type = rotate, p = 1, limit = 10 } ] }
 * </pre>
 * {@code n}: required, in [1, number of children] without replacement.
 */
public record SomeOf(List<Transform<?>> transforms, int n, boolean replace, double p)
        implements Transform<SomeOf.Params> {
    public static final String NAME = "some-of";

    /** Chosen child positions, ascending, and the key of their streams. */
    public record Params(List<Integer> indices, long key) {
        public Params {
            indices = List.copyOf(indices);
        }
    }

    public SomeOf {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(NAME + ".p must be in [0, 1], got " + p);
        }
        transforms = List.copyOf(transforms);
        Children.requireNonEmpty(NAME, transforms);
        int max = replace ? Integer.MAX_VALUE : transforms.size();
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(NAME + ".n must be in [1, " + (replace ? "inf" : max) + "]"
                    + (replace ? "" : " (the number of children, replace = false)") + ", got " + n);
        }
    }

    public static SomeOf fromConfig(TransformConfig cfg, TransformRegistry registry) {
        if (!cfg.has("n")) {
            throw new IllegalArgumentException(NAME + ".n is required (how many children to apply), got nothing");
        }
        return new SomeOf(Children.fromConfig(cfg, registry), cfg.intIn("n", 1, 1, 1 << 20),
                cfg.bool("replace", false), cfg.p());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        int size = transforms.size();
        int[] chosen = new int[n];
        if (replace) {
            for (int j = 0; j < n; j++) {
                chosen[j] = rng.nextInt(size);
            }
        } else { // the first n positions of a Fisher-Yates shuffle: a uniform n-subset
            int[] order = new int[size];
            Arrays.setAll(order, i -> i);
            for (int j = 0; j < n; j++) {
                int k = j + rng.nextInt(size - j);
                int t = order[j];
                order[j] = order[k];
                order[k] = t;
                chosen[j] = order[j];
            }
        }
        Arrays.sort(chosen);
        return new Params(Arrays.stream(chosen).boxed().toList(), rng.nextLong());
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        Sample current = sample;
        List<Integer> indices = params.indices();
        for (int j = 0; j < indices.size(); j++) {
            current = transforms.get(indices.get(j))
                    .apply(current, RandomStreams.child(params.key(), j), AugmentationTrace.NONE);
        }
        return current;
    }
}
