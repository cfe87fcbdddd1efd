package io.augflow.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How much of a box is covered by a set of rectangles (cutout holes, pasted objects), computed exactly:
 * the edges of the covering rectangles cut the box into a grid of cells, and each cell is either wholly
 * inside some rectangle or wholly outside all of them. With n rectangles this costs O(n^3), fine for the
 * handful of holes or pasted objects one image gets; overlapping covers are counted once.
 */
public final class BoxCoverage {
    private BoxCoverage() {}

    /** The area of {@code box} inside the union of {@code covers}, in pixels squared. */
    public static double coveredArea(Box box, List<Box> covers) {
        List<Box> inside = new ArrayList<>(covers.size());
        for (Box c : covers) {
            if (box.intersectionArea(c) > 0) {
                inside.add(c);
            }
        }
        if (inside.isEmpty()) {
            return 0;
        }
        double[] xs = edges(box.x(), box.x2(), inside, true);
        double[] ys = edges(box.y(), box.y2(), inside, false);
        double area = 0;
        for (int i = 0; i + 1 < xs.length; i++) {
            double mx = (xs[i] + xs[i + 1]) / 2;
            for (int j = 0; j + 1 < ys.length; j++) {
                double my = (ys[j] + ys[j + 1]) / 2;
                for (Box c : inside) {
                    if (mx > c.x() && mx < c.x2() && my > c.y() && my < c.y2()) {
                        area += (xs[i + 1] - xs[i]) * (ys[j + 1] - ys[j]);
                        break;
                    }
                }
            }
        }
        return area;
    }

    /** The covered share of {@code box} in [0, 1]; 0 for a box of zero area. */
    public static double coveredFraction(Box box, List<Box> covers) {
        double area = box.area();
        return area > 0 ? Math.min(1.0, coveredArea(box, covers) / area) : 0.0;
    }

    /** Sorted distinct cut positions along one axis, clipped to [lo, hi]. */
    private static double[] edges(double lo, double hi, List<Box> covers, boolean xAxis) {
        double[] e = new double[2 + 2 * covers.size()];
        int n = 0;
        e[n++] = lo;
        e[n++] = hi;
        for (Box c : covers) {
            double a = xAxis ? c.x() : c.y();
            double b = xAxis ? c.x2() : c.y2();
            e[n++] = Math.max(lo, Math.min(hi, a));
            e[n++] = Math.max(lo, Math.min(hi, b));
        }
        return Arrays.stream(e, 0, n).sorted().distinct().toArray();
    }
}
