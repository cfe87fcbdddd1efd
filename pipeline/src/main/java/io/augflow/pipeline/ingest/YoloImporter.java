package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * YOLO detection folders: {@code root/images/**} with {@code root/labels/**.txt} mirroring them, one
 * {@code class cx cy w h} line per box (normalised to the image size), optionally split as
 * {@code images/train}, {@code images/val}, {@code images/test}. Class names from the {@code classes} option,
 * {@code root/classes.txt} or {@code root/data.yaml}.
 *
 * <p>Images and label files are joined on their path without extension (on the executors, a full outer join): an
 * image without a label file has no boxes (a background image), a label file without an image is quarantined as
 * MISSING_FILE, an unparsable line as BAD_BOX. Ids are the image path under {@code images/} without extension.
 */
public final class YoloImporter implements Importer, FileSetImporter {
    private static final Logger LOG = LoggerFactory.getLogger(YoloImporter.class);
    private static final StructType KEYED = new StructType().add("key", DataTypes.StringType)
            .add("path", DataTypes.StringType).add("content", DataTypes.BinaryType);

    @Override
    public ImportedCandidates load(SparkSession spark, IngestConf conf) {
        String root = conf.input();
        String imagesDir = root + "/images";
        String labelsDir = root + "/labels";
        if (!InputFiles.exists(spark, imagesDir)) {
            throw new DataException("yolo input " + root + " has no images/ folder");
        }
        List<String> classes = classNames(spark, conf, List.of());
        List<String> top = InputFiles.childDirNames(spark, imagesDir);
        boolean splitFolders = !top.isEmpty() && DatasetSchema.SPLITS.containsAll(top);
        LOG.info("yolo {}: {} classes {}{}", root, classes.size(), classes,
                splitFolders ? ", split folders " + top : ", " + ImageFolderImporter.describe(conf));

        Dataset<Row> images = keyed(spark, imagesDir, conf.partitions());
        Dataset<Row> labels = InputFiles.exists(spark, labelsDir) ? keyed(spark, labelsDir, conf.partitions())
                .filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> r.getString(1).endsWith(".txt"))
                : spark.createDataFrame(List.of(), KEYED);
        Dataset<Row> joined = images.join(labels, images.col("key").equalTo(labels.col("key")), "full_outer")
                .select(images.col("key"), images.col("path"), images.col("content"),
                        labels.col("key"), labels.col("path"), labels.col("content"));
        SplitAssigner unsplit = conf.unsplitRows();
        MapFunction<Row, Row> toCandidate = r -> candidate(r, splitFolders, unsplit).toRow();
        return new ImportedCandidates(joined.map(toCandidate, Encoders.row(Candidate.SCHEMA)), classes,
                IngestLayout.YOLO);
    }

    /** The {@code classes} option, else {@code classes.txt}, else {@code data.yaml} (or {@code data.yml}). */
    @Override
    public List<String> classNames(SparkSession spark, IngestConf conf, List<String> arrivals) {
        if (!conf.classes().isEmpty()) {
            return conf.classes();
        }
        String txt = conf.input() + "/classes.txt";
        if (InputFiles.exists(spark, txt)) {
            return YoloClassNames.fromClassesTxt(InputFiles.readText(spark, txt));
        }
        for (String yaml : List.of(conf.input() + "/data.yaml", conf.input() + "/data.yml")) {
            if (InputFiles.exists(spark, yaml)) {
                return YoloClassNames.fromDataYaml(InputFiles.readText(spark, yaml), yaml);
            }
        }
        throw new DataException("yolo input " + conf.input()
                + " has no classes.txt or data.yaml; name the classes with the 'classes' option");
    }

    /** Arrival files are the images; a label file is read when its image is processed. */
    @Override
    public String arrivalFolder(IngestConf conf) {
        return conf.input() + "/images";
    }

    /**
     * One row per image file; its label file ({@code labels/<path under images/ without extension>.txt}) is read
     * on the executor at that moment: present, its boxes; absent, a background image (as in {@link #load}). A label
     * file that lands after its image has been processed is never read, so labels must land first (or together, in
     * one folder move). Label files without an image are not watched, so unlike {@link #load} they are not
     * quarantined. A first folder under {@code images/} named train/val/test is the split.
     */
    @Override
    public FileSetCandidates loadFiles(SparkSession spark, IngestConf conf, List<String> arrivals,
            List<String> classes) {
        String imagesRoot = InputFiles.pathPart(arrivalFolder(conf));
        String labelsRoot = conf.input() + "/labels";
        SplitAssigner unsplit = conf.unsplitRows();
        SerializableConfiguration hadoop = new SerializableConfiguration(InputFiles.hadoop(spark));
        MapPartitionsFunction<Row, Row> toCandidates = files -> LazyRows.map(files, f -> {
            String key = InputFiles.stripExtension(InputFiles.relative(imagesRoot, f.getString(0)));
            String labelPath = labelsRoot + "/" + key + ".txt";
            byte[] label = InputFiles.readIfExists(labelPath, hadoop.value());
            return candidate(key, f.getString(0), (byte[]) f.get(1), label == null ? null : labelPath, label, true,
                    unsplit).toRow();
        });
        Dataset<Row> candidates = InputFiles.readFiles(spark, arrivals, InputFiles.totalBytes(spark, arrivals),
                conf.partitions()).mapPartitions(toCandidates, Encoders.row(Candidate.SCHEMA));
        return new FileSetCandidates(new ImportedCandidates(candidates, classes, IngestLayout.YOLO), arrivals.size());
    }

    /** (key, path, content) rows of every file under {@code dir}, keyed by path under dir without extension. */
    private static Dataset<Row> keyed(SparkSession spark, String dir, int partitions) {
        String root = InputFiles.pathPart(dir);
        MapPartitionsFunction<Row, Row> key = files -> LazyRows.map(files, f -> RowFactory.create(
                InputFiles.stripExtension(InputFiles.relative(root, f.getString(0))), f.getString(0), f.get(1)));
        return InputFiles.binaryFiles(spark, dir, partitions).mapPartitions(key, Encoders.row(KEYED));
    }

    /** A row of the images-labels full outer join: (key, path, content) of each side, either side null. */
    static Candidate candidate(Row r, boolean splitFolders, SplitAssigner unsplit) {
        String key = r.isNullAt(0) ? r.getString(3) : r.getString(0);
        if (r.isNullAt(0)) {
            return Candidate.rejected(key, r.getString(4), split(key, splitFolders, unsplit),
                    QuarantineReason.MISSING_FILE, "label file has no image with the same name under images/");
        }
        return candidate(key, r.getString(1), (byte[]) r.get(2), r.isNullAt(3) ? null : r.getString(4),
                r.isNullAt(3) ? null : (byte[]) r.get(5), splitFolders, unsplit);
    }

    /** The first folder under images/ when it is a split name (and split folders are in use), else drawn. */
    private static RowSplit split(String key, boolean splitFolders, SplitAssigner unsplit) {
        String first = splitFolders && key.contains("/") ? key.substring(0, key.indexOf('/')) : null;
        return first != null && DatasetSchema.SPLITS.contains(first) ? RowSplit.fromLayout(first) : unsplit.of(key);
    }

    /**
     * The row of one image and its label file.
     *
     * @param image the image's bytes, null when the file was gone by the time it was read (MISSING_FILE)
     * @param label the label file's bytes, null when the image has none (a background image, no boxes)
     */
    static Candidate candidate(String key, String imagePath, byte[] image, String labelPath, byte[] label,
            boolean splitFolders, SplitAssigner unsplit) {
        RowSplit split = split(key, splitFolders, unsplit);
        if (image == null) {
            return Candidate.rejected(key, imagePath, split, QuarantineReason.MISSING_FILE,
                    "the file was gone by the time it was read");
        }
        List<RawBox> boxes = new ArrayList<>();
        if (label != null) {
            List<String> lines = new String(label, StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty()) {
                    continue;
                }
                String[] t = line.split("\\s+");
                try {
                    if (t.length != 5) {
                        throw new NumberFormatException("expected 5 values, got " + t.length);
                    }
                    boxes.add(new RawBox(Integer.parseInt(t[0]), Double.parseDouble(t[1]), Double.parseDouble(t[2]),
                            Double.parseDouble(t[3]), Double.parseDouble(t[4])));
                } catch (NumberFormatException e) {
                    return Candidate.rejected(key, imagePath, split, QuarantineReason.BAD_BOX, labelPath + " line "
                            + (i + 1) + ": expected 'class cx cy w h', got '" + line + "' (" + e.getMessage() + ")");
                }
            }
        }
        return Candidate.of(key, imagePath, split, null, boxes, RawBox.Units.NORMALISED_CXCYWH, image, 0);
    }
}
