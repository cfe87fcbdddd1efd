package io.augflow.augment.transform.geometric;

import io.augflow.augment.Box;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A 2D affine map {@code x' = a*x + b*y + tx}, {@code y' = c*x + d*y + ty} in <em>continuous</em> image
 * coordinates, where pixel {@code (i, j)} covers {@code [i, i+1) x [j, j+1)} and a {@link Box} edge is a
 * line between pixels. OpenCV's warp matrices use pixel-centre coordinates ({@code i} is the centre of
 * pixel {@code i}); {@link #toCvMatrix()} converts, so boxes and pixels move by exactly the same map.
 *
 * <p>Maps compose left to right with {@link #then}: {@code m.then(n)} applies {@code m} first.
 */
public record AffineMap(double a, double b, double tx, double c, double d, double ty) {

    public static final AffineMap IDENTITY = new AffineMap(1, 0, 0, 0, 1, 0);

    public AffineMap {
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(tx) || !Double.isFinite(c)
                || !Double.isFinite(d) || !Double.isFinite(ty)) {
            throw new IllegalArgumentException("affine map must be finite, got " + a + ", " + b + ", " + tx + "; "
                    + c + ", " + d + ", " + ty);
        }
    }

    public static AffineMap translation(double dx, double dy) {
        return new AffineMap(1, 0, dx, 0, 1, dy);
    }

    public static AffineMap scaling(double sx, double sy) {
        return new AffineMap(sx, 0, 0, 0, sy, 0);
    }

    /**
     * Rotation by {@code degrees} about the origin, counter-clockwise as seen on screen (y points down),
     * the convention of {@code Imgproc.getRotationMatrix2D}: {@code x' = cos*x + sin*y},
     * {@code y' = -sin*x + cos*y}.
     */
    public static AffineMap rotation(double degrees) {
        double r = Math.toRadians(degrees);
        double cos = Math.cos(r);
        double sin = Math.sin(r);
        return new AffineMap(cos, sin, 0, -sin, cos, 0);
    }

    /** Shear: {@code x' = x + tan(shearX)*y}, {@code y' = y + tan(shearY)*x} (degrees). */
    public static AffineMap shear(double shearXDegrees, double shearYDegrees) {
        return new AffineMap(1, Math.tan(Math.toRadians(shearXDegrees)), 0,
                Math.tan(Math.toRadians(shearYDegrees)), 1, 0);
    }

    /** This map performed about the point {@code (cx, cy)} instead of the origin. */
    public AffineMap about(double cx, double cy) {
        return translation(-cx, -cy).then(this).then(translation(cx, cy));
    }

    /** The map that applies this one, then {@code next}. */
    public AffineMap then(AffineMap n) {
        return new AffineMap(
                n.a * a + n.b * c, n.a * b + n.b * d, n.a * tx + n.b * ty + n.tx,
                n.c * a + n.d * c, n.c * b + n.d * d, n.c * tx + n.d * ty + n.ty);
    }

    public double mapX(double x, double y) {
        return a * x + b * y + tx;
    }

    public double mapY(double x, double y) {
        return c * x + d * y + ty;
    }

    /**
     * The 2x3 {@code CV_64F} matrix for {@code Imgproc.warpAffine}: the same map in pixel-centre
     * coordinates, {@code q' = A*q + t + A*(0.5, 0.5) - (0.5, 0.5)}.
     */
    public Mat toCvMatrix() {
        Mat m = new Mat(2, 3, CvType.CV_64F);
        m.put(0, 0, a, b, tx + 0.5 * (a + b) - 0.5, c, d, ty + 0.5 * (c + d) - 0.5);
        return m;
    }

    /** Reads a 2x3 OpenCV warp matrix (pixel-centre coordinates), e.g. from {@code getRotationMatrix2D}. */
    public static AffineMap fromCvMatrix(Mat m) {
        double[] v = new double[6];
        Mat m64 = new Mat();
        m.convertTo(m64, CvType.CV_64F);
        m64.get(0, 0, v);
        return new AffineMap(v[0], v[1], v[2] - 0.5 * (v[0] + v[1]) + 0.5, v[3], v[4], v[5] - 0.5 * (v[3] + v[4]) + 0.5);
    }

    /** Warps {@code src} into a new {@code width} x {@code height} image. */
    public Mat warp(Mat src, int width, int height, Interpolation interpolation, BorderMode border, int fill) {
        Mat matrix = toCvMatrix();
        Mat out = new Mat();
        Imgproc.warpAffine(src, out, matrix, new Size(width, height), interpolation.cvFlag(), border.cvFlag(),
                Scalar.all(fill));
        matrix.release();
        return out;
    }

    /** The axis-aligned box around the images of the box's 4 corners (exact for the box's rectangle). */
    public Box mapCorners(Box box) {
        double x1 = box.x();
        double y1 = box.y();
        double x2 = box.x2();
        double y2 = box.y2();
        double[] xs = {mapX(x1, y1), mapX(x2, y1), mapX(x1, y2), mapX(x2, y2)};
        double[] ys = {mapY(x1, y1), mapY(x2, y1), mapY(x1, y2), mapY(x2, y2)};
        double minX = Math.min(Math.min(xs[0], xs[1]), Math.min(xs[2], xs[3]));
        double maxX = Math.max(Math.max(xs[0], xs[1]), Math.max(xs[2], xs[3]));
        double minY = Math.min(Math.min(ys[0], ys[1]), Math.min(ys[2], ys[3]));
        double maxY = Math.max(Math.max(ys[0], ys[1]), Math.max(ys[2], ys[3]));
        return box.withCoordinates(minX, minY, maxX - minX, maxY - minY);
    }

    /**
     * The axis-aligned box around the image of the ellipse inscribed in the box (semi-axes
     * {@code rx = w/2}, {@code ry = h/2}): centre mapped, half-extents {@code sqrt((a*rx)^2 + (b*ry)^2)} and
     * {@code sqrt((c*rx)^2 + (d*ry)^2)}. Tighter than {@link #mapCorners} for rotated objects, which
     * rarely fill their box's corners.
     */
    public Box mapEllipse(Box box) {
        double rx = box.w() / 2.0;
        double ry = box.h() / 2.0;
        double cx = box.x() + rx;
        double cy = box.y() + ry;
        double hw = Math.hypot(a * rx, b * ry);
        double hh = Math.hypot(c * rx, d * ry);
        return box.withCoordinates(mapX(cx, cy) - hw, mapY(cx, cy) - hh, 2 * hw, 2 * hh);
    }

    public List<Box> mapCorners(List<Box> boxes) {
        return boxes.stream().map(this::mapCorners).toList();
    }
}
