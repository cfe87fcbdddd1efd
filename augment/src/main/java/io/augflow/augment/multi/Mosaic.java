package io.augflow.augment.multi;

import io.augflow.augment.Box;
import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.TransformConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * Mosaic (YOLOv4, Bochkovskiy et al. 2020): the sample and three partners tiled into one canvas around a random
 * centre, so one image shows objects of four scenes at new scales and cut at new places.
 *
 * <p><b>Draw</b> ({@link #sample}). The canvas is {@code width} x {@code height}, or the sample's size when both
 * are 0. The centre is {@code cx = round(W * u)}, {@code cy = round(H * v)} with {@code u}, {@code v} drawn from
 * {@code centre} (shares of each side), clamped to [1, W - 1] x [1, H - 1] so every quadrant has a pixel. The
 * sample goes to a quadrant drawn uniformly, the partners fill the other three in quadrant order (top-left,
 * top-right, bottom-left, bottom-right).
 *
 * <p><b>Tiles</b> ({@link #layout}, no randomness). Quadrant {@code q = [qx, qx + qw) x [qy, qy + qh)}. An image of
 * {@code w x h} is scaled to cover it, keeping its aspect ratio: {@code s = max(qw / w, qh / h)}, scaled size
 * {@code sw = max(qw, round(w s))}, {@code sh = max(qh, round(h s))}; its corner facing the centre is put on the
 * centre ({@code ox = cx - sw} for the left quadrants, {@code cx} for the right ones; {@code oy} likewise), and
 * what falls outside the quadrant is cropped. So each image is cropped at the canvas border, on its sides away
 * from the centre, and no canvas pixel is left unfilled.
 *
 * <p><b>Apply</b> (pure). Each image is converted to the sample's channel count (grey to BGR, or BGR to grey),
 * resized to {@code sw x sh} (pixel-area averaging when shrinking, bilinear when enlarging) and its quadrant's
 * part copied. A box {@code (x, y, w, h)} of that image maps to {@code (x sx + ox, y sy + oy, w sx, h sy)} with
 * {@code sx = sw / w_img}, {@code sy = sh / h_img} (the resize's own factors, so boxes follow the pixels), is
 * clipped to its quadrant, and is kept when the clipped area is at least {@code minArea} px² and at least
 * {@code minVisibility} of the mapped box's area. Boxes keep their class and {@code pasted} flag.
 *
 * <p>The output keeps the sample's id and label. Detection samples have no label; a labelled (classification)
 * sample keeps its own label although three quarters of the canvas may show other classes, so mosaic is meant for
 * detection and is off unless configured.
 *
 * @param centre        where the centre falls, as a share of each side, within [0.05, 0.95]
 * @param minArea       smallest clipped area (px²) a kept box may have, >= 0
 * @param minVisibility smallest share in [0, 1] of a mapped box that must stay inside its quadrant
 * @param width         canvas width in px, 0 = the sample's (with {@code height} 0 too)
 * @param height        canvas height in px, 0 = the sample's
 */
public record Mosaic(double p, UniformRange centre, double minArea, double minVisibility, int width, int height)
        implements MultiImageTransform<Mosaic.Params> {

    public static final String NAME = "mosaic";
    public static final int PARTNERS = 3;
    public static final int MAX_SIDE = 16384;
    /** Defaults of the keys; {@code p} is 0.5 when the block is given, and mosaic is off when it is not. */
    public static final double DEFAULT_P = 0.5;
    public static final UniformRange DEFAULT_CENTRE = new UniformRange(0.25, 0.75);
    public static final double DEFAULT_MIN_AREA = 4;
    public static final double DEFAULT_MIN_VISIBILITY = 0.3;
    /** Mosaic switched off (no {@code mosaic} block). */
    public static final Mosaic OFF = new Mosaic(0, DEFAULT_CENTRE, DEFAULT_MIN_AREA, DEFAULT_MIN_VISIBILITY, 0, 0);

    /** Quadrants, in the order partners fill them. */
    public static final int TOP_LEFT = 0;
    public static final int TOP_RIGHT = 1;
    public static final int BOTTOM_LEFT = 2;
    public static final int BOTTOM_RIGHT = 3;

    /**
     * One image's place: image {@code source} (0 = the sample, {@code k} = partner {@code k - 1}) of
     * {@code sourceWidth x sourceHeight}, scaled to {@code scaledWidth x scaledHeight}, with its top-left corner at
     * ({@code offsetX}, {@code offsetY}), showing through quadrant {@code quadrant} = {@code [x, x + width) x
     * [y, y + height)}.
     */
    public record Tile(int source, String sourceId, int sourceWidth, int sourceHeight, int quadrant, int x, int y,
            int width, int height, int scaledWidth, int scaledHeight, int offsetX, int offsetY) {

        /** The quadrant's rectangle. */
        public Rect quadrantRect() {
            return new Rect(x, y, width, height);
        }

        /** A box of the source image in canvas coordinates, before clipping. */
        public Box map(Box b) {
            double sx = (double) scaledWidth / sourceWidth;
            double sy = (double) scaledHeight / sourceHeight;
            return b.withCoordinates(b.x() * sx + offsetX, b.y() * sy + offsetY, b.w() * sx, b.h() * sy);
        }
    }

    /** The canvas size, the centre, and the four tiles in quadrant order. */
    public record Params(int width, int height, int centreX, int centreY, List<Tile> tiles) {
        public Params {
            tiles = List.copyOf(tiles);
        }
    }

    public Mosaic {
        check("p", p, 0, 1);
        Objects.requireNonNull(centre, "centre").requireWithin(NAME + ".centre", 0.05, 0.95);
        check("min-area", minArea, 0, 1e9);
        check("min-visibility", minVisibility, 0, 1);
        check("width", width, 0, MAX_SIDE);
        check("height", height, 0, MAX_SIDE);
        if ((width == 0) != (height == 0) || width == 1 || height == 1) {
            throw new IllegalArgumentException(NAME + ".width and " + NAME + ".height must both be 0 (the sample's"
                    + " size) or both be >= 2, got " + width + " and " + height);
        }
    }

    /**
     * The {@code augflow.augment.mosaic} block ({@code cfg.transformName()} is that full key): {@code p} 0.5,
     * {@code centre} [0.25, 0.75], {@code min-area} 4, {@code min-visibility} 0.3, {@code width} and {@code height}
     * 0 (the sample's size).
     */
    public static Mosaic fromConfig(TransformConfig cfg) {
        int w = cfg.intIn("width", 0, 0, MAX_SIDE);
        int h = cfg.intIn("height", 0, 0, MAX_SIDE);
        if ((w == 0) != (h == 0) || w == 1 || h == 1) {
            throw new IllegalArgumentException(cfg.transformName() + ".width and " + cfg.transformName()
                    + ".height must both be 0 (the sample's size) or both be >= 2, got " + w + " and " + h);
        }
        return new Mosaic(cfg.doubleIn("p", DEFAULT_P, 0, 1),
                UniformRange.of(cfg.range("centre", DEFAULT_CENTRE.pair(), 0.05, 0.95, false)),
                cfg.doubleIn("min-area", DEFAULT_MIN_AREA, 0, 1e9),
                cfg.doubleIn("min-visibility", DEFAULT_MIN_VISIBILITY, 0, 1), w, h);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int partnerCount() {
        return PARTNERS;
    }

    @Override
    public Params sample(Sample sample, List<Sample> partners, SplittableRandom rng) {
        MultiImageTransform.requirePartners(NAME, partners, PARTNERS);
        int w = width > 0 ? width : sample.width();
        int h = height > 0 ? height : sample.height();
        if (w < 2 || h < 2) {
            throw new InvalidSampleException(sample.id(), NAME + " needs a canvas of at least 2x2 px, got " + w + "x"
                    + h + " (set " + NAME + ".width and .height)");
        }
        int cx = clamp((int) Math.round(w * centre.draw(rng)), 1, w - 1);
        int cy = clamp((int) Math.round(h * centre.draw(rng)), 1, h - 1);
        int primaryQuadrant = rng.nextInt(4);
        List<Sample> images = new ArrayList<>(1 + PARTNERS);
        images.add(sample);
        images.addAll(partners);
        return layout(w, h, cx, cy, primaryQuadrant, images);
    }

    /**
     * The tiles for a given canvas, centre and quadrant of the sample (the deterministic part of {@link #sample}):
     * {@code images} holds the sample, then the three partners.
     */
    public static Params layout(int width, int height, int centreX, int centreY, int primaryQuadrant,
            List<Sample> images) {
        if (images.size() != 1 + PARTNERS) {
            throw new IllegalArgumentException(NAME + " tiles " + (1 + PARTNERS) + " images, got " + images.size());
        }
        if (centreX < 1 || centreX > width - 1 || centreY < 1 || centreY > height - 1) {
            throw new IllegalArgumentException(NAME + ": centre (" + centreX + ", " + centreY + ") must leave a pixel"
                    + " on each side of a " + width + "x" + height + " canvas");
        }
        if (primaryQuadrant < 0 || primaryQuadrant > 3) {
            throw new IllegalArgumentException(NAME + ": quadrant must be in [0, 3], got " + primaryQuadrant);
        }
        List<Tile> tiles = new ArrayList<>(4);
        int nextPartner = 1;
        for (int q = 0; q < 4; q++) {
            int source = q == primaryQuadrant ? 0 : nextPartner++;
            Sample image = images.get(source);
            boolean left = q == TOP_LEFT || q == BOTTOM_LEFT;
            boolean top = q == TOP_LEFT || q == TOP_RIGHT;
            int qx = left ? 0 : centreX;
            int qy = top ? 0 : centreY;
            int qw = left ? centreX : width - centreX;
            int qh = top ? centreY : height - centreY;
            double s = Math.max((double) qw / image.width(), (double) qh / image.height());
            int sw = Math.max(qw, (int) Math.round(image.width() * s));
            int sh = Math.max(qh, (int) Math.round(image.height() * s));
            tiles.add(new Tile(source, image.id(), image.width(), image.height(), q, qx, qy, qw, qh, sw, sh,
                    left ? centreX - sw : centreX, top ? centreY - sh : centreY));
        }
        return new Params(width, height, centreX, centreY, tiles);
    }

    @Override
    public Sample apply(Sample sample, List<Sample> partners, Params params) {
        MultiImageTransform.requirePartners(NAME, partners, PARTNERS);
        int channels = sample.channels();
        Mat canvas = new Mat(params.height(), params.width(), CvType.makeType(CvType.CV_8U, channels));
        List<Box> boxes = new ArrayList<>();
        for (Tile tile : params.tiles()) {
            Sample image = tile.source() == 0 ? sample : partners.get(tile.source() - 1);
            if (image.width() != tile.sourceWidth() || image.height() != tile.sourceHeight()) {
                throw new IllegalArgumentException(NAME + ": image " + tile.source() + " ('" + image.id() + "') is "
                        + image.width() + "x" + image.height() + ", the params were drawn for " + tile.sourceWidth()
                        + "x" + tile.sourceHeight());
            }
            paint(canvas, image, tile, channels);
            for (Box b : image.boxes()) {
                keep(tile, b).ifPresent(boxes::add);
            }
        }
        return sample.with(canvas, boxes);
    }

    private static void paint(Mat canvas, Sample image, Tile tile, int channels) {
        Mat converted = Images.withChannels(image.image(), channels);
        Mat scaled = Images.resized(converted, tile.scaledWidth(), tile.scaledHeight());
        converted.release();
        Mat part = scaled.submat(new Rect(tile.x() - tile.offsetX(), tile.y() - tile.offsetY(), tile.width(),
                tile.height()));
        Mat target = canvas.submat(tile.quadrantRect());
        part.copyTo(target);
        target.release();
        part.release();
        scaled.release();
    }

    /** The box mapped and clipped to its tile's quadrant, if it passes {@code minArea} and {@code minVisibility}. */
    private Optional<Box> keep(Tile tile, Box b) {
        Box mapped = tile.map(b);
        double x1 = Math.max(mapped.x(), tile.x());
        double y1 = Math.max(mapped.y(), tile.y());
        double x2 = Math.min(mapped.x2(), tile.x() + tile.width());
        double y2 = Math.min(mapped.y2(), tile.y() + tile.height());
        if (x2 <= x1 || y2 <= y1) {
            return Optional.empty();
        }
        double visible = (x2 - x1) * (y2 - y1);
        double area = (double) mapped.w() * mapped.h();
        if (visible < minArea || (area > 0 && visible / area + 1e-6 < minVisibility)) {
            return Optional.empty();
        }
        return Optional.of(mapped.withCoordinates(x1, y1, x2 - x1, y2 - y1));
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static void check(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(NAME + "." + key + " must be in [" + fmt(min) + ", " + fmt(max)
                    + "], got " + fmt(value));
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
