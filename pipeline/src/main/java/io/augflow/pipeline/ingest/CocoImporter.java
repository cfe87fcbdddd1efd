package io.augflow.pipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
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
 * COCO detection JSON ({@code images}, {@code annotations} with {@code bbox = [x, y, w, h]} in pixels,
 * {@code categories}). Category ids, sorted, become dense class ids 0..n-1 with their names kept. Image files are
 * looked up under {@code coco-images} (default: the JSON's folder) by {@code file_name}.
 *
 * <p>The JSON is parsed on the driver (it is metadata; a very large one needs driver memory, about 10x its size);
 * the image files are read on the executors and joined on their path. An entry whose file is missing is
 * MISSING_FILE; one with an annotation of an unknown category UNKNOWN_LABEL; a malformed bbox BAD_BOX. An
 * annotation's {@code iscrowd} (0 when absent) becomes {@link io.augflow.augment.Box#crowd}; a value other than
 * 0 or 1 (or false / true) is BAD_BOX. Ids are
 * {@code file_name} without extension, the source is the image file; {@code ordinal} is the position in
 * {@code images}, so two entries for one file are told apart (and one is DUPLICATE_ID).
 */
public final class CocoImporter implements Importer, FileSetImporter {
    private static final Logger LOG = LoggerFactory.getLogger(CocoImporter.class);
    private static final StructType FILES = new StructType().add("file", DataTypes.StringType)
            .add("bytes", DataTypes.BinaryType);

    @Override
    public ImportedCandidates load(SparkSession spark, IngestConf conf) {
        String json = annotationFile(spark, conf.input());
        String imagesDir = conf.cocoImages().isEmpty() ? new Path(json).getParent().toString() : conf.cocoImages();
        JsonNode root = parse(spark, json);
        Parsed parsed = parse(root, json, conf.unsplitRows());
        LOG.info("coco {}: {} images, {} classes, images under {}", json, parsed.candidates.size(),
                parsed.classes.size(), imagesDir);

        List<Row> metadata = new ArrayList<>();
        for (Candidate c : parsed.candidates) {
            metadata.add(c.toRow());
        }
        Dataset<Row> entries = spark.createDataFrame(metadata, Candidate.SCHEMA);
        String imagesRoot = InputFiles.pathPart(imagesDir);
        MapFunction<Row, Row> relative = r -> RowFactory.create(
                InputFiles.relative(imagesRoot, r.getString(0)), r.get(1));
        Dataset<Row> files = InputFiles.binaryFiles(spark, imagesDir, conf.partitions()).map(relative, Encoders.row(FILES));
        Dataset<Row> joined = entries.withColumn("file", entries.col("source"))
                .join(files.withColumnRenamed("file", "found"),
                        org.apache.spark.sql.functions.col("file").equalTo(org.apache.spark.sql.functions.col("found")),
                        "left");
        MapFunction<Row, Row> attach = r -> {
            Candidate c = Candidate.fromRow(r);
            boolean found = !r.isNullAt(r.fieldIndex("found"));
            return located(c, json, imagesDir, found ? (byte[]) r.get(r.fieldIndex("bytes")) : null).toRow();
        };
        return new ImportedCandidates(joined.map(attach, Encoders.row(Candidate.SCHEMA)), parsed.classes,
                IngestLayout.COCO);
    }

    /** A parsed entry (its source the {@code file_name}) with its image attached: {@link #placed} then {@link #attached}. */
    static Candidate located(Candidate c, String json, String imagesDir, byte[] bytes) {
        return attached(placed(c, json, imagesDir), bytes);
    }

    /**
     * A parsed entry with its source made the image's path under {@code imagesDir}; entries without a file name
     * (source {@code json#images[i]}) keep theirs.
     */
    static Candidate placed(Candidate c, String json, String imagesDir) {
        boolean hasFile = !c.source().startsWith(json + "#");
        String source = hasFile ? imagesDir + "/" + c.source() : c.source();
        return new Candidate(c.id(), source, c.split(), c.splitSource(), c.label(), c.boxes(), c.units(), null,
                c.ordinal(), c.presetReason(), c.presetDetail());
    }

    /**
     * A placed entry with its image bytes; MISSING_FILE when there are none (no such file, or it was gone by the time
     * it was read). An entry already rejected passes as it is.
     */
    static Candidate attached(Candidate placed, byte[] bytes) {
        if (placed.presetReason() != null) {
            return placed;
        }
        if (bytes == null) {
            return Candidate.rejected(placed.id(), placed.source(), placed.rowSplit(), QuarantineReason.MISSING_FILE,
                    "no file " + placed.source());
        }
        return placed.withImage(bytes);
    }

    /** Arrival files are annotation JSONs anywhere under the landing folder; the images they name land first. */
    @Override
    public String arrivalFolder(IngestConf conf) {
        return conf.input();
    }

    @Override
    public String arrivalGlob() {
        return "*.json";
    }

    /** The {@code classes} option, else the categories (by id) of the first of these JSONs that parses. */
    @Override
    public List<String> classNames(SparkSession spark, IngestConf conf, List<String> arrivals) {
        if (!conf.classes().isEmpty()) {
            return conf.classes();
        }
        List<String> problems = new ArrayList<>();
        for (String json : arrivals.stream().sorted().toList()) {
            try {
                return parse(parse(spark, json), json, conf.unsplitRows()).classes;
            } catch (RuntimeException e) {
                problems.add(json + ": " + e.getMessage());
            }
        }
        throw new DataException("no readable COCO JSON among " + arrivals + " to take the new dataset's "
                + "classes from (" + String.join("; ", problems) + "); set the classes option");
    }

    /**
     * The entries of these JSONs (parsed on the driver, in path order), their images read on the executors. Each
     * JSON's images are looked up under {@code coco-images}, else its own folder, as in {@link #load}. Categories are
     * matched to the dataset's classes by name, so JSONs may number them differently; a box of a category the dataset
     * does not have makes its entry UNKNOWN_LABEL. A JSON that cannot be read is one UNDECODABLE row (id: its path
     * under the landing folder) rather than a failed batch, which would fail again on every rerun.
     */
    @Override
    public FileSetCandidates loadFiles(SparkSession spark, IngestConf conf, List<String> arrivals,
            List<String> classes) {
        Map<String, Integer> classIds = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            classIds.put(classes.get(i), i);
        }
        String root = InputFiles.pathPart(conf.input());
        List<Row> entries = new ArrayList<>();
        for (String json : arrivals.stream().sorted().toList()) {
            Parsed parsed;
            try {
                parsed = parse(parse(spark, json), json, conf.unsplitRows());
            } catch (RuntimeException e) { // not JSON, not COCO, or a shape the parser did not expect
                String id = InputFiles.relative(root, json);
                entries.add(Candidate.rejected(id, json, conf.unsplitRows().of(id), QuarantineReason.UNDECODABLE,
                        "cannot read COCO JSON: " + e.getMessage()).toRow());
                continue;
            }
            String imagesDir = conf.cocoImages().isEmpty() ? new Path(json).getParent().toString() : conf.cocoImages();
            for (Candidate c : parsed.candidates) {
                entries.add(placed(toClasses(c, parsed.classes, classIds, json), json, imagesDir).toRow());
            }
        }
        SerializableConfiguration hadoop = new SerializableConfiguration(InputFiles.hadoop(spark));
        MapPartitionsFunction<Row, Row> attach = rows -> LazyRows.map(rows, r -> {
            Candidate c = Candidate.fromRow(r);
            return c.presetReason() != null ? r : attached(c, InputFiles.readIfExists(c.source(), hadoop.value())).toRow();
        });
        Dataset<Row> candidates = spark.createDataFrame(entries, Candidate.SCHEMA)
                .mapPartitions(attach, Encoders.row(Candidate.SCHEMA));
        return new FileSetCandidates(new ImportedCandidates(candidates, classes, IngestLayout.COCO), entries.size());
    }

    /**
     * An entry with its box classes renumbered from the JSON's own dense ids ({@code jsonClasses}, by name) to the
     * dataset's; UNKNOWN_LABEL when a box's category name is not a dataset class.
     */
    static Candidate toClasses(Candidate c, List<String> jsonClasses, Map<String, Integer> classIds, String json) {
        if (c.presetReason() != null) {
            return c;
        }
        List<RawBox> boxes = new ArrayList<>(c.boxes().size());
        for (RawBox b : c.boxes()) {
            String name = jsonClasses.get(b.classId());
            Integer id = classIds.get(name);
            if (id == null) {
                return Candidate.rejected(c.id(), c.source(), c.rowSplit(), QuarantineReason.UNKNOWN_LABEL, "category '"
                        + name + "' in " + json + " is not one of the dataset's classes "
                        + new java.util.TreeSet<>(classIds.keySet()));
            }
            boxes.add(b.withClass(id));
        }
        return Candidate.of(c.id(), c.source(), c.rowSplit(), c.label(), boxes, c.units(), null, c.ordinal());
    }

    /** COCO {@code iscrowd}: false when absent, 0 / 1 or false / true; empty for anything else. */
    static Optional<Boolean> crowd(JsonNode iscrowd) {
        if (iscrowd.isMissingNode() || iscrowd.isNull()) {
            return Optional.of(false);
        }
        if (iscrowd.isBoolean()) {
            return Optional.of(iscrowd.booleanValue());
        }
        if (iscrowd.isIntegralNumber() && (iscrowd.asLong() == 0 || iscrowd.asLong() == 1)) {
            return Optional.of(iscrowd.asLong() == 1);
        }
        return Optional.empty();
    }

    /** The JSON itself, or the single {@code *.json} in the folder (or its {@code annotations/}). */
    static String annotationFile(SparkSession spark, String input) {
        if (!InputFiles.isDirectory(spark, input)) {
            return input;
        }
        for (String dir : List.of(input, input + "/annotations")) {
            if (!InputFiles.exists(spark, dir)) {
                continue;
            }
            List<String> jsons = InputFiles.children(spark, dir).stream().filter(FileStatus::isFile)
                    .map(s -> s.getPath().getName()).filter(n -> n.endsWith(".json")).toList();
            if (jsons.size() == 1) {
                return dir + "/" + jsons.get(0);
            }
            if (jsons.size() > 1) {
                throw new DataException("coco input " + dir + " has several JSON files " + jsons
                        + "; pass the one to import as the input");
            }
        }
        throw new DataException("coco input " + input + " has no *.json annotation file");
    }

    private static JsonNode parse(SparkSession spark, String json) {
        try (InputStream in = InputFiles.fs(spark, json).open(new Path(json))) {
            return new ObjectMapper().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DataException(json + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read COCO JSON " + json, e);
        }
    }

    /** Candidates carry the file_name as their source until the files are joined. */
    private record Parsed(List<String> classes, List<Candidate> candidates) {}

    /** @param unsplit the split of each entry (COCO JSON names none) */
    static Parsed parse(JsonNode root, String json, SplitAssigner unsplit) {
        for (String key : List.of("images", "annotations", "categories")) {
            if (!root.path(key).isArray()) {
                throw new DataException(json + " is not COCO JSON: no '" + key + "' array");
            }
        }
        TreeMap<Long, String> categories = new TreeMap<>();
        for (JsonNode c : root.get("categories")) {
            categories.put(c.path("id").asLong(), c.path("name").asText(String.valueOf(c.path("id").asLong())));
        }
        Map<Long, Integer> dense = new HashMap<>();
        List<String> classes = new ArrayList<>();
        for (Map.Entry<Long, String> e : categories.entrySet()) {
            dense.put(e.getKey(), classes.size());
            classes.add(e.getValue());
        }
        Map<Long, List<RawBox>> boxes = new HashMap<>();
        Map<Long, String> problems = new HashMap<>();
        Map<Long, QuarantineReason> reasons = new HashMap<>();
        int orphans = 0;
        for (JsonNode a : root.get("annotations")) {
            long imageId = a.path("image_id").asLong();
            long category = a.path("category_id").asLong();
            JsonNode bbox = a.path("bbox");
            if (!dense.containsKey(category)) {
                reasons.putIfAbsent(imageId, QuarantineReason.UNKNOWN_LABEL);
                problems.putIfAbsent(imageId, "annotation " + a.path("id").asText() + " has category_id " + category
                        + ", not among the categories " + categories.keySet());
            } else if (!bbox.isArray() || bbox.size() != 4 || !allNumbers(bbox)) {
                reasons.putIfAbsent(imageId, QuarantineReason.BAD_BOX);
                problems.putIfAbsent(imageId, "annotation " + a.path("id").asText() + " has bbox " + bbox
                        + ", expected [x, y, w, h]");
            } else if (crowd(a.path("iscrowd")).isEmpty()) {
                reasons.putIfAbsent(imageId, QuarantineReason.BAD_BOX);
                problems.putIfAbsent(imageId, "annotation " + a.path("id").asText() + " has iscrowd "
                        + a.path("iscrowd") + ", expected 0 or 1");
            } else {
                boxes.computeIfAbsent(imageId, k -> new ArrayList<>()).add(new RawBox(dense.get(category),
                        bbox.get(0).asDouble(), bbox.get(1).asDouble(), bbox.get(2).asDouble(), bbox.get(3).asDouble(),
                        crowd(a.path("iscrowd")).orElseThrow()));
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        java.util.Set<Long> imageIds = new java.util.HashSet<>();
        int ordinal = 0;
        for (JsonNode image : root.get("images")) {
            long id = image.path("id").asLong();
            imageIds.add(id);
            String file = image.path("file_name").asText("");
            String rowId = InputFiles.stripExtension(file);
            if (file.isEmpty()) {
                String missingId = "coco-image-" + id;
                candidates.add(Candidate.rejected(missingId, json + "#images[" + ordinal + "]",
                        unsplit.of(missingId), QuarantineReason.MISSING_FILE, "image " + id + " has no file_name"));
            } else if (reasons.containsKey(id)) {
                RowSplit split = unsplit.of(rowId);
                candidates.add(new Candidate(rowId, file, split.name(), split.source(), null, List.of(),
                        RawBox.Units.PIXELS_XYWH, null, ordinal, reasons.get(id), problems.get(id)));
            } else {
                candidates.add(Candidate.of(rowId, file, unsplit.of(rowId), null, boxes.getOrDefault(id, List.of()),
                        RawBox.Units.PIXELS_XYWH, null, ordinal));
            }
            ordinal++;
        }
        for (Long imageId : boxes.keySet()) {
            if (!imageIds.contains(imageId)) {
                orphans++;
            }
        }
        if (orphans > 0) {
            LOG.warn("coco {}: annotations refer to {} image ids that are not in 'images'; they have no row", json, orphans);
        }
        return new Parsed(classes, candidates);
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isNumber()) {
                return false;
            }
        }
        return true;
    }
}
