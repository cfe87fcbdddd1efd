package io.augflow.augment.transform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The typed {@code augment} block of a run's configuration: the seed every random stream derives from
 * and the pipeline with its box policy. Resolved on the driver; errors name the key and the value.
 *
 * <pre>
 * augment {
 *   seed = 42                      # long, default 42
 *   pipeline = [                   # list of transform blocks, default [] (nothing happens)
 *     { type = horizontal-flip, p = 0.5 }
 *     { type = rotate, p = 0.3, limit = 15 }
 *   ]
 *   bbox {
 *     min-area = 0                 # pixels, >= 0, default 0
 *     min-visibility = 0           # share in [0, 1], default 0
 *     clip = true                  # clip kept boxes to the image, default true
 *   }
 * }
 * </pre>
 * Each transform block's keys and defaults are in its class's Javadoc ({@link TransformRegistry} lists
 * the names). Keys not listed here are rejected, so a typo does not silently fall back to a default.
 *
 * @param seed    the run seed (see {@link io.augflow.augment.random.RandomStreams#forSample})
 * @param compose the pipeline and its {@link BoxParams}
 */
public record AugmentConf(long seed, Compose compose) {
    /** The block's path in a run's configuration. */
    public static final String PATH = "augment";
    public static final String SEED = "seed";
    public static final String PIPELINE = "pipeline";
    public static final String BBOX = "bbox";
    public static final String MIN_AREA = "min-area";
    public static final String MIN_VISIBILITY = "min-visibility";
    public static final String CLIP = "clip";
    public static final long DEFAULT_SEED = 42;

    private static final List<String> TOP_KEYS = List.of(SEED, PIPELINE, BBOX);
    private static final List<String> BBOX_KEYS = List.of(MIN_AREA, MIN_VISIBILITY, CLIP);

    public AugmentConf {
        Objects.requireNonNull(compose, "compose");
    }

    /** Reads {@code augment} from a whole configuration with the built-in transforms; absent means defaults. */
    public static AugmentConf fromRoot(Config root) {
        return from(root.hasPath(PATH) ? root.getConfig(PATH) : ConfigFactory.empty(), TransformRegistry.builtIn());
    }

    /** Parses a HOCON text holding an {@code augment { ... }} block. */
    public static AugmentConf parse(String hocon) {
        return fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    /** Reads the contents of an {@code augment} block. */
    public static AugmentConf from(Config block, TransformRegistry registry) {
        rejectUnknown(block, TOP_KEYS, PATH);
        long seed = block.hasPath(SEED) ? longValue(block, SEED) : DEFAULT_SEED;
        List<Transform<?>> transforms = pipeline(block, registry);
        Config bbox = bboxBlock(block);
        rejectUnknown(bbox, BBOX_KEYS, PATH + "." + BBOX);
        double minArea = bbox.hasPath(MIN_AREA) ? doubleValue(bbox, MIN_AREA) : BoxParams.DEFAULT.minArea();
        double minVisibility = bbox.hasPath(MIN_VISIBILITY)
                ? doubleValue(bbox, MIN_VISIBILITY) : BoxParams.DEFAULT.minVisibility();
        boolean clip = bbox.hasPath(CLIP) ? booleanValue(bbox, CLIP) : BoxParams.DEFAULT.clip();
        BoxParams boxParams;
        try {
            boxParams = new BoxParams(minArea, minVisibility, clip);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PATH + "." + e.getMessage(), e);
        }
        return new AugmentConf(seed, new Compose(transforms, boxParams));
    }

    private static List<Transform<?>> pipeline(Config block, TransformRegistry registry) {
        if (!block.hasPath(PIPELINE)) {
            return List.of();
        }
        List<? extends Config> blocks;
        try {
            blocks = block.getConfigList(PIPELINE);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(PATH + "." + PIPELINE + " must be a list of transform blocks, got "
                    + block.getValue(PIPELINE).render(), e);
        }
        List<Transform<?>> transforms = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            try {
                transforms.add(registry.create(blocks.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PATH + "." + PIPELINE + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return transforms;
    }

    private static Config bboxBlock(Config block) {
        if (!block.hasPath(BBOX)) {
            return ConfigFactory.empty();
        }
        if (block.getValue(BBOX).valueType() != ConfigValueType.OBJECT) {
            throw new IllegalArgumentException(PATH + "." + BBOX + " must be a block { min-area, min-visibility, clip },"
                    + " got " + block.getValue(BBOX).render());
        }
        return block.getConfig(BBOX);
    }

    private static void rejectUnknown(Config block, List<String> known, String where) {
        for (String key : block.root().keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(where + "." + key + " is not a known key (known: " + known + ")");
            }
        }
    }

    private static long longValue(Config block, String key) {
        try {
            return block.getLong(key);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(PATH + "." + key + " must be an integer, got "
                    + block.getValue(key).render(), e);
        }
    }

    private static double doubleValue(Config bbox, String key) {
        try {
            return bbox.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(PATH + "." + BBOX + "." + key + " must be a number, got "
                    + bbox.getValue(key).render(), e);
        }
    }

    private static boolean booleanValue(Config bbox, String key) {
        try {
            return bbox.getBoolean(key);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(PATH + "." + BBOX + "." + key + " must be true or false, got "
                    + bbox.getValue(key).render(), e);
        }
    }
}
