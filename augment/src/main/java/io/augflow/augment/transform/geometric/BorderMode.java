package io.augflow.augment.transform.geometric;

import io.augflow.augment.transform.TransformConfig;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.opencv.core.Core;

/**
 * How pixels outside the source image are made up when a transform needs them, configured as
 * {@code border = constant | reflect | replicate | wrap}:
 * <ul>
 *   <li>{@code constant}: the {@code fill} value ({@code iiiiii|abcdefgh|iiiiii});</li>
 *   <li>{@code reflect}: mirrored without repeating the edge pixel ({@code gfedcb|abcdefgh|gfedcba}),
 *       OpenCV's {@code BORDER_REFLECT_101}, as in Albumentations;</li>
 *   <li>{@code replicate}: the edge pixel repeated ({@code aaaaaa|abcdefgh|hhhhhhh});</li>
 *   <li>{@code wrap}: the opposite side ({@code cdefgh|abcdefgh|abcdefg}).</li>
 * </ul>
 */
public enum BorderMode {
    CONSTANT(Core.BORDER_CONSTANT),
    REFLECT(Core.BORDER_REFLECT_101),
    REPLICATE(Core.BORDER_REPLICATE),
    WRAP(Core.BORDER_WRAP);

    /** The config key of the mode. */
    public static final String KEY = "border";
    /** The config key of the value used by {@code constant}, 0 to 255, default 0. */
    public static final String FILL_KEY = "fill";

    private final int cvFlag;

    BorderMode(int cvFlag) {
        this.cvFlag = cvFlag;
    }

    /** The {@code Core.BORDER_*} flag. */
    public int cvFlag() {
        return cvFlag;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code border} from a transform block, default {@code constant}. */
    public static BorderMode fromConfig(TransformConfig cfg) {
        Set<String> allowed = new LinkedHashSet<>();
        Arrays.stream(values()).forEach(v -> allowed.add(v.configName()));
        return valueOf(cfg.choice(KEY, CONSTANT.configName(), allowed).toUpperCase(Locale.ROOT));
    }

    /** Reads {@code fill} from a transform block: an integer in [0, 255], default 0. */
    public static int fillFromConfig(TransformConfig cfg) {
        return cfg.intIn(FILL_KEY, 0, 0, 255);
    }
}
