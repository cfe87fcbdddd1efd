package io.augflow.train.summary;

/**
 * Receptive field arithmetic (Araujo et al., "Computing Receptive Fields of CNNs", Distill 2019), per axis:
 * a layer with kernel {@code k}, stride {@code s} and dilation {@code d} maps {@code (r, j)} to
 * {@code r' = r + (d (k - 1) + 1 - 1) j} and {@code j' = j s}; the network input is {@code (1, 1)}. A layer
 * that sees its whole input map (global pooling, dense on a feature map) of size {@code n} gets
 * {@code r' = r + (n - 1) j}. Element-wise layers keep {@code (r, j)}; a merge takes the largest of its inputs.
 *
 * @param height receptive field height, input pixels
 * @param width  receptive field width
 * @param jumpH  cumulative vertical stride
 * @param jumpW  cumulative horizontal stride
 */
record ReceptiveField(long height, long width, long jumpH, long jumpW) {
    static final ReceptiveField INPUT = new ReceptiveField(1, 1, 1, 1);

    ReceptiveField window(int[] kernel, int[] stride, int[] dilation) {
        long kh = (long) dilation[0] * (kernel[0] - 1) + 1;
        long kw = (long) dilation[1] * (kernel[1] - 1) + 1;
        return new ReceptiveField(height + (kh - 1) * jumpH, width + (kw - 1) * jumpW,
                jumpH * stride[0], jumpW * stride[1]);
    }

    ReceptiveField whole(long inHeight, long inWidth) {
        return new ReceptiveField(height + (inHeight - 1) * jumpH, width + (inWidth - 1) * jumpW, jumpH, jumpW);
    }

    ReceptiveField max(ReceptiveField o) {
        return new ReceptiveField(Math.max(height, o.height), Math.max(width, o.width),
                Math.max(jumpH, o.jumpH), Math.max(jumpW, o.jumpW));
    }
}
