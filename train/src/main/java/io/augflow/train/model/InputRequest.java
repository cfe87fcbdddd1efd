package io.augflow.train.model;

/**
 * What {@code model.input-size} asks for; a 0 leaves that part to {@link InputChoice} (chosen from the data).
 *
 * @param width pixels, 0 = auto (then {@code height} is 0 too)
 * @param height pixels, 0 = auto
 * @param channels 1 or 3, 0 = from the data (3 when any training image is in colour)
 */
public record InputRequest(int width, int height, int channels) implements java.io.Serializable {
    /** {@code input-size = auto}. */
    public static final InputRequest AUTO = new InputRequest(0, 0, 0);

    public boolean sizeGiven() {
        return width > 0;
    }
}
