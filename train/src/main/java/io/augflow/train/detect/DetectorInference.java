package io.augflow.train.detect;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.augment.transform.geometric.InputFit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import io.augflow.train.feed.FittedBatch;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one inference path of a detector: images of any size are brought to the network's input ({@link InputFit}),
 * normalised ({@link ToTensor}), run through the network, decoded with per-class NMS ({@link YoloDecoder}) and mapped
 * back to each original image's pixels ({@link BoxMapping}). Evaluation and prediction both call it, on the
 * executors, so their boxes are the same for the same image.
 */
public record DetectorInference(InputFit fit, ToTensor toTensor, YoloDecoder decoder) implements Serializable {

    public DetectorInference {
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(toTensor, "toTensor");
        Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * The detections of each sample, in the sample's own pixels, best first.
     *
     * @param originals decoded images as stored (not augmented); left untouched
     */
    public List<List<ScoredBox>> detect(Model network, List<Sample> originals) {
        return detect(network, originals, false);
    }

    /**
     * The detections of each sample, in the sample's own pixels, best first; with {@code mirrorToo} (test-time
     * augmentation) the network also sees each fitted image mirrored left to right, the mirror's candidates are
     * mirrored back ({@code x -> W - x - w} in the network input, W its width) and both sets go through one
     * per-class NMS with the decoder's IoU and detection cap.
     *
     * @param originals decoded images as stored (not augmented); left untouched
     */
    public List<List<ScoredBox>> detect(Model network, List<Sample> originals, boolean mirrorToo) {
        if (originals.isEmpty()) {
            return List.of();
        }
        int w = fit.size().width();
        int h = fit.size().height();
        INDArray x = FittedBatch.of(fit, toTensor, originals);
        INDArray out = FittedBatch.output(network, x);
        INDArray mirrorOut = mirrorToo ? FittedBatch.output(network, FittedBatch.mirrored(x)) : null;
        List<List<ScoredBox>> all = new ArrayList<>(originals.size());
        for (int i = 0; i < originals.size(); i++) {
            Sample s = originals.get(i);
            List<ScoredBox> found;
            if (mirrorOut == null) {
                found = decoder.decode(out, i);
            } else {
                List<ScoredBox> candidates = new ArrayList<>(decoder.candidates(out, i));
                for (ScoredBox d : decoder.candidates(mirrorOut, i)) {
                    candidates.add(unmirrored(d, w));
                }
                found = decoder.nms().apply(candidates);
            }
            BoxMapping back = new BoxMapping(fit.policy(), s.width(), s.height(), w, h);
            all.add(back.toOriginal(found).stream().filter(d -> d.box().area() > 0).toList());
        }
        return all;
    }

    /** A detection on the mirrored input, on the input itself: {@code x -> width - x - w}. */
    static ScoredBox unmirrored(ScoredBox d, int width) {
        Box b = d.box();
        return new ScoredBox(b.withCoordinates(width - b.x() - b.w(), b.y(), b.w(), b.h()), d.score());
    }
}
