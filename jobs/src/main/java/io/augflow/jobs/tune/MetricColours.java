package io.augflow.jobs.tune;

import java.awt.Color;
import java.util.Locale;

/**
 * The colour of a trial by its metric, the same in every chart of the study page: from a light yellow-green (the
 * worst scored metric) through teal to a dark violet (the best), a part of the viridis scale, which stays ordered in
 * grey and for colour-blind readers. The palest end is left out so that the worst trials still show on white.
 */
final class MetricColours {
    /** Worst to best, evenly spaced. */
    private static final Color[] STOPS = {new Color(0xB5DE2B), new Color(0x5EC962), new Color(0x21918C),
        new Color(0x3B528B), new Color(0x440154)};

    private MetricColours() {}

    /** The colour at {@code quality} in [0, 1] (0 the worst, 1 the best); values outside are clamped. */
    static Color of(double quality) {
        double q = Math.max(0, Math.min(1, quality)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(q));
        double f = q - i;
        Color a = STOPS[i];
        Color b = STOPS[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f),
                mix(a.getBlue(), b.getBlue(), f));
    }

    /** As CSS/SVG text, {@code #rrggbb}. */
    static String hex(double quality) {
        Color c = of(quality);
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** The stops of an SVG {@code linearGradient} from the worst (offset 0) to the best (offset 1). */
    static String gradientStops() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < STOPS.length; i++) {
            double at = (double) i / (STOPS.length - 1);
            s.append(String.format(Locale.ROOT, "<stop offset=\"%.2f\" stop-color=\"%s\"/>", at, hex(at)));
        }
        return s.toString();
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
