package io.augflow.augment.synthetic;

import java.util.Locale;

/** The shape classes the generator draws; the class id is the ordinal. */
public enum Shape {
    CIRCLE, SQUARE, TRIANGLE, CROSS, RING, DIAMOND, STAR, BAR;

    public String className() {
        return name().toLowerCase(Locale.ROOT);
    }
}
