package io.augflow.augment.multi;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import io.augflow.augment.random.SymmetricBeta;
import io.augflow.augment.transform.TransformConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * MixUp for detection (Zhang et al. 2017; as YOLOX and YOLOv5 use it): the sample blended with one partner, and
 * the boxes of both kept.
 *
 * <p><b>Draw</b> ({@link #sample}). {@code lambda ~ Beta(alpha, alpha)}, {@code alpha} 8 by default: lambda
 * mostly in [0.3, 0.7] (standard deviation 0.12), so both images stay clearly visible and both sets of boxes are
 * fair targets, with more variety than YOLOX/YOLOv5's {@code alpha = 32} (standard deviation 0.04). Small alphas
 * (the 0.2 of classification mixup) make one image nearly vanish while its boxes stay: avoid them for detection.
 *
 * <p><b>Apply</b> (pure). The partner is converted to the sample's channel count and resized to the sample's
 * size (pixel-area averaging when shrinking, bilinear when enlarging); each output pixel is
 * {@code round(lambda * sample + (1 - lambda) * partner)} (OpenCV's {@code addWeighted}, saturated to 8 bits).
 * Boxes are the sample's followed by the partner's, scaled by {@code W / w_partner} and {@code H / h_partner}
 * (the resize's own factors); both keep class and {@code pasted} flag. When the partner is the sample itself
 * ({@link Partners#self}) the pixels are unchanged and its boxes are not added twice.
 *
 * <p>The output keeps the sample's id and label: there are no soft labels, so a labelled (classification) sample
 * keeps its own class although a share {@code 1 - lambda} of the picture is another image's; mixup is meant for
 * detection and is off unless configured.
 */
public record MixUp(double p, double alpha) implements MultiImageTransform<MixUp.Params> {

    public static final String NAME = "mixup";
    public static final double DEFAULT_P = 0.5;
    public static final double DEFAULT_ALPHA = 8.0;
    public static final double MIN_ALPHA = 0.01;
    public static final double MAX_ALPHA = 1000;
    /** MixUp switched off (no {@code mixup} block). */
    public static final MixUp OFF = new MixUp(0, DEFAULT_ALPHA);

    /** The sample's weight {@code lambda} in [0, 1], and which partner was blended in. */
    public record Params(double lambda, String partnerId) {
        public Params {
            if (!(lambda >= 0 && lambda <= 1)) {
                throw new IllegalArgumentException(NAME + ": lambda must be in [0, 1], got " + lambda);
            }
        }
    }

    public MixUp {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(NAME + ".p must be in [0, 1], got " + Mosaic.fmt(p));
        }
        if (!(alpha >= MIN_ALPHA && alpha <= MAX_ALPHA)) {
            throw new IllegalArgumentException(NAME + ".alpha must be in [" + MIN_ALPHA + ", " + Mosaic.fmt(MAX_ALPHA)
                    + "], got " + Mosaic.fmt(alpha));
        }
    }

    /** The {@code augflow.augment.mixup} block ({@code cfg.transformName()} is that full key): {@code p} 0.5, {@code alpha} 8. */
    public static MixUp fromConfig(TransformConfig cfg) {
        return new MixUp(cfg.doubleIn("p", DEFAULT_P, 0, 1), cfg.doubleIn("alpha", DEFAULT_ALPHA, MIN_ALPHA, MAX_ALPHA));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int partnerCount() {
        return 1;
    }

    @Override
    public Params sample(Sample sample, List<Sample> partners, SplittableRandom rng) {
        MultiImageTransform.requirePartners(NAME, partners, 1);
        return new Params(new SymmetricBeta(alpha).draw(rng), partners.get(0).id());
    }

    @Override
    public Sample apply(Sample sample, List<Sample> partners, Params params) {
        MultiImageTransform.requirePartners(NAME, partners, 1);
        Sample partner = partners.get(0);
        if (partner == sample) {
            return sample.withImage(sample.image().clone());
        }
        Mat converted = Images.withChannels(partner.image(), sample.channels());
        Mat other = Images.resized(converted, sample.width(), sample.height());
        converted.release();
        Mat out = new Mat();
        Core.addWeighted(sample.image(), params.lambda(), other, 1 - params.lambda(), 0, out);
        other.release();
        double sx = (double) sample.width() / partner.width();
        double sy = (double) sample.height() / partner.height();
        List<Box> boxes = new ArrayList<>(sample.boxes().size() + partner.boxes().size());
        boxes.addAll(sample.boxes());
        for (Box b : partner.boxes()) {
            boxes.add(b.withCoordinates(b.x() * sx, b.y() * sy, b.w() * sx, b.h() * sy));
        }
        return sample.with(out, boxes);
    }
}
