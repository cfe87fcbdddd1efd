package io.augflow.pipeline.ingest;

import io.augflow.pipeline.dataset.DatasetSchema;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Everything one ingest run needs, checked on the driver when built. Only this record (not the session or a Hadoop
 * configuration) is shipped to the executors.
 *
 * <p>Keys ({@code fromMap}) and defaults:
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
    /** Keys of the {@code ingest.incremental} block, read by {@code IncrementalIngestConf}, start with this. */
    public static final String INCREMENTAL_PREFIX = "incremental.";

    public static final double DEFAULT_MAX_BAD_FRACTION = 0.05;
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    public static final double DEFAULT_CLIP_MIN_INSIDE = 0.5;
    public static final long DEFAULT_SPLIT_SEED = 42;

    public IngestConf {
        require(input != null && !input.isBlank(), INPUT + " must be set");
        require(output != null && !output.isBlank(), OUTPUT + " must be set");
        require(layout != null, LAYOUT + " must be set");
        require(!new Path(input).equals(new Path(output)), OUTPUT + " must differ from input, both are " + input);
        require(maxBadFraction >= 0 && maxBadFraction <= 1,
                MAX_BAD_FRACTION + " must be in [0, 1], got " + maxBadFraction);
        require(maxPixels > 0, MAX_PIXELS + " must be > 0, got " + maxPixels);
        require(clipMinInside >= 0 && clipMinInside <= 1, CLIP_MIN_INSIDE + " must be in [0, 1], got " + clipMinInside);
        require(DatasetSchema.SPLITS.contains(defaultSplit),
                DEFAULT_SPLIT + " must be one of " + DatasetSchema.SPLITS + ", got '" + defaultSplit + "'");
        require(partitions >= 0, PARTITIONS + " must be >= 0, got " + partitions);
        classes = List.copyOf(classes);
        require(classes.stream().noneMatch(String::isBlank), CLASSES + " must not contain blank names, got " + classes);
        require(classes.stream().distinct().count() == classes.size(), CLASSES + " must not repeat a name, got " + classes);
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
     * Builds from string keys (see the class comment); unknown keys are refused so typos do not pass silently. Keys
     * of the {@code incremental} sub-block are left to {@code IncrementalIngestConf}.
     */
    public static IngestConf fromMap(Map<String, String> values) {
        List<String> known = List.of(INPUT, LAYOUT, OUTPUT, OVERWRITE, MAX_BAD_FRACTION, MAX_PIXELS, CLIP_BOXES,
                CLIP_MIN_INSIDE, DEFAULT_SPLIT, PARTITIONS, NAME, CLASSES, COCO_IMAGES, SPLIT, SPLIT_SEED);
        for (String key : values.keySet()) {
            require(known.contains(key) || key.startsWith(INCREMENTAL_PREFIX),
                    "unknown ingest key '" + key + "', expected one of " + known);
        }
        Builder b = builder(values.get(INPUT), values.get(OUTPUT));
        if (values.containsKey(LAYOUT)) {
            b.layout(IngestLayout.parse(values.get(LAYOUT)));
        }
        if (values.containsKey(OVERWRITE)) {
            b.overwrite(parseBoolean(OVERWRITE, values.get(OVERWRITE)));
        }
        if (values.containsKey(MAX_BAD_FRACTION)) {
            b.maxBadFraction(parseDouble(MAX_BAD_FRACTION, values.get(MAX_BAD_FRACTION)));
        }
        if (values.containsKey(MAX_PIXELS)) {
            b.maxPixels((long) parseDouble(MAX_PIXELS, values.get(MAX_PIXELS)));
        }
        if (values.containsKey(CLIP_BOXES)) {
            b.clipBoxes(parseBoolean(CLIP_BOXES, values.get(CLIP_BOXES)));
        }
        if (values.containsKey(CLIP_MIN_INSIDE)) {
            b.clipMinInside(parseDouble(CLIP_MIN_INSIDE, values.get(CLIP_MIN_INSIDE)));
        }
        if (values.containsKey(DEFAULT_SPLIT)) {
            b.defaultSplit(values.get(DEFAULT_SPLIT));
        }
        if (values.containsKey(PARTITIONS)) {
            b.partitions((int) parseDouble(PARTITIONS, values.get(PARTITIONS)));
        }
        if (values.containsKey(NAME)) {
            b.datasetName(values.get(NAME));
        }
        if (values.containsKey(CLASSES) && !values.get(CLASSES).isBlank()) {
            b.classes(Arrays.stream(values.get(CLASSES).split(",")).map(String::trim).toList());
        }
        if (values.containsKey(COCO_IMAGES)) {
            b.cocoImages(values.get(COCO_IMAGES));
        }
        if (values.containsKey(SPLIT)) {
            b.split(values.get(SPLIT));
        }
        if (values.containsKey(SPLIT_SEED)) {
            b.splitSeed(parseLong(SPLIT_SEED, values.get(SPLIT_SEED)));
        }
        return b.build();
    }

    private static boolean parseBoolean(String key, String value) {
        require(value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"),
                key + " must be true or false, got '" + value + "'");
        return Boolean.parseBoolean(value);
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'");
        }
    }

    private static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
        }
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
