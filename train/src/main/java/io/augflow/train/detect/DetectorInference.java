package io.augflow.train.detect;

import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.augment.transform.geometric.InputFit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
    public List<List<Detection>> detect(Model network, List<Sample> originals) {
        if (originals.isEmpty()) {
            return List.of();
        }
        int w = fit.size().width();
        int h = fit.size().height();
        int c = fit.size().channels();
        int perSample = w * h * c;
        float[] features = new float[originals.size() * perSample];
        for (int i = 0; i < originals.size(); i++) {
            Sample fitted = fit.apply(originals.get(i));
            toTensor.apply(fitted, features, i * perSample);
            if (fitted != originals.get(i)) {
                fitted.image().release();
            }
        }
        INDArray x = Nd4j.create(features, new long[] {originals.size(), c, h, w}, 'c');
        INDArray out = network instanceof ComputationGraph g ? g.outputSingle(false, x)
                : ((MultiLayerNetwork) network).output(x, false);
        List<List<Detection>> all = new ArrayList<>(originals.size());
        for (int i = 0; i < originals.size(); i++) {
            Sample s = originals.get(i);
            BoxMapping back = new BoxMapping(fit.policy(), s.width(), s.height(), w, h);
            all.add(back.toOriginal(decoder.decode(out, i)).stream().filter(d -> d.box().area() > 0).toList());
        }
        return all;
    }
}
