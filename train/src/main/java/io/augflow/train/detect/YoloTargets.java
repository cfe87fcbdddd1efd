package io.augflow.train.detect;

import io.augflow.augment.Box;
import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Encodes boxes into the labels of DL4J's {@code Yolo2OutputLayer}: for an input of {@code W x H} pixels and
 * output stride {@code s}, a grid of {@code H/s x W/s} cells and, per image, an array {@code [4 + C, H/s, W/s]}
 * (channels first). The object whose centre lies in cell (row, col) is written there: channels 0..3 are its
 * corners {@code x1, y1, x2, y2} in grid units (pixels / s, over the whole image, not relative to the cell),
 * channels {@code 4 + c} the one-hot class. A cell with all-zero class channels holds no object (a negative),
 * so a background image is all zeros.
 *
 * <p>Boxes are clipped to the image first; a box left without area is skipped. The cell is
 * {@code floor(centre / s)}, the same rule the layer uses to recover the in-cell offset target
 * ({@code centre - floor(centre)}), so the two cannot disagree.
 *
 * <p><b>Two objects in one cell</b>: the layout holds one object per cell, so one must go. The smaller box keeps
 * the cell (equal areas: the one listed first). Small objects are what this detector is for: a large object has
 * many pixels and is learnt from few examples, while a small one carries little signal and each lost label costs
 * recall where it is weakest. The
 * dropped count is returned so training can log it; a high rate says the stride is too coarse.
 *
 * @param stride  output stride in pixels (8 or 16), >= 1
 * @param classes number of object classes C, >= 1
 */
public record YoloTargets(int stride, int classes) implements Serializable {

    public YoloTargets {
        if (stride < 1) {
            throw new IllegalArgumentException("detector stride must be >= 1, got " + stride);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("detector classes must be >= 1, got " + classes);
        }
    }

    /**
     * One image's labels.
     *
     * @param labels     {@code [4 + C, gridHeight, gridWidth]} in C order (channel-major), as a flat array
     * @param objects    boxes written into the labels
     * @param dropped    boxes that lost their cell to a smaller box
     * @param degenerate boxes skipped because nothing of them is inside the image
     */
    public record Encoded(float[] labels, int gridHeight, int gridWidth, int objects, int dropped, int degenerate) {
        /** The labels as an ND4J array of shape {@code [4 + C, gridHeight, gridWidth]}. */
        public INDArray array() {
            long channels = labels.length / ((long) gridHeight * gridWidth);
            return Nd4j.create(labels, new long[] {channels, gridHeight, gridWidth},
                    'c');
        }
    }

    /**
     * A minibatch for the detector.
     *
     * @param dataSet    features {@code [mb, channels, H, W]} (as {@link ToTensor} makes them), labels
     *                   {@code [mb, 4 + C, H/s, W/s]}
     * @param objects    boxes written into the labels, over the batch
     * @param dropped    boxes that lost their cell to a smaller one, over the batch (log it)
     * @param degenerate boxes without area inside their image, over the batch
     */
    public record Batch(DataSet dataSet, int objects, int dropped, int degenerate) {}

    /**
     * @param sampleId names the sample in errors
     * @param width    image (network input) width in pixels, a multiple of the stride
     * @param height   image height in pixels, a multiple of the stride
     * @throws InvalidSampleException when a box's class is outside {@code [0, classes)}
     * @throws IllegalArgumentException when the image size is not a multiple of the stride
     */
    public Encoded encode(String sampleId, List<Box> boxes, int width, int height) {
        checkSize(width, height);
        int gw = width / stride;
        int gh = height / stride;
        int plane = gw * gh;
        float[] labels = new float[(4 + classes) * plane];
        float[] ownerArea = new float[plane];
        int objects = 0;
        int dropped = 0;
        int degenerate = 0;
        for (Box raw : boxes) {
            if (raw.classId() >= classes) {
                throw new InvalidSampleException(sampleId, "box class " + raw.classId() + " is outside [0, " + classes
                        + ")");
            }
            if (raw.crowd()) {
                continue; // a COCO crowd region is no single object to learn (COCO evaluation ignores it too)
            }
            Box b = raw.clippedTo(width, height);
            if (!(b.w() > 0) || !(b.h() > 0)) {
                degenerate++;
                continue;
            }
            // A clipped box with area has its centre strictly inside the image, so the cell is in range.
            int col = Math.min(gw - 1, (int) Math.floor((b.x() + b.w() / 2.0) / stride));
            int row = Math.min(gh - 1, (int) Math.floor((b.y() + b.h() / 2.0) / stride));
            int cell = row * gw + col;
            if (ownerArea[cell] > 0) {
                dropped++;
                if (b.area() >= ownerArea[cell]) {
                    continue;
                }
                objects--;
                for (int c = 0; c < classes; c++) {
                    labels[(4 + c) * plane + cell] = 0f;
                }
            }
            ownerArea[cell] = b.area();
            labels[cell] = b.x() / stride;
            labels[plane + cell] = b.y() / stride;
            labels[2 * plane + cell] = b.x2() / stride;
            labels[3 * plane + cell] = b.y2() / stride;
            labels[(4 + b.classId()) * plane + cell] = 1f;
            objects++;
        }
        return new Encoded(labels, gh, gw, objects, dropped, degenerate);
    }

    /** {@link #encode(String, List, int, int)} for a sample at the network input size. */
    public Encoded encode(Sample sample) {
        return encode(sample.id(), sample.boxes(), sample.width(), sample.height());
    }

    /**
     * Packs samples (already at the network input size) into one minibatch, as {@code SampleBatch.of} does for
     * classification.
     *
     * @throws InvalidSampleException when a sample's size differs from the first one's or a box class is out of range
     */
    public Batch batch(List<Sample> samples, ToTensor toTensor) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a minibatch needs at least one sample");
        }
        Sample first = samples.get(0);
        checkSize(first.width(), first.height());
        int[] shape = toTensor.shape(first);
        int perSample = shape[0] * shape[1] * shape[2];
        int gw = first.width() / stride;
        int gh = first.height() / stride;
        int perLabel = (4 + classes) * gw * gh;
        float[] features = new float[samples.size() * perSample];
        float[] labels = new float[samples.size() * perLabel];
        int objects = 0;
        int dropped = 0;
        int degenerate = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (s.width() != first.width() || s.height() != first.height() || s.channels() != first.channels()) {
                throw new InvalidSampleException(s.id(), "is " + s.width() + "x" + s.height() + "x" + s.channels()
                        + " but the batch is " + first.width() + "x" + first.height() + "x" + first.channels()
                        + ": end the augment pipeline with a resize or letterbox");
            }
            toTensor.apply(s, features, i * perSample);
            Encoded e = encode(s);
            System.arraycopy(e.labels(), 0, labels, i * perLabel, perLabel);
            objects += e.objects();
            dropped += e.dropped();
            degenerate += e.degenerate();
        }
        INDArray x = Nd4j.create(features, new long[] {samples.size(), shape[0], shape[1], shape[2]}, 'c');
        INDArray y = Nd4j.create(labels, new long[] {samples.size(), 4 + classes, gh, gw}, 'c');
        return new Batch(new DataSet(x, y), objects, dropped, degenerate);
    }

    private void checkSize(int width, int height) {
        if (width % stride != 0 || height % stride != 0 || width < stride || height < stride) {
            throw new IllegalArgumentException("model.input-size must have width and height that are multiples of the"
                    + " detector stride " + stride + ", got " + width + "x" + height);
        }
    }
}
