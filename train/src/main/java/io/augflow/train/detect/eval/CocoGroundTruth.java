package io.augflow.train.detect.eval;

import io.augflow.augment.DataException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What detections are scored against: the images (in evaluation order), the class names (class {@code k} is COCO
 * category {@code k + 1} in written files) and the annotated boxes.
 *
 * <p>The order of {@code images} is pycocotools' order of image ids: it decides which of two detections with equal
 * scores on different images ranks first, and the writer numbers images 1, 2, ... in this order. {@link #of} sorts
 * the images by sample id; the reader keeps a file's images in the order of their COCO ids. The order of
 * {@code boxes} on one image and class is kept as well (it breaks ties in matching, as the order of a file's
 * annotations does for pycocotools).
 *
 * @throws DataException when two images share an id, or a box names an image not listed or a class out of range
 */
public record CocoGroundTruth(List<CocoImage> images, List<String> classNames, List<GroundTruthBox> boxes) {

    public CocoGroundTruth {
        images = List.copyOf(images);
        classNames = List.copyOf(classNames);
        boxes = List.copyOf(boxes);
        Map<String, CocoImage> byId = new HashMap<>();
        for (CocoImage image : images) {
            if (byId.put(image.id(), image) != null) {
                throw new DataException("ground truth lists image '" + image.id() + "' twice; image ids must be"
                        + " unique");
            }
        }
        for (GroundTruthBox box : boxes) {
            if (!byId.containsKey(box.imageId())) {
                throw new DataException("ground-truth box on image '" + box.imageId() + "': the image is not among"
                        + " the " + images.size() + " images listed");
            }
            if (box.classId() >= classNames.size()) {
                throw new DataException("ground-truth box on image '" + box.imageId() + "': class " + box.classId()
                        + " is out of range, " + classNames.size() + " classes " + classNames);
            }
        }
    }

    /** The images sorted by sample id (so a written file numbers them in that order). */
    public static CocoGroundTruth of(List<CocoImage> images, List<String> classNames, List<GroundTruthBox> boxes) {
        List<CocoImage> sorted = new ArrayList<>(images);
        sorted.sort(Comparator.comparing(CocoImage::id));
        return new CocoGroundTruth(sorted, classNames, boxes);
    }

    public int classCount() {
        return classNames.size();
    }
}
