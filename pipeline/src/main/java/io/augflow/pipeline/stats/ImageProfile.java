package io.augflow.pipeline.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the images of one split look like, as far as choosing the network's input is concerned: their sizes and
 * channels, how many carry boxes, and how many are background (neither an image label nor a box). Read from the
 * small columns only (never the image bytes), in one Spark aggregation per dataset; only one row per distinct
 * (split, width, height, channels) reaches the driver.
 *
 * @param images rows of the split
 * @param distinctSizes distinct width x height pairs
 * @param commonSizes the most frequent sizes, most frequent first (at most {@link #COMMON_SIZES})
 * @param medianWidth the median width (the lower median for an even count), 0 without images
 * @param medianHeight the median height, likewise
 * @param colourImages rows stored with 3 channels (the others are grey)
 * @param imagesWithBoxes rows with at least one box
 * @param backgroundImages rows with neither a label nor a box
 */
public record ImageProfile(
        @JsonProperty("images") long images,
        @JsonProperty("distinctSizes") long distinctSizes,
        @JsonProperty("commonSizes") List<SizeCount> commonSizes,
        @JsonProperty("medianWidth") int medianWidth,
        @JsonProperty("medianHeight") int medianHeight,
        @JsonProperty("colourImages") long colourImages,
        @JsonProperty("imagesWithBoxes") long imagesWithBoxes,
        @JsonProperty("backgroundImages") long backgroundImages) implements java.io.Serializable {

    /** How many sizes {@link #commonSizes} lists. */
    public static final int COMMON_SIZES = 12;
    public static final ImageProfile EMPTY = new ImageProfile(0, 0, List.of(), 0, 0, 0, 0, 0);

    /** One image size and how many rows have it. */
    public record SizeCount(@JsonProperty("width") int width, @JsonProperty("height") int height,
            @JsonProperty("images") long images) implements java.io.Serializable {}

    public ImageProfile {
        commonSizes = List.copyOf(commonSizes);
    }

    /** True when every image has the same width and height. */
    public boolean oneSize() {
        return distinctSizes == 1;
    }

    /** The profile of every split present in {@code rows} ({@link DatasetSchema} rows), by split name. */
    public static Map<String, ImageProfile> bySplit(Dataset<Row> rows) {
        Column hasBoxes = col(DatasetSchema.OBJECTS).isNotNull().and(size(col(DatasetSchema.OBJECTS)).gt(0));
        Column background = col(DatasetSchema.LABEL).isNull().and(hasBoxes.equalTo(false));
        List<Row> groups = rows
                .groupBy(DatasetSchema.SPLIT, DatasetSchema.WIDTH, DatasetSchema.HEIGHT, DatasetSchema.CHANNELS)
                .agg(count(lit(1)), sum(when(hasBoxes, 1).otherwise(0)), sum(when(background, 1).otherwise(0)))
                .collectAsList();
        Map<String, List<Group>> bySplit = new TreeMap<>();
        for (Row r : groups) {
            bySplit.computeIfAbsent(r.getString(0), s -> new ArrayList<>())
                    .add(new Group(r.getInt(1), r.getInt(2), r.getInt(3), r.getLong(4), r.getLong(5), r.getLong(6)));
        }
        Map<String, ImageProfile> out = new LinkedHashMap<>();
        bySplit.forEach((split, list) -> out.put(split, of(list)));
        return out;
    }

    /** One (width, height, channels) group of a split: what the aggregation returns. */
    record Group(int width, int height, int channels, long images, long withBoxes, long background) {}

    static ImageProfile of(List<Group> groups) {
        Map<List<Integer>, Long> sizes = new LinkedHashMap<>();
        long images = 0;
        long colour = 0;
        long withBoxes = 0;
        long background = 0;
        for (Group g : groups) {
            sizes.merge(List.of(g.width(), g.height()), g.images(), Long::sum);
            images += g.images();
            colour += g.channels() == 3 ? g.images() : 0;
            withBoxes += g.withBoxes();
            background += g.background();
        }
        List<SizeCount> common = sizes.entrySet().stream()
                .map(e -> new SizeCount(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                .sorted(Comparator.comparingLong(SizeCount::images).reversed()
                        .thenComparingInt(SizeCount::width).thenComparingInt(SizeCount::height))
                .limit(COMMON_SIZES).toList();
        return new ImageProfile(images, sizes.size(), common, median(groups, Group::width, images),
                median(groups, Group::height, images), colour, withBoxes, background);
    }

    /** The lower median of one side over all rows, from the grouped counts. */
    private static int median(List<Group> groups, java.util.function.ToIntFunction<Group> side, long images) {
        if (images == 0) {
            return 0;
        }
        TreeMap<Integer, Long> counts = new TreeMap<>();
        groups.forEach(g -> counts.merge(side.applyAsInt(g), g.images(), Long::sum));
        long wanted = (images + 1) / 2; // the ceil(n/2)-th smallest value
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= wanted) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("unreachable: counts sum to " + seen + " < " + wanted);
    }
}
