package io.augflow.pipeline.donor;

import io.augflow.augment.copypaste.CopyPasteTransform;
import io.augflow.augment.copypaste.DonorBank;
import io.augflow.augment.transform.Compose;
import io.augflow.augment.transform.OneOf;
import io.augflow.augment.transform.SomeOf;
import io.augflow.augment.transform.Transform;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Gives the copy-paste transforms of a pipeline their donor bank. A pipeline built from configuration holds
 * copy-paste with an empty bank ({@link CopyPasteTransform#withBank}); the bank is fitted from data, then
 * attached here, at any depth of {@code one-of} / {@code some-of}.
 */
public final class CopyPasteBanks {
    private CopyPasteBanks() {}

    /**
     * The largest {@code small-area} (px^2) of the copy-paste transforms that draw from a bank (source
     * {@code bank} or {@code both}); empty when none does, so no bank needs building.
     */
    public static OptionalDouble bankSmallArea(Compose compose) {
        return bankUsers(compose.transforms()).mapToDouble(CopyPasteTransform::smallArea).max();
    }

    /** The same pipeline with {@code bank} in every copy-paste transform. */
    public static Compose withBank(Compose compose, DonorBank bank) {
        return compose.withTransforms(attach(compose.transforms(), bank));
    }

    private static List<Transform<?>> attach(List<Transform<?>> transforms, DonorBank bank) {
        return transforms.stream().<Transform<?>>map(t -> attach(t, bank)).toList();
    }

    private static Transform<?> attach(Transform<?> t, DonorBank bank) {
        if (t instanceof CopyPasteTransform c) {
            return c.withBank(bank);
        }
        if (t instanceof OneOf o) {
            return new OneOf(attach(o.transforms(), bank), o.p());
        }
        if (t instanceof SomeOf s) {
            return new SomeOf(attach(s.transforms(), bank), s.n(), s.replace(), s.p());
        }
        return t;
    }

    private static Stream<CopyPasteTransform> bankUsers(List<Transform<?>> transforms) {
        return transforms.stream().flatMap(t -> {
            if (t instanceof CopyPasteTransform c) {
                return c.source() == CopyPasteTransform.Source.SAME_IMAGE
                        ? Stream.empty() : Stream.of(c);
            }
            if (t instanceof OneOf o) {
                return bankUsers(o.transforms());
            }
            if (t instanceof SomeOf s) {
                return bankUsers(s.transforms());
            }
            return Stream.empty();
        });
    }
}
