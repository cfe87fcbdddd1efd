package io.augflow.jobs.report;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.ConfigFactory;
import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.copypaste.CopyPasteTransform;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.transform.TransformConfig;
import io.augflow.jobs.report.ReportModel.SampleTile;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.stats.ImageClasses;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The default sample grid: a few dataset rows as stored, with their boxes, and for each row that holds a
 * small object the same image after small-object copy-paste from the image itself ({@code source =
 * same-image}, {@code p = 1}, other keys at their defaults), pasted boxes in another colour.
 *
 * <p>Rows are picked by a hash of (seed, id) on a narrow projection (no image bytes move): half of them,
 * rounded up, among rows with a small object, the rest among the others; only the picked rows are collected.
 */
public final class OriginalSamplesGrid implements SampleGridSource {
    public static final String ORIGINAL = "original";
    public static final String COPY_PASTE = "copy-paste";
    /** Tiles are scaled (nearest neighbour up, area down) to about this many pixels on their longer side. */
    static final int TILE_SIDE = 192;
    private static final Scalar STORED = new Scalar(176, 114, 76);
    private static final Scalar PASTED = new Scalar(82, 132, 221);
    private static final StructType KEYS = new StructType()
            .add("key", DataTypes.LongType, false)
            .add(DatasetSchema.ID, DataTypes.StringType, false)
            .add("small", DataTypes.BooleanType, false);

    @Override
    public List<SampleTile> tiles(Dataset<Row> rows, Request request) {
        if (request.count() == 0) {
            return List.of();
        }
        List<String> ids = pick(rows, request);
        Map<String, Row> byId = new LinkedHashMap<>();
        ids.forEach(id -> byId.put(id, null));
        for (Row r : rows.filter(col(DatasetSchema.ID).isin(ids.toArray())).collectAsList()) {
            String id = r.getString(r.fieldIndex(DatasetSchema.ID));
            if (byId.get(id) == null) { // a duplicated id shows one of its rows
                byId.put(id, r);
            }
        }
        OpenCv.load();
        CopyPasteTransform copyPaste = CopyPasteTransform.fromConfig(new TransformConfig(CopyPasteTransform.NAME,
                ConfigFactory.parseMap(Map.of("p", 1.0, "source", "same-image",
                        "small-area", request.smallArea()))));
        List<SampleTile> tiles = new ArrayList<>();
        for (Row row : byId.values()) {
            if (row == null) {
                continue;
            }
            Sample sample = SampleRows.decode(row);
            String classes = classes(sample, request.classNames());
            tiles.add(tile(sample, ORIGINAL, sample.id() + " · " + classes));
            if (ImageClasses.hasSmallObject(row, request.smallArea())) {
                var params = copyPaste.sample(sample, RandomStreams.forSample(request.seed(), 0, sample.id(), 0));
                Sample pasted = copyPaste.apply(sample, params);
                tiles.add(tile(pasted, COPY_PASTE, sample.id() + " · copy-paste, "
                        + params.placements().size() + " pasted"));
            }
        }
        return tiles;
    }

    /** The ids to show, in display order. */
    private static List<String> pick(Dataset<Row> rows, Request request) {
        long seed = request.seed();
        double smallArea = request.smallArea();
        Dataset<Row> keys = rows.select(DatasetSchema.ID, DatasetSchema.LABEL, DatasetSchema.OBJECTS)
                .map((MapFunction<Row, Row>) r -> RowFactory.create(
                        RandomStreams.forSample(seed, 0, r.getString(0), 0).nextLong(), r.getString(0),
                        ImageClasses.hasSmallObject(r, smallArea)), Encoders.row(KEYS));
        int withSmall = (request.count() + 1) / 2;
        List<String> ids = new ArrayList<>();
        for (Row r : keys.filter(col("small")).orderBy("key", DatasetSchema.ID).limit(withSmall).collectAsList()) {
            ids.add(r.getString(1));
        }
        int rest = request.count() - ids.size();
        for (Row r : keys.filter(col("small").equalTo(false)).orderBy("key", DatasetSchema.ID).limit(rest)
                .collectAsList()) {
            ids.add(r.getString(1));
        }
        return ids;
    }

    private static String classes(Sample sample, List<String> names) {
        if (sample.label().isPresent()) {
            return ReportModelBuilder.name(names, sample.label().getAsInt());
        }
        TreeSet<String> seen = new TreeSet<>();
        sample.boxes().forEach(b -> seen.add(ReportModelBuilder.name(names, b.classId())));
        return seen.isEmpty() ? "background" : String.join(", ", seen);
    }

    /** The sample scaled to a tile, in BGR, with its boxes drawn. */
    static SampleTile tile(Sample sample, String kind, String caption) {
        Mat image = sample.image();
        double scale = (double) TILE_SIDE / Math.max(image.cols(), image.rows());
        if (scale > 1) {
            scale = Math.floor(scale);
        }
        Mat bgr = new Mat();
        Mat scaled = new Mat();
        try {
            if (image.channels() == 1) {
                Imgproc.cvtColor(image, bgr, Imgproc.COLOR_GRAY2BGR);
            } else {
                image.copyTo(bgr);
            }
            Imgproc.resize(bgr, scaled, new Size(Math.max(1, Math.round(image.cols() * scale)),
                    Math.max(1, Math.round(image.rows() * scale))), 0, 0,
                    scale >= 1 ? Imgproc.INTER_NEAREST : Imgproc.INTER_AREA);
            int pasted = 0;
            for (Box b : sample.boxes()) {
                pasted += b.pasted() ? 1 : 0;
                Imgproc.rectangle(scaled, new Point(b.x() * scale, b.y() * scale),
                        new Point(b.x2() * scale - 1, b.y2() * scale - 1), b.pasted() ? PASTED : STORED, 2);
            }
            byte[] png = SampleRows.encodePng(scaled);
            return new SampleTile(sample.id(), kind, caption, sample.boxes().size(), pasted, scaled.cols(),
                    scaled.rows(), Base64.getEncoder().encodeToString(png));
        } finally {
            bgr.release();
            scaled.release();
        }
    }
}
