package io.augflow.augment.copypaste;

import java.util.Objects;
import org.opencv.core.Mat;

/**
 * A small object cut from an image: the pixels of its box (a tight crop, 8-bit, 1 or 3 channels), its
 * class and the id of the sample it came from. The patch must not be written to.
 */
public record Donor(String sourceId, int classId, Mat patch) {
    public Donor {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(patch, "patch");
        if (patch.empty()) {
            throw new IllegalArgumentException("donor from '" + sourceId + "' has an empty patch");
        }
        if (classId < 0) {
            throw new IllegalArgumentException("donor class must be >= 0, got " + classId);
        }
    }

    public int width() {
        return patch.cols();
    }

    public int height() {
        return patch.rows();
    }
}
