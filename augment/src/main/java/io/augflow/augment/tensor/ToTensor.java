package io.augflow.augment.tensor;

import io.augflow.augment.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Converts a sample's 8-bit image to normalised floats, as torchvision's {@code ToTensor} followed by
 * {@code Normalize}: {@code out[c][y][x] = (in[y][x][c] / 255 - mean[c]) / std[c]}, with {@code mean}
 * and {@code std} in [0, 1] pixel units.
 *
 * <p><b>Layout.</b> Channel-major (CHW), the order DL4J's convolution layers take by default (NCHW).
 * <b>Channel order:</b> OpenCV keeps colour images as BGR; the output is <b>RGB</b> (channel 0 = red), so
 * that published statistics (ImageNet's {@link #IMAGENET}) and models trained with PyTorch/torchvision
 * apply unchanged. {@code mean} and {@code std} are therefore given in RGB order. Grey images give one
 * channel.
 *
 * <p>{@code mean} and {@code std} have 1 value (used for every channel) or 3 (one per RGB channel; only
 * for colour images). Each channel is converted with one {@link Mat#convertTo} (scale
 * {@code 1 / (255 std)}, offset {@code -mean / std}) and copied out in bulk; no per-pixel calls.
 */
public record ToTensor(double[] mean, double[] std) implements java.io.Serializable {
    /** ImageNet statistics in RGB order, as torchvision's pretrained models expect. */
    public static final ToTensor IMAGENET =
            new ToTensor(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    /** Only scales to [0, 1]: mean 0, std 1. */
    public static final ToTensor UNIT = new ToTensor(new double[] {0}, new double[] {1});

    public ToTensor {
        if (mean.length != std.length || (mean.length != 1 && mean.length != 3)) {
            throw new IllegalArgumentException("to-tensor.mean and to-tensor.std must both have 1 or 3 values, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("to-tensor.mean must be finite, got " + Arrays.toString(mean));
            }
            if (!(std[i] > 0) || !Double.isFinite(std[i])) {
                throw new IllegalArgumentException("to-tensor.std must be > 0, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** {@code {channels, height, width}} of the tensor made from {@code sample}. */
    public int[] shape(Sample sample) {
        return new int[] {sample.channels(), sample.height(), sample.width()};
    }

    /** The number of floats the tensor of {@code sample} takes: channels * height * width. */
    public int length(Sample sample) {
        return sample.channels() * sample.height() * sample.width();
    }

    /** A new array holding the tensor of {@code sample}, CHW, RGB. */
    public float[] apply(Sample sample) {
        float[] out = new float[length(sample)];
        apply(sample, out, 0);
        return out;
    }

    /**
     * Writes the tensor of {@code sample} into {@code dst} from {@code offset} on ({@link #length} floats,
     * CHW, RGB), e.g. the slot of one example in a minibatch array.
     */
    public void apply(Sample sample, float[] dst, int offset) {
        int channels = sample.channels();
        if (mean.length != 1 && mean.length != channels) {
            throw new IllegalArgumentException("to-tensor has " + mean.length + " mean/std values but sample '"
                    + sample.id() + "' has " + channels + " channel(s)");
        }
        int plane = sample.height() * sample.width();
        if (offset < 0 || (long) offset + (long) channels * plane > dst.length) {
            throw new IllegalArgumentException("to-tensor: " + channels * plane + " floats for sample '"
                    + sample.id() + "' do not fit at offset " + offset + " of an array of " + dst.length);
        }
        List<Mat> planes = new ArrayList<>(channels);
        if (channels == 1) {
            planes.add(sample.image());
        } else {
            Core.split(sample.image(), planes);
        }
        Mat converted = new Mat();
        float[] scratch = new float[plane];
        for (int c = 0; c < channels; c++) {
            Mat source = planes.get(channels == 3 ? 2 - c : c); // BGR -> RGB
            double m = mean.length == 1 ? mean[0] : mean[c];
            double s = std.length == 1 ? std[0] : std[c];
            source.convertTo(converted, CvType.CV_32F, 1.0 / (255.0 * s), -m / s);
            if (!converted.isContinuous()) {
                converted = converted.clone();
            }
            converted.get(0, 0, scratch);
            System.arraycopy(scratch, 0, dst, offset + c * plane, plane);
        }
        converted.release();
        if (channels != 1) {
            planes.forEach(Mat::release);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToTensor t && Arrays.equals(mean, t.mean) && Arrays.equals(std, t.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "ToTensor[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
