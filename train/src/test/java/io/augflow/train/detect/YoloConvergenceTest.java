package io.augflow.train.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Smoke test of the whole chain in one JVM: generated 32x32 images with one or two filled rectangles of two classes
 * (red, green; 6 to 16 px), anchors fitted on the training boxes, {@link YoloTargets} batches, {@code yolo-small} at
 * stride 8 from {@link ModelFactory}, a few hundred Adam steps, then {@link YoloDecoder} on fresh images: most ground
 * truth boxes must be found (same class, IoU >= 0.5) and the loss must stay finite.
 */
class YoloConvergenceTest {
    private static final int SIZE = 32;
    private static final int STRIDE = 8;
    private static final int CLASSES = 2;
    private static final int BATCH = 32;
    private static final int ITERATIONS = 150;
    private static final Scalar[] COLOURS = {new Scalar(40, 40, 220), new Scalar(40, 200, 40)}; // BGR red, green

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    @Test
    void learnsToFindRectanglesOfTwoClasses() {
        List<Box> trainBoxes = images(64, 0).stream().flatMap(s -> s.boxes().stream()).toList();
        YoloHead head = new YoloHead(STRIDE, AnchorKMeans.fit(trainBoxes, 3, 7));
        ModelConf conf = ModelConf.parse("model { architecture = yolo-small, base-filters = 8 }");
        MultiLayerNetwork net = (MultiLayerNetwork) ModelFactory.build(conf, new InputShape(3, SIZE, SIZE), CLASSES,
                new Adam(3e-3), new LossMCXENT(), List.of(), head).newNetwork();
        YoloTargets targets = new YoloTargets(STRIDE, CLASSES);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int it = 0; it < ITERATIONS; it++) {
            // A fresh batch each step: the net must learn the task, not memorise a few images.
            net.fit(targets.batch(images(BATCH, 10 + it), ToTensor.UNIT).dataSet());
            last = net.score();
            assertTrue(Double.isFinite(last), "loss " + last + " at iteration " + it);
            if (it == 0) {
                first = last;
            }
        }
        assertTrue(last < first / 4, "loss " + first + " -> " + last);

        List<Sample> test = images(32, 1);
        INDArray out = net.output(targets.batch(test, ToTensor.UNIT).dataSet().getFeatures());
        YoloDecoder decoder = YoloDecoder.forHead(head, CLASSES, 0.25, Nms.defaults());
        int truths = 0;
        int found = 0;
        for (int i = 0; i < test.size(); i++) {
            List<ScoredBox> detections = decoder.decode(out, i);
            for (Box truth : test.get(i).boxes()) {
                truths++;
                if (detections.stream().anyMatch(d -> d.classId() == truth.classId()
                        && ScoredBox.iou(d.box(), truth) >= 0.5)) {
                    found++;
                }
            }
        }
        double recall = (double) found / truths;
        assertTrue(recall >= 0.8, "found " + found + " of " + truths + " boxes (loss " + first + " -> " + last + ")");
    }

    /** {@code n} images, each with one or two rectangles whose centres fall in different cells. */
    private static List<Sample> images(int n, int stream) {
        SplittableRandom rng = RandomStreams.child(2024, stream);
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int grey = 30 + rng.nextInt(50);
            Mat image = new Mat(SIZE, SIZE, CvType.CV_8UC3, new Scalar(grey, grey, grey));
            List<Box> boxes = new ArrayList<>();
            int objects = 1 + rng.nextInt(2);
            while (boxes.size() < objects) {
                int w = 6 + rng.nextInt(11);
                int h = 6 + rng.nextInt(11);
                int x = rng.nextInt(SIZE - w + 1);
                int y = rng.nextInt(SIZE - h + 1);
                Box b = new Box(rng.nextInt(CLASSES), x, y, w, h);
                if (boxes.stream().noneMatch(o -> o.intersectionArea(b) > 0)) {
                    boxes.add(b);
                }
            }
            for (Box b : boxes) {
                Imgproc.rectangle(image, new Point(b.x(), b.y()), new Point(b.x2() - 1, b.y2() - 1),
                        COLOURS[b.classId()], -1);
            }
            out.add(new Sample("gen-" + stream + "-" + i, image, boxes, Sample.NO_LABEL));
        }
        return out;
    }
}
