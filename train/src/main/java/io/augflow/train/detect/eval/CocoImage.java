package io.augflow.train.detect.eval;

import java.util.Objects;

/**
 * An evaluated image: augflow's sample id (COCO's {@code file_name}) and its size in pixels. Its COCO integer id
 * is given when a file is written ({@link CocoJsonWriter}), not kept here.
 */
public record CocoImage(String id, int width, int height) {

    public CocoImage {
        Objects.requireNonNull(id, "id");
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("image '" + id + "': width and height must be >= 0, got " + width
                    + "x" + height);
        }
    }
}
