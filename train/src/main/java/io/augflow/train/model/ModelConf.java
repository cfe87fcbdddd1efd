package io.augflow.train.model;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import io.augflow.augment.transform.geometric.ResizePolicy;
import io.augflow.augment.conf.ConfBlock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The typed {@code model} block.
 *
 * <pre>
 * model {
 *   architecture = lenet5   # lenet5 | vgg-small | resnet-small | mobilenet-small | yolo-small
 *   batch-norm = true       # batch normalisation after every convolution (lenet5 too)
 *   dropout = 0.0           # drop probability in [0, 0.9] before the classifier (0 = none)
 *   l2 = 1e-4               # L2 weight penalty on all parameters, >= 0
 *   base-filters = 32       # vgg/resnet/mobilenet/yolo: filters of the first stage, doubled per stage, in [1, 1024]
 *   stages = 3              # vgg/resnet/mobilenet: stages, each halving height and width, in [1, 6]
 *   input-size = auto       # the network input: auto | "WxH" | "WxHxC" | [W, H] | [W, H, C] (see InputChoice)
 *   resize = auto           # how other sizes are brought to it: auto | letterbox | resize | center-crop
 *   task = auto             # classify | detect | auto (detect when the train split has boxes and no image labels)
 *   detect { ... }          # the detector's grid, anchors and decoding ({@link DetectConf})
 * }
 * </pre>
 * LeNet-5 has a fixed layout and ignores {@code base-filters} and {@code stages}. {@code yolo-small} ignores
 * {@code stages} and {@code dropout} (its stride, a head setting, fixes the depth). Unknown keys are rejected.
 */
