package io.augflow.train.detect.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a COCO instances file and a results file (any, not only augflow's) into what {@link CocoEvaluator} scores,
 * so that the figures equal pycocotools' on the same pair.
 *
 * <p>Images are kept in ascending COCO id order (pycocotools' order), identified by their {@code file_name}; classes
 * are the listed categories in ascending id order; annotations keep the file's order. Only the fields pycocotools
 * uses for boxes are read: {@code bbox}, {@code area} (the size bucket, which need not be {@code w * h}),
 * {@code iscrowd} and, in results, {@code score}; {@code ignore} and {@code segmentation} are not used.
 *
 * <p>Refused with a {@link DataException} naming the file and the entry, where pycocotools would fail or quietly
 * count something other than what the file says: a missing field, a non-integer id, two images or categories with
 * the same id, two images with the same {@code file_name}, annotation id 0 or a repeated annotation id (pycocotools
 * counts a match to either wrongly), an annotation on an image or of a category that is not listed, a result on an
 * image that is not listed. A result of a category the instances file does not list is dropped, as pycocotools
 * drops it.
 */
public final class CocoJsonReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CocoJsonReader() {}

    public static CocoGroundTruthFile readGroundTruth(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readGroundTruth(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read COCO instances file " + file, e);
        }
    }

    public static List<Detection> readDetections(Path file, CocoGroundTruthFile groundTruth) {
        try (InputStream in = Files.newInputStream(file)) {
            return readDetections(in, file.toString(), groundTruth);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read COCO results file " + file, e);
        }
    }

    /** Reads an instances file; {@code source} names it in error messages. */
    public static CocoGroundTruthFile readGroundTruth(InputStream in, String source) throws IOException {
        JsonNode root = parse(in, source);
        if (!root.isObject()) {
            throw new DataException(source + ": a COCO instances file is a JSON object, found " + root.getNodeType());
        }
        Entries images = new Entries(source, "images", root);
        Entries categories = new Entries(source, "categories", root);
        Entries annotations = new Entries(source, "annotations", root);

        TreeMap<Long, CocoImage> imagesById = new TreeMap<>();
        Map<String, Long> idByName = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            long id = images.id(i, "id");
            String name = images.text(i, "file_name");
            CocoImage image = new CocoImage(name, images.optionalInt(i, "width"), images.optionalInt(i, "height"));
            if (imagesById.put(id, image) != null) {
                throw images.error(i, "image id " + id + " is listed twice");
            }
            Long other = idByName.put(name, id);
            if (other != null) {
                throw images.error(i, "file_name '" + name + "' is also image " + other + "'s; augflow identifies"
                        + " images by file_name, which must be unique");
            }
        }
        TreeMap<Long, String> namesById = new TreeMap<>();
        for (int i = 0; i < categories.size(); i++) {
            long id = categories.id(i, "id");
            if (namesById.put(id, categories.text(i, "name")) != null) {
                throw categories.error(i, "category id " + id + " is listed twice");
            }
        }
        Map<Long, String> imageIds = new HashMap<>();
        imagesById.forEach((id, image) -> imageIds.put(id, image.id()));
        Map<Long, Integer> classIds = new HashMap<>();
        namesById.keySet().forEach(id -> classIds.put(id, classIds.size()));

        List<GroundTruthBox> boxes = new ArrayList<>(annotations.size());
        Set<Long> annotationIds = new HashSet<>();
        for (int i = 0; i < annotations.size(); i++) {
            long id = annotations.id(i, "id");
            if (id == 0 || !annotationIds.add(id)) {
                throw annotations.error(i, "annotation id " + id + (id == 0 ? " is 0" : " is repeated")
                        + "; pycocotools treats a match to such an annotation wrongly, so ids must be unique and"
                        + " non-zero");
            }
            String image = imageIds.get(annotations.id(i, "image_id"));
            if (image == null) {
                throw annotations.error(i, "image_id " + annotations.id(i, "image_id") + " is not in 'images'");
            }
            Integer classId = classIds.get(annotations.id(i, "category_id"));
            if (classId == null) {
                throw annotations.error(i, "category_id " + annotations.id(i, "category_id")
                        + " is not in 'categories' " + namesById.keySet());
            }
            double[] box = annotations.bbox(i);
            boolean crowd = annotations.flag(i, "iscrowd");
            double area = annotations.number(i, "area");
            boxes.add(annotations.build(i, () -> new GroundTruthBox(image, classId, box[0], box[1], box[2], box[3],
                    area, crowd)));
        }
        CocoGroundTruth groundTruth = new CocoGroundTruth(new ArrayList<>(imagesById.values()),
                new ArrayList<>(namesById.values()), boxes);
        return new CocoGroundTruthFile(groundTruth, imageIds, classIds);
    }

    /** Reads a results file against the instances file it answers; {@code source} names it in error messages. */
    public static List<Detection> readDetections(InputStream in, String source, CocoGroundTruthFile groundTruth)
            throws IOException {
        JsonNode root = parse(in, source);
        if (!root.isArray()) {
            throw new DataException(source + ": a COCO results file is a JSON array, found " + root.getNodeType());
        }
        Entries results = new Entries(source, root);
        List<Detection> detections = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            long imageId = results.id(i, "image_id");
            String image = groundTruth.imageIds().get(imageId);
            if (image == null) {
                throw results.error(i, "image_id " + imageId + " is not in the ground truth's images (pycocotools'"
                        + " loadRes refuses such a file too)");
            }
            Integer classId = groundTruth.classIds().get(results.id(i, "category_id"));
            double[] box = results.bbox(i);
            double score = results.number(i, "score");
            if (classId != null) {
                detections.add(results.build(i, () -> new Detection(image, classId, box[0], box[1], box[2], box[3],
                        score)));
            }
        }
        return List.copyOf(detections);
    }

    private static JsonNode parse(InputStream in, String source) throws IOException {
        try {
            JsonNode root = JSON.readTree(in);
            if (root == null || root.isMissingNode()) {
                throw new DataException(source + ": empty file, expected COCO JSON");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new DataException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One array of a COCO file, with typed reads of its entries' fields that name the entry when they fail. */
    private static final class Entries {
        private final String source;
        private final String name;
        private final JsonNode array;

        /** The array under {@code field} of an instances file. */
        Entries(String source, String field, JsonNode root) {
            this.source = source;
            this.name = field;
            this.array = root.path(field);
            if (!array.isArray()) {
                throw new DataException(source + ": '" + field + "' must be an array, found "
                        + (array.isMissingNode() ? "no such field" : array.getNodeType()));
            }
        }

        /** A results file's top-level array. */
        Entries(String source, JsonNode root) {
            this.source = source;
            this.name = "results";
            this.array = root;
        }

        int size() {
            return array.size();
        }

        DataException error(int index, String rule) {
            return new DataException(source + ": " + name + "[" + index + "]: " + rule);
        }

        private JsonNode field(int index, String field) {
            JsonNode value = array.get(index).get(field);
            if (value == null || value.isNull()) {
                throw error(index, "'" + field + "' is missing");
            }
            return value;
        }

        long id(int index, String field) {
            JsonNode value = field(index, field);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw error(index, "'" + field + "' must be an integer, got " + value);
            }
            return value.longValue();
        }

        String text(int index, String field) {
            JsonNode value = field(index, field);
            if (!value.isTextual()) {
                throw error(index, "'" + field + "' must be a string, got " + value);
            }
            return value.textValue();
        }

        /** An optional non-negative integer, 0 when absent (the evaluation does not use it). */
        int optionalInt(int index, String field) {
            JsonNode value = array.get(index).get(field);
            if (value == null || value.isNull()) {
                return 0;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
                throw error(index, "'" + field + "' must be a non-negative integer, got " + value);
            }
            return value.intValue();
        }

        double number(int index, String field) {
            JsonNode value = field(index, field);
            if (!value.isNumber()) {
                throw error(index, "'" + field + "' must be a number, got " + value);
            }
            return value.doubleValue();
        }

        /** {@code iscrowd}: 0/1 or false/true (any non-zero number is a crowd, as for pycocotools). */
        boolean flag(int index, String field) {
            JsonNode value = field(index, field);
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (!value.isNumber()) {
                throw error(index, "'" + field + "' must be 0, 1, false or true, got " + value);
            }
            return value.doubleValue() != 0;
        }

        double[] bbox(int index) {
            JsonNode value = field(index, "bbox");
            if (!value.isArray() || value.size() != 4) {
                throw error(index, "'bbox' must be [x, y, w, h], got " + value);
            }
            double[] box = new double[4];
            for (int i = 0; i < 4; i++) {
                if (!value.get(i).isNumber()) {
                    throw error(index, "'bbox' must be [x, y, w, h] numbers, got " + value);
                }
                box[i] = value.get(i).doubleValue();
            }
            return box;
        }

        /** Builds a record, its rule breaks (negative size, non-finite value) reported as this entry's. */
        <T> T build(int index, java.util.function.Supplier<T> record) {
            try {
                return record.get();
            } catch (IllegalArgumentException e) {
                throw error(index, e.getMessage());
            }
        }
    }
}
