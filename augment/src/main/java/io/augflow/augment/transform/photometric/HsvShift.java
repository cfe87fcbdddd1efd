package io.augflow.augment.transform.photometric;

import io.augflow.augment.Sample;
import io.augflow.augment.random.UniformRange;
import io.augflow.augment.transform.Transform;
import io.augflow.augment.transform.TransformConfig;
import java.util.Objects;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Hue, saturation and value jitter in OpenCV's 8-bit HSV space, where hue is stored as degrees / 2 in
 * [0, 180). The image goes BGR -> HSV, through one three-channel lookup table, and back:
 * {@code H' = (H + round(hue / 2)) mod 180}, {@code S' = saturate(S + saturation)},
 * {@code V' = saturate(V + value)}. Hue wraps round the colour circle; saturation and value clip.
 *
 * <p>On a grey (1-channel) image hue and saturation have no meaning, so only the value part is applied:
 * {@code out = saturate(in + value)}. The three numbers are still drawn, so a seed gives the same draws
 * whatever the channel count.
 *
 * @param hue        range of the hue shift in degrees, within [-180, 180]; default [-20, 20]
 * @param saturation range of the saturation shift in 8-bit units, within [-255, 255]; default [-30, 30]
 * @param value      range of the value shift in 8-bit units, within [-255, 255]; default [-20, 20]
 */
public record HsvShift(double p, UniformRange hue, UniformRange saturation, UniformRange value)
        implements Transform<HsvShift.Params> {
    public static final String NAME = "hsv";

    /** The drawn shifts: hue in degrees, saturation and value in 8-bit units. */
    public record Params(double hue, double saturation, double value) {}

    public HsvShift {
        Checks.probability(NAME, p);
        Objects.requireNonNull(hue, "hue").requireWithin(NAME + ".hue", -180, 180);
        Objects.requireNonNull(saturation, "saturation").requireWithin(NAME + ".saturation", -255, 255);
        Objects.requireNonNull(value, "value").requireWithin(NAME + ".value", -255, 255);
    }

    /** Keys: {@code p}, {@code hue}, {@code saturation}, {@code value} (a number v means [-v, v]). */
    public static HsvShift fromConfig(TransformConfig cfg) {
        return new HsvShift(cfg.p(),
                UniformRange.of(cfg.range("hue", new double[] {-20, 20}, -180, 180, true)),
                UniformRange.of(cfg.range("saturation", new double[] {-30, 30}, -255, 255, true)),
                UniformRange.of(cfg.range("value", new double[] {-20, 20}, -255, 255, true)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Params sample(Sample sample, SplittableRandom rng) {
        return new Params(hue.draw(rng), saturation.draw(rng), value.draw(rng));
    }

    @Override
    public Sample apply(Sample sample, Params params) {
        int dv = (int) Math.round(params.value());
        Mat out = new Mat();
        if (sample.channels() == 1) {
            sample.image().convertTo(out, -1, 1, dv);
            return sample.withImage(out);
        }
        int dh = (int) Math.round(params.hue() / 2);
        int ds = (int) Math.round(params.saturation());
        byte[] table = new byte[256 * 3];
        for (int i = 0; i < 256; i++) {
            table[3 * i] = (byte) (i < 180 ? Math.floorMod(i + dh, 180) : i);
            table[3 * i + 1] = (byte) clamp(i + ds);
            table[3 * i + 2] = (byte) clamp(i + dv);
        }
        Mat lut = new Mat(1, 256, CvType.CV_8UC3);
        lut.put(0, 0, table);
        Mat hsv = new Mat();
        Imgproc.cvtColor(sample.image(), hsv, Imgproc.COLOR_BGR2HSV);
        Core.LUT(hsv, lut, hsv);
        Imgproc.cvtColor(hsv, out, Imgproc.COLOR_HSV2BGR);
        hsv.release();
        lut.release();
        return sample.withImage(out);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
