package io.augflow.augment.transform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.augment.multi.MultiImageStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The typed {@code augment} block of a run's configuration: the seed every random stream derives from
 * and the pipeline with its box policy and its multi-image stage. Resolved on the driver; errors name the key
 * and the value.
 *
 * <pre>
 * augment {
 *   mosaic {                       # absent = off; see Mosaic for the keys
 *     p = 0.5                      # default 0.5 once the block is given
 *     centre = [0.25, 0.75]        # where the four tiles meet, a share of each side
 *     min-area = 4                 # px^2 a box keeps after clipping to its tile
 *     min-visibility = 0.3         # share of a box's scaled area left after clipping
 *     width = 0, height = 0        # canvas size, 0 = the sample's
 *   }
 *   mixup { p = 0.1, alpha = 8 }   # absent = off; lambda ~ Beta(alpha, alpha), see MixUp
 *   pipeline = [                   # list of transform blocks, default [] (nothing happens)
 *     { type = horizontal-flip, p = 0.5 }
 *     { type = rotate, p = 0.3, limit = 15 }
 *   ]
 *   strength = 1                   # scales each pipeline transform's p that is below 1, in [0, 10], default 1
 *   bbox {
 *     min-area = 0                 # pixels, >= 0, default 0
 *     min-visibility = 0           # share in [0, 1], default 0
 *     clip = true                  # clip kept boxes to the image, default true
 *   }
 * }
 * </pre>
 * Mosaic and mixup run first, in that order, each with its own {@code p} ({@link MultiImageStage}); they
 * combine the sample with other samples the caller hands in (the per-epoch stream: other rows of the same slice).
 * Each transform block's keys and defaults are in its class's Javadoc ({@link TransformRegistry} lists
 * the names). Keys not listed here are rejected, so a typo does not silently fall back to a default. The
 * former {@code augment.seed} is refused: the seed is the run's {@code augflow.seed}.
 *
 * <p>{@code strength} is the one number that makes the whole pipeline stronger or weaker, so a search
 * ({@code bin/augflow tune}) can treat augmentation as a single parameter: each top-level transform whose
 * {@code p} is below 1 fires with {@code min(1, strength * p)} instead. Transforms with {@code p = 1} are steps
 * the pipeline relies on (a resize, a pad followed by a crop to a fixed size) and keep firing; 0 turns every other
 * transform off. Children of {@code one-of}/{@code some-of} keep their {@code p} (there it is a weight); the
 * container's own {@code p} is scaled. Mosaic and mixup keep theirs (set {@code augment.mosaic.p} directly).
 *
 * @param seed    the run seed {@code augflow.seed} (see {@link io.augflow.augment.random.RandomStreams#forSample})
 * @param compose the pipeline, its {@link BoxParams} and its {@link MultiImageStage}
 */
public record AugmentConf(long seed, Compose compose) {
    /** The block's path in a run's configuration. */
    public static final String PATH = "augment";
    /** The former key {@code augment.seed}, refused: the seed is {@code augflow.seed}. */
    public static final String SEED = "seed";
    public static final String PIPELINE = "pipeline";
    public static final String STRENGTH = "strength";
    public static final double DEFAULT_STRENGTH = 1.0;
    /** Ten times the configured probabilities already saturates any p >= 0.1; more is a typo. */
    public static final double MAX_STRENGTH = 10.0;
    public static final String BBOX = "bbox";
    public static final String MIN_AREA = "min-area";
    public static final String MIN_VISIBILITY = "min-visibility";
    public static final String CLIP = "clip";
    /** The multi-image blocks (see {@link MultiImageStage}). */
    public static final String MOSAIC = MultiImageStage.MOSAIC;
    public static final String MIXUP = MultiImageStage.MIXUP;
    public static final long DEFAULT_SEED = ConfBlock.DEFAULT_SEED;

    private static final List<String> TOP_KEYS = List.of(PIPELINE, STRENGTH, BBOX, MOSAIC, MIXUP);
    private static final List<String> BBOX_KEYS = List.of(MIN_AREA, MIN_VISIBILITY, CLIP);

    public AugmentConf {
        Objects.requireNonNull(compose, "compose");
    }

    /**
     * Reads {@code augment} from a whole configuration with the built-in transforms, seeded by the root's
     * {@code seed}; absent means defaults.
     */
    public static AugmentConf fromRoot(Config root) {
        return from(root.hasPath(PATH) ? root.getConfig(PATH) : ConfigFactory.empty(), TransformRegistry.builtIn(),
                ConfBlock.rootSeed(root));
    }

    /** Parses a HOCON text holding an {@code augment { ... }} block. */
    public static AugmentConf parse(String hocon) {
        return fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    /** Reads the contents of an {@code augment} block with the run's seed {@code augflow.seed}. */
    public static AugmentConf from(Config block, TransformRegistry registry, long seed) {
        ConfBlock augment = ConfBlock.under(block, PATH);
        augment.refuseGone(SEED, ConfBlock.SEED_GONE);
        augment.rejectUnknown(TOP_KEYS);
        MultiImageStage multiImage = MultiImageStage.fromConfig(augment);
        List<Transform<?>> transforms = pipeline(augment, registry);
        ConfBlock bbox = augment.child(BBOX);
        bbox.rejectUnknown(BBOX_KEYS);
        BoxParams boxParams;
        try {
            boxParams = new BoxParams(bbox.number(MIN_AREA, BoxParams.DEFAULT.minArea()),
                    bbox.number(MIN_VISIBILITY, BoxParams.DEFAULT.minVisibility()),
                    bbox.bool(CLIP, BoxParams.DEFAULT.clip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(augment.path() + "." + e.getMessage(), e);
        }
        return new AugmentConf(seed, new Compose(transforms, boxParams, multiImage));
    }

    private static List<Transform<?>> pipeline(ConfBlock augment, TransformRegistry registry) {
        if (!augment.has(PIPELINE)) {
            return List.of();
        }
        List<? extends Config> blocks;
        try {
            blocks = augment.raw().getConfigList(PIPELINE);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(augment.key(PIPELINE) + " must be a list of transform blocks, got "
                    + augment.raw().getValue(PIPELINE).render(), e);
        }
        double strength = strength(augment);
        List<Transform<?>> transforms = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            try {
                transforms.add(scaled(registry.create(blocks.get(i)), blocks.get(i), strength, registry));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(augment.key(PIPELINE) + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return transforms;
    }

    private static double strength(ConfBlock augment) {
        double strength = augment.number(STRENGTH, DEFAULT_STRENGTH);
        if (!(strength >= 0 && strength <= MAX_STRENGTH)) {
            throw new IllegalArgumentException(augment.key(STRENGTH) + " must be in [0, " + (int) MAX_STRENGTH
                    + "] (1 = the pipeline as written), got " + augment.raw().getValue(STRENGTH).render());
        }
        return strength;
    }

    /**
     * The transform rebuilt with {@code p} scaled by {@code strength}; the one built from the block as written
     * when nothing changes (strength 1, or a certain step with p = 1). Rebuilding through the registry keeps
     * transforms immutable values with no "with p" copy of their own.
     */
    private static Transform<?> scaled(Transform<?> asWritten, Config block, double strength,
                                       TransformRegistry registry) {
        double p = asWritten.p();
        if (strength == DEFAULT_STRENGTH || p >= 1) {
            return asWritten;
        }
        double scaledP = Math.min(1.0, strength * p);
        return registry.create(block.withValue("p", ConfigValueFactory.fromAnyRef(scaledP)));
    }
}
