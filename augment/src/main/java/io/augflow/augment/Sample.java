package io.augflow.augment;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * One image with its annotations. The image is 8-bit with 1 (grey) or 3 (BGR) channels; boxes are in
 * pixels ({@link Box}); {@code label} is the image-level class, absent for pure detection data.
 *
 * <p>Transforms never modify a sample: they return a new one. The {@link Mat} is the only mutable part,
 * so callers must not write into {@link #image()} of a sample they did not create.
 */
public final class Sample {
    private final String id;
    private final Mat image;
    private final List<Box> boxes;
    private final int label;

    /** Label value meaning "no image-level class". */
    public static final int NO_LABEL = -1;

    public Sample(String id, Mat image, List<Box> boxes, int label) {
        this.id = Objects.requireNonNull(id, "id");
        this.image = Objects.requireNonNull(image, "image");
        this.boxes = List.copyOf(boxes);
        this.label = label;
        checkImage(id, image);
        if (label < NO_LABEL) {
            throw new InvalidSampleException(id, "label must be >= 0 or absent, got " + label);
        }
    }

    /** Accepts only what every transform supports: non-empty, 8-bit, 1 or 3 channels. */
    static void checkImage(String id, Mat image) {
        if (image.empty()) {
            throw new InvalidSampleException(id, "image is empty");
        }
        if (image.depth() != CvType.CV_8U) {
            throw new InvalidSampleException(id, "image must be 8-bit, got " + CvType.typeToString(image.type()));
        }
        if (image.channels() != 1 && image.channels() != 3) {
            throw new InvalidSampleException(id, "image must have 1 or 3 channels, got " + image.channels());
        }
    }

    public String id() {
        return id;
    }

    public Mat image() {
        return image;
    }

    public List<Box> boxes() {
        return boxes;
    }

    public OptionalInt label() {
        return label == NO_LABEL ? OptionalInt.empty() : OptionalInt.of(label);
    }

    /** The raw label, {@link #NO_LABEL} when absent; for codecs that store a nullable int. */
    public int labelOrNone() {
        return label;
    }

    public int width() {
        return image.cols();
    }

    public int height() {
        return image.rows();
    }

    public int channels() {
        return image.channels();
    }

    public Sample withImage(Mat newImage) {
        return new Sample(id, newImage, boxes, label);
    }

    public Sample withBoxes(List<Box> newBoxes) {
        return new Sample(id, image, newBoxes, label);
    }

    /** The same image and boxes with another image-level label ({@link #NO_LABEL} for none). */
    public Sample withLabel(int newLabel) {
        return new Sample(id, image, boxes, newLabel);
    }

    public Sample with(Mat newImage, List<Box> newBoxes) {
        return new Sample(id, newImage, newBoxes, label);
    }

    @Override
    public String toString() {
        return "Sample[" + id + ", " + width() + "x" + height() + "x" + channels() + ", " + boxes.size()
                + " boxes, label=" + (label == NO_LABEL ? "none" : label) + "]";
    }
}
