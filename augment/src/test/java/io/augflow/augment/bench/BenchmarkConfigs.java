package io.augflow.augment.bench;

import io.augflow.augment.Box;
import io.augflow.augment.NoiseImages;
import io.augflow.augment.Sample;
import io.augflow.augment.copypaste.CopyPasteTransform;
import io.augflow.augment.copypaste.Donor;
import io.augflow.augment.copypaste.DonorBank;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the benchmarks run, in one place: the settings of every transform (each run with {@code p = 1}, so
 * it always does its work), the typical pipeline, the wrappers compared with bare OpenCV calls, and the
 * benchmark images. {@code BenchmarkConfigsTest} fails when a registered transform is missing here or in
 * {@link TransformBenchmark}'s {@code @Param} list, or when its settings do not build.
 */
public final class BenchmarkConfigs {
    private BenchmarkConfigs() {}

    /** The benchmark images: rows x columns x channels. */
    public static final List<String> IMAGES = List.of("28x28x1", "256x256x3");

    /**
     * Settings per transform name (HOCON, added to {@code type = <name>, p = 1}). Must list every
     * registered name; the order is that of {@link TransformBenchmark}'s {@code @Param}.
     */
    public static final Map<String, String> TRANSFORMS = transforms();

    private static Map<String, String> transforms() {
        Map<String, String> m = new LinkedHashMap<>();
        // geometric: the defaults, plus the output size where one is required (valid for both images)
        m.put("horizontal-flip", "");
        m.put("vertical-flip", "");
        m.put("rotate", "");
        m.put("affine", "");
        m.put("random-crop", "width = 24, height = 24");
        m.put("random-resized-crop", "width = 24, height = 24");
        m.put("pad", "");
        m.put("resize", "width = 64, height = 64");
        m.put("letterbox", "width = 64, height = 64");
        // composition
        m.put("one-of", "transforms = [{type = horizontal-flip}, {type = gamma}]");
        m.put("some-of", "n = 2, transforms = [{type = horizontal-flip}, {type = gamma}, {type = gaussian-blur}]");
        // photometric: the defaults
        m.put("brightness-contrast", "");
        m.put("hsv", "");
        m.put("gamma", "");
        m.put("gaussian-blur", "");
        m.put("gaussian-noise", "");
        m.put("clahe", "");
        m.put("cutout", "");
        // copy-paste: from the image and a bank of 8 donors
        m.put("copy-paste", "source = both");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** A typical training pipeline, as HOCON blocks in order. */
    public static final List<String> PIPELINE = List.of(
            "{type = horizontal-flip, p = 0.5}",
            "{type = copy-paste, p = 0.5}",
            "{type = brightness-contrast, p = 0.8}",
            "{type = hsv, p = 0.5}",
            "{type = gaussian-blur, p = 0.3}",
            "{type = cutout, p = 0.5}");

    /** Bare OpenCV operation -> the transform (HOCON) that wraps it, compared at 256x256x3. */
    public static final Map<String, String> OVERHEAD_WRAPPERS = Map.of(
            "flip", "type = horizontal-flip, p = 1",
            "gaussian-blur", "type = gaussian-blur, p = 1, sigma = 1.0",
            // the same warp as the bare call: a 10 degree rotation about the centre, scale 1, no shift
            "warp-affine", "type = affine, p = 1, scale = 1, translate = 0, rotate = [10, 10]",
            "gaussian-noise", "type = gaussian-noise, p = 1, std = 10",
            // issue 11's composed pipeline: each step as the bare sequence does it (see WrapperOverheadBenchmark)
            "composed", "[ {type = horizontal-flip, p = 1}, {type = rotate, p = 1, limit = [15, 15]},"
                    + " {type = random-resized-crop, p = 1, width = 256, height = 256, scale = [0.5, 0.5],"
                    + " ratio = [1, 1]}, {type = brightness-contrast, p = 1, brightness = [0.1, 0.1],"
                    + " contrast = [0.1, 0.1]}, {type = gaussian-blur, p = 1, sigma = 1.0},"
                    + " {type = gaussian-noise, p = 1, std = 10} ]");

    /** The image the wrapper overhead is measured on. */
    public static final String OVERHEAD_IMAGE = "256x256x3";

    /** Builds {@code name} with {@code p = 1} and its settings; copy-paste gets {@link #donorBank}. */
    public static Transform<?> build(TransformRegistry registry, String name, int channels) {
        String settings = TRANSFORMS.get(name);
        if (settings == null) {
            throw new IllegalArgumentException("no benchmark settings for transform '" + name + "'");
        }
        return withBank(registry.parse("type = " + name + ", p = 1" + (settings.isEmpty() ? "" : ", " + settings)),
                channels);
    }

    /** The transform the pipeline block describes (copy-paste with {@link #donorBank}). */
    public static Transform<?> withBank(Transform<?> t, int channels) {
        return t instanceof CopyPasteTransform cp ? cp.withBank(donorBank(channels)) : t;
    }

    public static int[] dimensions(String image) {
        String[] parts = image.split("x");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }

    /** A noise image of the given kind with a few boxes, some of them small (for copy-paste). */
    public static Sample sample(String image, long seed) {
        int[] d = dimensions(image);
        int rows = d[0];
        int cols = d[1];
        List<Box> boxes = new ArrayList<>();
        boxes.add(new Box(0, cols * 0.1f, rows * 0.1f, cols * 0.2f, rows * 0.15f));
        boxes.add(new Box(1, cols * 0.5f, rows * 0.4f, cols * 0.3f, rows * 0.4f));
        boxes.add(new Box(2, cols * 0.7f, rows * 0.05f, Math.min(20, cols * 0.1f), Math.min(16, rows * 0.1f)));
        return new Sample("bench-" + image + "-" + seed, NoiseImages.noise(rows, cols, d[2], seed), boxes, 1);
    }

    /** Eight small noise donors of four classes. */
    public static DonorBank donorBank(int channels) {
        List<Donor> donors = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            donors.add(new Donor("donor-" + i, i % 4, NoiseImages.noise(6 + 2 * i, 8 + i, channels, 1000 + i)));
        }
        return DonorBank.of(donors);
    }
}
