package io.augflow.pipeline.ingest;

import io.augflow.augment.conf.ConfBlock;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Everything one ingest run needs, checked on the driver when built. Only this record (not the session or a Hadoop
 * configuration) is shipped to the executors.
 *
 * <p>Keys ({@link #from}, under {@code augflow.ingest}) and defaults:
 * <pre>
 * input             (required)  the folder (or COCO JSON file) to import
 * layout            auto        auto | image-folder | idx | yolo | coco
 * output            (required)  the dataset folder to create
 * overwrite         false       replace an existing output (only once the new one is complete)
 * max-bad-fraction  0.05        fail when quarantined / rows in exceeds this
 * max-pixels        50000000    header width x height above this is TOO_LARGE, checked before decoding
 * clip-boxes        true        clip boxes partly outside the image instead of quarantining the row
 * clip-min-inside   0.5         ... when at least this fraction of the box's area is inside
 * default-split     train       split of rows whose layout names none (when split is "")
 * split             ""          train=0.8,val=0.1,test=0.1: rows whose layout names no split are drawn into these
 *                               shares from (split-seed, id) ({@link SplitAssigner}); "" = default-split
 * split-seed        42          the seed of those draws; its own key, so a new training seed moves no image
 * partitions        0           read tasks for image files (IDX: partitions after streaming); 0 = ~64 MB each
 * name              ""          dataset name for ids and provenance; "" = the output folder's name
 * classes           ""          comma-separated class names overriding the layout's (IDX, YOLO without names)
 * coco-images       ""          COCO image folder; "" = the folder holding the JSON
 * </pre>
 */
public record IngestConf(String input, IngestLayout layout, String output, boolean overwrite, double maxBadFraction,
        long maxPixels, boolean clipBoxes, double clipMinInside, String defaultSplit, int partitions,
        String datasetName, List<String> classes, String cocoImages, SplitFractions split, long splitSeed)
        implements Serializable {

    public static final String INPUT = "input";
    public static final String LAYOUT = "layout";
    public static final String OUTPUT = "output";
    public static final String OVERWRITE = "overwrite";
    public static final String MAX_BAD_FRACTION = "max-bad-fraction";
    public static final String MAX_PIXELS = "max-pixels";
    public static final String CLIP_BOXES = "clip-boxes";
    public static final String CLIP_MIN_INSIDE = "clip-min-inside";
    public static final String DEFAULT_SPLIT = "default-split";
    public static final String PARTITIONS = "partitions";
    public static final String NAME = "name";
    public static final String CLASSES = "classes";
    public static final String COCO_IMAGES = "coco-images";
    public static final String SPLIT = SplitFractions.KEY;
    public static final String SPLIT_SEED = "split-seed";
    /** The sub-block read by {@code IncrementalIngestConf}. */
    public static final String INCREMENTAL = "incremental";
    /** The full name of this block's keys in messages. */
    private static final String KEY = "augflow.ingest.";

    public static final double DEFAULT_MAX_BAD_FRACTION = 0.05;
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    public static final double DEFAULT_CLIP_MIN_INSIDE = 0.5;
    public static final long DEFAULT_SPLIT_SEED = 42;

    public IngestConf {
        require(input != null && !input.isBlank(), KEY + INPUT + " must be set");
        require(output != null && !output.isBlank(), KEY + OUTPUT + " must be set");
        require(layout != null, KEY + LAYOUT + " must be set");
        require(!new Path(input).equals(new Path(output)),
                KEY + OUTPUT + " must differ from input, both are " + input);
        require(maxBadFraction >= 0 && maxBadFraction <= 1,
                KEY + MAX_BAD_FRACTION + " must be in [0, 1], got " + maxBadFraction);
        require(maxPixels > 0, KEY + MAX_PIXELS + " must be > 0, got " + maxPixels);
        require(clipMinInside >= 0 && clipMinInside <= 1,
                KEY + CLIP_MIN_INSIDE + " must be in [0, 1], got " + clipMinInside);
        require(DatasetSchema.SPLITS.contains(defaultSplit),
                KEY + DEFAULT_SPLIT + " must be one of " + DatasetSchema.SPLITS + ", got '" + defaultSplit + "'");
        require(partitions >= 0, KEY + PARTITIONS + " must be >= 0, got " + partitions);
        classes = List.copyOf(classes);
        require(classes.stream().noneMatch(String::isBlank),
                KEY + CLASSES + " must not contain blank names, got " + classes);
        require(classes.stream().distinct().count() == classes.size(),
                KEY + CLASSES + " must not repeat a name, got " + classes);
        datasetName = datasetName == null || datasetName.isBlank() ? new Path(output).getName() : datasetName;
        cocoImages = cocoImages == null ? "" : cocoImages;
        split = split == null ? SplitFractions.NONE : split;
    }

    /** How rows whose layout names no split get one (what importers call for each such row). */
    public SplitAssigner unsplitRows() {
        return new SplitAssigner(defaultSplit, split, splitSeed);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder(String input, String output) {
        return new Builder(input, output);
    }

    /**
     * Reads the {@code ingest} block (the command line's input, output and overwrite put into it as
     * {@code input}, {@code output}, {@code overwrite}). Unknown keys are refused so typos do not pass silently; the
     * {@code incremental} sub-block is {@code IncrementalIngestConf}'s. Errors name the full key
     * ({@code augflow.ingest.max-bad-fraction}).
     */
    public static IngestConf from(ConfBlock b) {
        b.rejectUnknown(List.of(INPUT, LAYOUT, OUTPUT, OVERWRITE, MAX_BAD_FRACTION, MAX_PIXELS, CLIP_BOXES,
                CLIP_MIN_INSIDE, DEFAULT_SPLIT, PARTITIONS, NAME, CLASSES, COCO_IMAGES, SPLIT, SPLIT_SEED, INCREMENTAL));
        Builder builder = builder(b.string(INPUT, null), b.string(OUTPUT, null))
                .overwrite(b.bool(OVERWRITE, false))
                .maxBadFraction(b.number(MAX_BAD_FRACTION, DEFAULT_MAX_BAD_FRACTION))
                .maxPixels(b.longInteger(MAX_PIXELS, DEFAULT_MAX_PIXELS))
                .clipBoxes(b.bool(CLIP_BOXES, true))
                .clipMinInside(b.number(CLIP_MIN_INSIDE, DEFAULT_CLIP_MIN_INSIDE))
                .defaultSplit(b.string(DEFAULT_SPLIT, "train"))
                .partitions(b.integer(PARTITIONS, 0))
                .datasetName(b.string(NAME, ""))
                .cocoImages(b.string(COCO_IMAGES, ""))
                .split(b.string(SPLIT, ""))
                .splitSeed(b.longInteger(SPLIT_SEED, DEFAULT_SPLIT_SEED));
        if (b.has(LAYOUT)) {
            builder.layout(IngestLayout.parse(b.string(LAYOUT, "")));
        }
        String classes = b.string(CLASSES, "");
        if (!classes.isBlank()) {
            builder.classes(Arrays.stream(classes.split(",")).map(String::trim).toList());
        }
        return builder.build();
    }

    /**
     * The same configuration with {@code input} and {@code coco-images} made absolute and qualified on the driver
     * ({@code work/landing} -> {@code file:/home/ann/work/landing}): executors compare the files they read with
     * these roots, and a relative root neither matches a listed file's full path nor means the same folder on
     * another machine.
     */
    public IngestConf qualified(Configuration hadoop) {
        return new IngestConf(qualify(input, hadoop), layout, output, overwrite, maxBadFraction, maxPixels, clipBoxes,
                clipMinInside, defaultSplit, partitions, datasetName, classes,
                cocoImages.isBlank() ? cocoImages : qualify(cocoImages, hadoop), split, splitSeed);
    }

    private static String qualify(String path, Configuration hadoop) {
        Path p = new Path(path);
        try {
            return p.getFileSystem(hadoop).makeQualified(p).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no file system for " + path, e);
        }
    }

    /** Defaults as in the class comment. */
    public static final class Builder {
        private final String input;
        private final String output;
        private IngestLayout layout = IngestLayout.AUTO;
        private boolean overwrite;
        private double maxBadFraction = DEFAULT_MAX_BAD_FRACTION;
        private long maxPixels = DEFAULT_MAX_PIXELS;
        private boolean clipBoxes = true;
        private double clipMinInside = DEFAULT_CLIP_MIN_INSIDE;
        private String defaultSplit = "train";
        private int partitions;
        private String datasetName = "";
        private List<String> classes = List.of();
        private String cocoImages = "";
        private SplitFractions split = SplitFractions.NONE;
        private long splitSeed = DEFAULT_SPLIT_SEED;

        private Builder(String input, String output) {
            this.input = input;
            this.output = output;
        }

        public Builder layout(IngestLayout v) { layout = v; return this; }
        public Builder overwrite(boolean v) { overwrite = v; return this; }
        public Builder maxBadFraction(double v) { maxBadFraction = v; return this; }
        public Builder maxPixels(long v) { maxPixels = v; return this; }
        public Builder clipBoxes(boolean v) { clipBoxes = v; return this; }
        public Builder clipMinInside(double v) { clipMinInside = v; return this; }
        public Builder defaultSplit(String v) { defaultSplit = v; return this; }
        public Builder partitions(int v) { partitions = v; return this; }
        public Builder datasetName(String v) { datasetName = v; return this; }
        public Builder classes(List<String> v) { classes = v; return this; }
        public Builder cocoImages(String v) { cocoImages = v; return this; }
        /** The {@code split} setting, parsed and checked here ({@link SplitFractions#parse}). */
        public Builder split(String v) { split = SplitFractions.parse(v); return this; }
        public Builder splitSeed(long v) { splitSeed = v; return this; }

        public IngestConf build() {
            return new IngestConf(input, layout, output, overwrite, maxBadFraction, maxPixels, clipBoxes,
                    clipMinInside, defaultSplit, partitions, datasetName, classes, cocoImages, split, splitSeed);
        }
    }
}
