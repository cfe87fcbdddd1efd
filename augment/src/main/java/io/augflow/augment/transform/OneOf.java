package io.augflow.augment.transform;

import io.augflow.augment.Sample;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies exactly one of its children (Albumentations' {@code OneOf}): the child is picked with
 * probability proportional to its own {@code p}, then applied as if its {@code p} were 1. The
 * {@code one-of} block's own {@code p} (default 0.5) decides whether anything happens. Boxes follow the
 * chosen child's formula.
 *
 * <pre>
 * { type = one-of, p = 1, transforms = [
 *     { type = horizontal-flip, p = 1 }
 *     { type = rotate, p = 0.5, limit = 10 } ] }
 * </pre>
 */
public record OneOf(List<Transform<?>> transforms, double p) implements Transform<OneOf.Params> {
    public static final String NAME = "one-of";

    /** The chosen child and the parameters it drew. */
    public record Params(int index, Object childParams) {}

    public OneOf {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(NAME + ".p must be in [0, 1], got " + p);
        }
        transforms = List.copyOf(transforms);
        Children.requireNonEmpty(NAME, transforms);
        if (transforms.stream().mapToDouble(Transform::p).sum() <= 0) {
            throw new IllegalArgumentException(NAME + "." + Children.KEY
                    + " needs a child with p > 0 (children are picked by their p), got all p = 0");
        }
    }

    public static OneOf fromConfig(TransformConfig cfg, TransformRegistry registry) {
        return new OneOf(Children.fromConfig(cfg, registry), cfg.p());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        double total = transforms.stream().mapToDouble(Transform::p).sum();
        double u = rng.nextDouble() * total;
        int chosen = transforms.size() - 1;
        for (int i = 0; i < transforms.size(); i++) {
            u -= transforms.get(i).p();
            if (u < 0) {
                chosen = i;
                break;
            }
        }
        while (transforms.get(chosen).p() <= 0) { // rounding at the end of the list; never pick a p = 0 child
            chosen--;
        }
        return new Params(chosen, transforms.get(chosen).sample(sample, rng));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        return Children.apply(transforms.get(params.index()), sample, params.childParams());
    }
}
