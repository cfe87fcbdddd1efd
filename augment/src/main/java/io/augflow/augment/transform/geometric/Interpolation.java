package io.augflow.augment.transform.geometric;

import io.augflow.augment.transform.TransformConfig;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.opencv.imgproc.Imgproc;

/**
 * How pixels are resampled, configured as {@code interpolation = nearest | linear | cubic | area}.
 * {@code area} is the best choice to shrink with {@link Imgproc#resize}; for warps OpenCV treats it
 * as {@code linear}.
 */
public enum Interpolation {
    NEAREST(Imgproc.INTER_NEAREST),
    LINEAR(Imgproc.INTER_LINEAR),
    CUBIC(Imgproc.INTER_CUBIC),
    AREA(Imgproc.INTER_AREA);

    /** The config key every resampling transform reads. */
    public static final String KEY = "interpolation";

    private final int cvFlag;

    Interpolation(int cvFlag) {
        this.cvFlag = cvFlag;
    }

    /** The {@code Imgproc.INTER_*} flag. */
    public int cvFlag() {
        return cvFlag;
    }

    /** The config spelling, e.g. {@code "linear"}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code interpolation} from a transform block, default {@code linear}. */
    public static Interpolation fromConfig(TransformConfig cfg) {
        Set<String> allowed = new LinkedHashSet<>();
        Arrays.stream(values()).forEach(v -> allowed.add(v.configName()));
        return valueOf(cfg.choice(KEY, LINEAR.configName(), allowed).toUpperCase(Locale.ROOT));
    }
}
