package io.augflow.pipeline.stream;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import java.util.Comparator;

/**
 * What a stream's samples are for, which decides the rows it uses and the target a sample carries.
 */
public enum StreamTask {
    /**
     * Image classification. A row with neither a label nor a box (a background image) has no class and is skipped
     * (counted by the caller from the dataset profile, never an error). A sample's class is fixed before
     * augmentation, from the row as stored: its label, else the class of its largest box. So a sample whose last
     * box an augmentation dropped keeps its class, and a pasted object never becomes the image's label.
     */
    CLASSIFY,
    /** Detection: every row, background images included (they are negatives); the boxes are the targets. */
    DETECT;

    /** Whether a row with this label ({@link Sample#NO_LABEL} for none) and these boxes is used at all. */
    boolean uses(int label, java.util.List<Box> boxes) {
        return this == DETECT || label >= 0 || !boxes.isEmpty();
    }

    /** The decoded, not yet augmented sample with its target fixed as this task wants it. */
    Sample beforeAugmentation(Sample decoded) {
        if (this != CLASSIFY || decoded.label().isPresent()) {
            return decoded;
        }
        return decoded.withLabel(largestBoxClass(decoded));
    }

    /** The class of the sample's largest box (the first of equal ones); the sample must have a box. */
    public static int largestBoxClass(Sample sample) {
        return sample.boxes().stream().max(Comparator.comparingDouble(Box::area)).orElseThrow(
                () -> new io.augflow.augment.InvalidSampleException(sample.id(), "has neither a label nor a box"))
                .classId();
    }
}