public record ModelConf(Architecture architecture, boolean batchNorm, double dropout, double l2, long seed,
                        int baseFilters, int stages, InputRequest inputSize, ResizePolicy resize, ModelTask task,
                        DetectConf detect)
        implements java.io.Serializable {
    public static final String PATH = "model";
    public static final String ARCHITECTURE = "architecture";
    public static final String BATCH_NORM = "batch-norm";
    public static final String DROPOUT = "dropout";
    public static final String L2 = "l2";
    /** The former key {@code model.seed}, refused: weights are initialised from {@code augflow.seed}. */
    public static final String SEED = "seed";
    public static final String BASE_FILTERS = "base-filters";
    public static final String STAGES = "stages";
    public static final String INPUT_SIZE = "input-size";
    public static final String RESIZE = "resize";
    public static final String AUTO = "auto";
    public static final String TASK = "task";
    private static final List<String> KEYS = List.of(ARCHITECTURE, BATCH_NORM, DROPOUT, L2, BASE_FILTERS, STAGES,
            INPUT_SIZE, RESIZE, TASK, DetectConf.PATH);

    public static final ModelConf DEFAULT = new ModelConf(Architecture.LENET5, true, 0.0, 1e-4, 42, 32, 3,
            InputRequest.AUTO, null, ModelTask.AUTO, DetectConf.DEFAULT);

    public ModelConf {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(detect, "detect");
        check(dropout >= 0 && dropout <= 0.9, DROPOUT, dropout, "in [0, 0.9]");
        check(l2 >= 0 && !Double.isInfinite(l2), L2, l2, "a finite number >= 0");
        check(baseFilters >= 1 && baseFilters <= 1024, BASE_FILTERS, baseFilters, "in [1, 1024]");
        check(stages >= 1 && stages <= 6, STAGES, stages, "in [1, 6]");
    }

    /** The given architecture with all other values at their defaults. */
    public static ModelConf defaults(Architecture architecture) {
        ModelConf d = DEFAULT;
        return new ModelConf(architecture, d.batchNorm, d.dropout, d.l2, d.seed, d.baseFilters, d.stages, InputRequest.AUTO,
                null, d.task, d.detect);
    }

    /** The configured resize policy, or null for {@code auto} (letterbox for data with boxes, else resize). */
    @Override
    public ResizePolicy resize() {
        return resize;
    }

    /** The same configuration with another input request and policy (a warm start keeps its model's). */
    public ModelConf withInput(InputRequest size, ResizePolicy policy) {
        return new ModelConf(architecture, batchNorm, dropout, l2, seed, baseFilters, stages, size, policy, task, detect);
    }

    /** The same configuration with another architecture (a detection run trains yolo-small). */
    public ModelConf withArchitecture(Architecture other) {
        return new ModelConf(other, batchNorm, dropout, l2, seed, baseFilters, stages, inputSize, resize, task, detect);
    }

    /** The same configuration with the task decided ({@code auto} resolved from the data). */
    public ModelConf withTask(ModelTask decided) {
        return new ModelConf(architecture, batchNorm, dropout, l2, seed, baseFilters, stages, inputSize, resize, decided,
                detect);
    }

    /** The same configuration with another detector block (the trainer's class weights filled). */
    public ModelConf withDetect(DetectConf other) {
        return new ModelConf(architecture, batchNorm, dropout, l2, seed, baseFilters, stages, inputSize, resize, task,
                other);
    }

    /** Reads {@code model} from a whole configuration; an absent block means all defaults. */
    public static ModelConf fromRoot(Config root) {
        return from(ConfBlock.of(root, PATH), ConfBlock.rootSeed(root));
    }

    /** Parses a HOCON text holding a {@code model { ... }} block. */
    public static ModelConf parse(String hocon) {
        return fromRoot(ConfigFactory.parseString(hocon).resolve());
    }

    /** Reads the contents of a {@code model} block. */
    public static ModelConf from(ConfBlock b, long seed) {
        b.refuseGone(SEED, ConfBlock.SEED_GONE);
        b.rejectUnknown(KEYS);
        ModelConf d = DEFAULT;
        return new ModelConf(
                Architecture.fromKey(b.string(ARCHITECTURE, d.architecture.key()), b.key(ARCHITECTURE)),
                b.bool(BATCH_NORM, d.batchNorm),
                b.number(DROPOUT, d.dropout),
                b.number(L2, d.l2),
                seed,
                b.integer(BASE_FILTERS, d.baseFilters),
                b.integer(STAGES, d.stages),
                inputSize(b),
                AUTO.equals(b.string(RESIZE, AUTO)) ? null : ResizePolicy.fromKey(b.string(RESIZE, AUTO), b.key(RESIZE)),
                ModelTask.fromKey(b.string(TASK, AUTO), b.key(TASK)),
                DetectConf.from(b.child(DetectConf.PATH)));
    }

    /** {@code input-size}: auto, "WxH", "WxHxC", [W, H] or [W, H, C]. */
    private static InputRequest inputSize(ConfBlock b) {
        if (!b.has(INPUT_SIZE)) {
            return InputRequest.AUTO;
        }
        String rule = "auto, \"WIDTHxHEIGHT\", \"WIDTHxHEIGHTxCHANNELS\" or a list [width, height(, channels)]"
                + " with sides in [1, 32768] and 1 or 3 channels";
        String shown = b.raw().getValue(INPUT_SIZE).render();
        int[] values;
        if (b.raw().getValue(INPUT_SIZE).valueType() == ConfigValueType.LIST) {
            double[] list = b.numbers(INPUT_SIZE).orElseThrow();
            values = java.util.Arrays.stream(list).mapToInt(v -> (int) v).toArray();
            for (int i = 0; i < list.length; i++) {
                b.check(list[i] == values[i], INPUT_SIZE, shown, rule);
            }
        } else {
            String text = b.string(INPUT_SIZE, AUTO).trim().toLowerCase(Locale.ROOT);
            if (text.equals(AUTO)) {
                return InputRequest.AUTO;
            }
            b.check(text.matches("\\d{1,6}x\\d{1,6}(x\\d{1,2})?"), INPUT_SIZE, shown, rule);
            values = java.util.Arrays.stream(text.split("x")).mapToInt(Integer::parseInt).toArray();
        }
        b.check(values.length == 2 || values.length == 3, INPUT_SIZE, shown, rule);
        int channels = values.length == 3 ? values[2] : 0;
        b.check(values[0] >= 1 && values[0] <= 32768 && values[1] >= 1 && values[1] <= 32768
                && (channels == 0 || channels == 1 || channels == 3), INPUT_SIZE, shown, rule);
        return new InputRequest(values[0], values[1], channels);
    }

    /** Filters of stage {@code s} (0-based): {@code base-filters * 2^s}. */
    public int filters(int stage) {
        return baseFilters << stage;
    }

    /** DL4J's dropout argument is the probability to keep an activation. */
    double retainProbability() {
        return 1.0 - dropout;
    }

    static void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(ConfBlock.ROOT + "." + PATH + "." + key + " must be " + rule + ", got " + value);
        }
    }
}
