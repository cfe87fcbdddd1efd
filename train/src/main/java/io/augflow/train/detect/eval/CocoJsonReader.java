package io.augflow.train.detect.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.augment.DataException;
import java.io.IOException;
import java.io.InputStream;
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

    /** Reads an instances file; a file that cannot be read is a {@link DataException} too. */
    public static CocoGroundTruthFile readGroundTruth(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return readGroundTruth(in, file.toString());
        } catch (IOException e) {
            throw new DataException("cannot read COCO instances file " + file + ": " + e, e);
        }
    }

    /** Reads a results file against the instances file it answers. */
    public static List<Detection> readDetections(Path file, CocoGroundTruthFile groundTruth) {
        try (InputStream in = Files.newInputStream(file)) {
            return readDetections(in, file.toString(), groundTruth);
        } catch (IOException e) {
            throw new DataException("cannot read COCO results file " + file + ": " + e, e);
        }
    }

    /** Reads an instances file; {@code source} names it in error messages. */
    public static CocoGroundTruthFile readGroundTruth(InputStream in, String source) throws IOException {
        JsonNode root = parse(in, source);
        if (!root.isObject()) {
            throw new DataException(source + ": a COCO instances file is a JSON object, found " + root.getNodeType());
        }
        JsonEntries images = new JsonEntries(source, "images", root);
        JsonEntries categories = new JsonEntries(source, "categories", root);
        JsonEntries annotations = new JsonEntries(source, "annotations", root);

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
        JsonEntries results = new JsonEntries(source, root);
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
}
