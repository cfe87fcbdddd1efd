package io.augflow.augment.synthetic;

/**
 * What to generate.
 *
 * @param images            number of images, >= 1
 * @param width             image width in pixels, >= 64
 * @param height            image height in pixels, >= 64
 * @param channels          1 (grey) or 3 (BGR)
 * @param classes           number of shape classes, in [2, {@link Shape#values()}.length]
 * @param imbalanceRatio    images of the most common class / of the rarest, >= 1 (1 = balanced)
 * @param smallObjectShare  share in [0, 1] of images that also hold 1-3 small objects (area < 32x32 px)
 * @param maxExtraObjects   extra medium objects per image, drawn in [0, max], >= 0
 * @param valShare          share of images in split "val"
 * @param testShare         share of images in split "test"
 * @param seed              the generator's seed: the same configuration always gives the same bytes
 */
public record SyntheticConf(
        int images, int width, int height, int channels, int classes, double imbalanceRatio,
        double smallObjectShare, int maxExtraObjects, double valShare, double testShare, long seed)
        implements java.io.Serializable {

    public static final SyntheticConf DEFAULT = new SyntheticConf(2000, 96, 96, 3, 6, 20, 0.3, 1, 0.1, 0.1, 42);

    public SyntheticConf {
        check(images >= 1, "images", images, ">= 1");
        check(width >= 64, "width", width, ">= 64");
        check(height >= 64, "height", height, ">= 64");
        check(channels == 1 || channels == 3, "channels", channels, "1 or 3");
        check(classes >= 2 && classes <= Shape.values().length, "classes", classes,
                "in [2, " + Shape.values().length + "]");
        check(imbalanceRatio >= 1, "imbalance-ratio", imbalanceRatio, ">= 1");
        check(smallObjectShare >= 0 && smallObjectShare <= 1, "small-object-share", smallObjectShare, "in [0, 1]");
        check(maxExtraObjects >= 0 && maxExtraObjects <= 5, "max-extra-objects", maxExtraObjects, "in [0, 5]");
        check(valShare >= 0 && testShare >= 0 && valShare + testShare < 1, "val-share + test-share",
                valShare + testShare, "in [0, 1) with both >= 0");
    }

    /** Reads a {@code generate} block; missing keys take the values of {@link #DEFAULT}. */
    public static SyntheticConf fromConfig(com.typesafe.config.Config c, long seed) {
        SyntheticConf d = DEFAULT;
        return new SyntheticConf(
                c.hasPath("images") ? c.getInt("images") : d.images(),
                c.hasPath("width") ? c.getInt("width") : d.width(),
                c.hasPath("height") ? c.getInt("height") : d.height(),
                c.hasPath("channels") ? c.getInt("channels") : d.channels(),
                c.hasPath("classes") ? c.getInt("classes") : d.classes(),
                c.hasPath("imbalance-ratio") ? c.getDouble("imbalance-ratio") : d.imbalanceRatio(),
                c.hasPath("small-object-share") ? c.getDouble("small-object-share") : d.smallObjectShare(),
                c.hasPath("max-extra-objects") ? c.getInt("max-extra-objects") : d.maxExtraObjects(),
                c.hasPath("val-share") ? c.getDouble("val-share") : d.valShare(),
                c.hasPath("test-share") ? c.getDouble("test-share") : d.testShare(),
                seed);
    }

    private static void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("generate." + key + " must be " + rule + ", got " + value);
        }
    }
}
