package io.augflow.pipeline.donor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.OpenCv;
import io.augflow.augment.copypaste.DonorBank;
import io.augflow.augment.random.RandomStreams;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.plan.RankOrder;
import io.augflow.pipeline.stats.ImageClasses;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Builds the copy-paste donor bank from a dataset, on the executors.
 *
 * <p>A donor is a box with area below {@code small-area} that is not a crowd region (a crowd box frames many
 * instances and background, pasted it would teach a false object), cropped with its box rounded outwards to whole
 * pixels and clipped to the image: {@code [floor(x), ceil(x + w)) x [floor(y), ceil(y + h))}. Each class
 * keeps at most {@code max-per-class} donors: those that rank first by a hash of (seed, row id, object
 * index), so the bank is the same on every run and does not depend on partitioning.
 *
 * <p>The selection works on a narrow projection (no image bytes move): a window per class finds the last
 * kept candidate, one boundary row per class reaches the driver, and a {@code flatMap} then decodes only
 * the images that hold a kept donor. {@link #toDonorBank} collects the donors to the driver for broadcast;
 * that is bounded by {@code max-per-class} times the number of classes small patches (200 classes * 200
 * donors of at most 32x32x3 bytes is about 120 MB raw in the worst case, usually far less as PNG).
 */
public final class DonorBankBuilder implements Serializable {
    public static final String SOURCE_ID = "sourceId";
    public static final String CLASS_ID = "classId";
    public static final String OBJECT_INDEX = "objectIndex";
    public static final String PNG = "png";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";

    /** One donor: where it came from (row id, index in the row's objects), its class and its pixels as PNG. */
    public static final StructType DONOR_SCHEMA = new StructType()
            .add(SOURCE_ID, DataTypes.StringType, false)
            .add(CLASS_ID, DataTypes.IntegerType, false)
            .add(OBJECT_INDEX, DataTypes.IntegerType, false)
            .add(PNG, DataTypes.BinaryType, false)
            .add(WIDTH, DataTypes.IntegerType, false)
            .add(HEIGHT, DataTypes.IntegerType, false);

    private static final long DONOR_SALT = 0x444F4E4F52000001L;
    private static final String KEY = "key";
    private static final String RANK = "rank";
    private static final StructType CANDIDATES = new StructType()
            .add(CLASS_ID, DataTypes.IntegerType, false)
            .add(KEY, DataTypes.LongType, false)
            .add(SOURCE_ID, DataTypes.StringType, false)
            .add(OBJECT_INDEX, DataTypes.IntegerType, false);

    private final DonorConf conf;

    public DonorBankBuilder(DonorConf conf) {
        this.conf = conf;
    }

    /** The donors of {@code rows} (pass the split to draw from, usually train), at most max-per-class per class. */
    public Dataset<Row> build(Dataset<Row> rows) {
        DatasetSchema.check(rows.schema(), "donor bank input");
        Dataset<Row> candidates = rows
                .select(DatasetSchema.ID, DatasetSchema.LABEL, DatasetSchema.OBJECTS, DatasetSchema.WIDTH,
                        DatasetSchema.HEIGHT)
                .flatMap(new Candidates(this), Encoders.row(CANDIDATES));
        Map<Integer, Row> boundaries = new TreeMap<>();
        for (Row r : candidates
                .withColumn(RANK, row_number().over(
                        Window.partitionBy(CLASS_ID).orderBy(KEY, SOURCE_ID, OBJECT_INDEX)))
                .filter(col(RANK).equalTo(lit(conf.maxPerClass())))
                .collectAsList()) {
            boundaries.put(r.getInt(0), r);
        }
        List<Boundary> cut = new ArrayList<>();
        boundaries.forEach((c, r) -> cut.add(new Boundary(c, r.getLong(1), r.getString(2), r.getInt(3))));
        return rows.flatMap(new Cropper(this, cut), Encoders.row(DONOR_SCHEMA));
    }

    /** {@link #build} then {@link #toDonorBank}, bounded by max-per-class for each of {@code classCount} classes. */
    public DonorBank buildBank(Dataset<Row> rows, int classCount) {
        return buildPatches(rows, classCount).decode();
    }

    /** {@link #build} then {@link #collectPatches}: the bank as PNG patches, ready to broadcast. */
    public DonorPatches buildPatches(Dataset<Row> rows, int classCount) {
        return collectPatches(build(rows), (long) conf.maxPerClass() * Math.max(1, classCount));
    }

    /**
     * Collects at most {@code maxDonors} donors to the driver and decodes them with OpenCV, in a stable order
     * (class, source id, object index). Fails rather than collect an unbounded table.
     */
    public static DonorBank toDonorBank(Dataset<Row> donors, long maxDonors) {
        return collectPatches(donors, maxDonors).decode();
    }

    /**
     * Collects at most {@code maxDonors} donor patches (PNG bytes, not decoded) to the driver, in a stable order
     * (class, source id, object index). Fails rather than collect an unbounded table.
     */
    public static DonorPatches collectPatches(Dataset<Row> donors, long maxDonors) {
        if (maxDonors < 1 || maxDonors > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("maxDonors must be in [1, " + (Integer.MAX_VALUE - 1) + "], got "
                    + maxDonors);
        }
        List<Row> rows = new ArrayList<>(donors.limit((int) maxDonors + 1).collectAsList());
        if (rows.size() > maxDonors) {
            throw new IllegalArgumentException("the donor table has more than maxDonors = " + maxDonors
                    + " rows; build it with DonorBankBuilder, which bounds it per class");
        }
        rows.sort(Comparator.<Row>comparingInt(r -> r.getInt(1)).thenComparing(r -> r.getString(0))
                .thenComparingInt(r -> r.getInt(2)));
        List<DonorPatches.Patch> patches = new ArrayList<>(rows.size());
        for (Row r : rows) {
            patches.add(new DonorPatches.Patch(r.getString(0), r.getInt(1), r.<byte[]>getAs(PNG)));
        }
        return new DonorPatches(patches);
    }

    long rankKey(String id, int objectIndex) {
        return RandomStreams.forSample(conf.seed() ^ DONOR_SALT, 0, id, objectIndex).nextLong();
    }

    /** The crop of an object: its box rounded outwards and clipped to the image; empty when nothing is left. */
    static Rect crop(Row object, int width, int height) {
        double x = object.getFloat(1);
        double y = object.getFloat(2);
        int x0 = (int) Math.max(0, Math.floor(x));
        int y0 = (int) Math.max(0, Math.floor(y));
        int x1 = (int) Math.min(width, Math.ceil(x + object.getFloat(3)));
        int y1 = (int) Math.min(height, Math.ceil(y + object.getFloat(4)));
        return new Rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    boolean isCandidate(Row object, int width, int height) {
        return !ImageClasses.isCrowd(object) && ImageClasses.objectArea(object) < conf.smallArea()
                && !crop(object, width, height).empty();
    }

    /** The last kept candidate of a class that has more than max-per-class candidates. */
    private record Boundary(int classId, long key, String sourceId, int objectIndex) implements Serializable {
        boolean keeps(long otherKey, String otherId, int otherIndex) {
            int c = RankOrder.compare(otherKey, otherId, key, sourceId);
            return c < 0 || (c == 0 && otherIndex <= objectIndex);
        }
    }

    /** (class, rank key, row id, object index) of every small object: no image bytes. */
    private static final class Candidates implements FlatMapFunction<Row, Row> {
        private final DonorBankBuilder builder;

        Candidates(DonorBankBuilder builder) {
            this.builder = builder;
        }

        @Override
        public Iterator<Row> call(Row row) {
            String id = row.getString(0);
            int width = row.getInt(3);
            int height = row.getInt(4);
            List<Row> objects = ImageClasses.objects(row);
            List<Row> out = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                Row o = objects.get(i);
                if (builder.isCandidate(o, width, height)) {
                    out.add(RowFactory.create(ImageClasses.objectClass(o), builder.rankKey(id, i), id, i));
                }
            }
            return out.iterator();
        }
    }

    /** Decodes a row's image once if it holds a kept donor, and emits each kept donor as a PNG crop. */
    private static final class Cropper implements FlatMapFunction<Row, Row> {
        private final DonorBankBuilder builder;
        private final Map<Integer, Boundary> boundaries = new TreeMap<>();

        Cropper(DonorBankBuilder builder, List<Boundary> boundaries) {
            this.builder = builder;
            boundaries.forEach(b -> this.boundaries.put(b.classId(), b));
        }

        @Override
        public Iterator<Row> call(Row row) {
            String id = row.getString(row.fieldIndex(DatasetSchema.ID));
            int width = row.getInt(row.fieldIndex(DatasetSchema.WIDTH));
            int height = row.getInt(row.fieldIndex(DatasetSchema.HEIGHT));
            List<Row> objects = ImageClasses.objects(row);
            List<Row> out = new ArrayList<>();
            Mat image = null;
            try {
                for (int i = 0; i < objects.size(); i++) {
                    Row o = objects.get(i);
                    if (!builder.isCandidate(o, width, height) || !kept(ImageClasses.objectClass(o), id, i)) {
                        continue;
                    }
                    if (image == null) {
                        image = decode(row, id);
                    }
                    Rect rect = crop(o, Math.min(width, image.cols()), Math.min(height, image.rows()));
                    if (rect.empty()) {
                        continue;
                    }
                    Mat patch = image.submat(rect);
                    MatOfByte png = new MatOfByte();
                    try {
                        if (!Imgcodecs.imencode(".png", patch, png)) {
                            throw new InvalidSampleException(id, "object " + i + " does not encode as PNG");
                        }
                        out.add(RowFactory.create(id, ImageClasses.objectClass(o), i, png.toArray(), rect.width,
                                rect.height));
                    } finally {
                        patch.release();
                        png.release();
                    }
                }
            } finally {
                if (image != null) {
                    image.release();
                }
            }
            return out.iterator();
        }

        private boolean kept(int classId, String id, int index) {
            Boundary b = boundaries.get(classId);
            return b == null || b.keeps(builder.rankKey(id, index), id, index);
        }

        private static Mat decode(Row row, String id) {
            OpenCv.load();
            byte[] bytes = row.getAs(DatasetSchema.IMAGE);
            int channels = row.getInt(row.fieldIndex(DatasetSchema.CHANNELS));
            Mat image = Imgcodecs.imdecode(new MatOfByte(bytes),
                    channels == 1 ? Imgcodecs.IMREAD_GRAYSCALE : Imgcodecs.IMREAD_COLOR);
            if (image.empty()) {
                throw new InvalidSampleException(id, "cannot decode " + bytes.length + " image bytes (source "
                        + row.getAs(DatasetSchema.SOURCE) + ")");
            }
            return image;
        }
    }
}
