package io.augflow.train.detect.eval;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.augflow.augment.DataException;
import io.augflow.pipeline.output.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes COCO JSON that pycocotools loads: a ground-truth instances file ({@code COCO(path)}) and a results file
 * ({@code coco.loadRes(path)}).
 *
 * <p>Ids: images are numbered 1, 2, ... in the ground truth's image order (sorted sample ids, for one built with
 * {@link CocoGroundTruth#of}), and keep their sample id as {@code file_name}; class {@code k} is category
 * {@code k + 1}; annotations are numbered 1, 2, ... in the ground truth's box order (never 0: pycocotools takes a
 * match to annotation id 0 for no match). Boxes are {@code [x, y, w, h]} in pixels, written in full precision so a
 * file read back scores the same. A results file with no detections is {@code []}, which {@code loadRes} refuses
 * (it reads the first entry to guess the kind of result); augflow's reader accepts it.
 */
public final class CocoJsonWriter {
    // Schubfach: the shortest decimal that reads back as the same double
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private CocoJsonWriter() {}

    /** Writes the instances file to {@code file}, replacing it as a whole (see {@link AtomicFile}). */
    public static void writeGroundTruth(CocoGroundTruth groundTruth, Path file) {
        AtomicFile.replace(hadoopPath(file), out -> writeGroundTruth(groundTruth, out), new Configuration());
    }

    /** Writes the results file to {@code file}, replacing it as a whole (see {@link AtomicFile}). */
    public static void writeDetections(CocoGroundTruth groundTruth, List<Detection> detections, Path file) {
        AtomicFile.replace(hadoopPath(file), out -> writeDetections(groundTruth, detections, out),
                new Configuration());
    }

    /** Writes the instances file to {@code out} (left open). */
    public static void writeGroundTruth(CocoGroundTruth groundTruth, OutputStream out) throws IOException {
        Map<String, Integer> imageIds = imageIds(groundTruth);
        try (JsonGenerator json = generator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("images");
            for (CocoImage image : groundTruth.images()) {
                json.writeStartObject();
                json.writeNumberField("id", imageIds.get(image.id()));
                json.writeStringField("file_name", image.id());
                json.writeNumberField("width", image.width());
                json.writeNumberField("height", image.height());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("annotations");
            int annotationId = 1;
            for (GroundTruthBox box : groundTruth.boxes()) {
                json.writeStartObject();
                json.writeNumberField("id", annotationId++);
                json.writeNumberField("image_id", imageIds.get(box.imageId()));
                json.writeNumberField("category_id", box.classId() + 1);
                writeBox(json, box.x(), box.y(), box.w(), box.h());
                json.writeNumberField("area", box.area());
                json.writeNumberField("iscrowd", box.crowd() ? 1 : 0);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("categories");
            for (int k = 0; k < groundTruth.classCount(); k++) {
                json.writeStartObject();
                json.writeNumberField("id", k + 1);
                json.writeStringField("name", groundTruth.classNames().get(k));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /**
     * Writes the results file to {@code out} (left open), detections in the given order.
     *
     * @throws DataException for a detection on an image the ground truth does not list, or of a class it does not
     *     have (pycocotools would refuse the first and drop the second)
     */
    public static void writeDetections(CocoGroundTruth groundTruth, List<Detection> detections, OutputStream out)
            throws IOException {
        Map<String, Integer> imageIds = imageIds(groundTruth);
        for (Detection d : detections) {
            if (!imageIds.containsKey(d.imageId())) {
                throw new DataException("detection on image '" + d.imageId() + "': the ground truth does not list"
                        + " this image, so a COCO results file cannot name it");
            }
            if (d.classId() >= groundTruth.classCount()) {
                throw new DataException("detection on image '" + d.imageId() + "': class " + d.classId()
                        + " is out of range, the ground truth has " + groundTruth.classCount() + " classes");
            }
        }
        try (JsonGenerator json = generator(out)) {
            json.writeStartArray();
            for (Detection d : detections) {
                json.writeStartObject();
                json.writeNumberField("image_id", imageIds.get(d.imageId()));
                json.writeNumberField("category_id", d.classId() + 1);
                writeBox(json, d.x(), d.y(), d.w(), d.h());
                json.writeNumberField("score", d.score());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    private static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return json;
    }

    private static void writeBox(JsonGenerator json, double x, double y, double w, double h) throws IOException {
        json.writeFieldName("bbox");
        json.writeArray(new double[] {x, y, w, h}, 0, 4);
    }

    private static Map<String, Integer> imageIds(CocoGroundTruth groundTruth) {
        Map<String, Integer> ids = new HashMap<>();
        for (CocoImage image : groundTruth.images()) {
            ids.put(image.id(), ids.size() + 1);
        }
        return ids;
    }

    private static org.apache.hadoop.fs.Path hadoopPath(Path file) {
        return new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri());
    }
}
