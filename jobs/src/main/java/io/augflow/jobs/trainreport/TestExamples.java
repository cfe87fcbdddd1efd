package io.augflow.jobs.trainreport;

import io.augflow.augment.Sample;
import io.augflow.train.detect.eval.CocoGroundTruthFile;
import io.augflow.train.detect.eval.CocoJsonReader;
import io.augflow.train.detect.eval.Detection;
import io.augflow.train.detect.eval.GroundTruthBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test images the detection report shows, with their true and predicted boxes: the boxes come from the run's
 * COCO exports ({@code coco/<split>-ground-truth.json} and {@code coco/<split>-detections.json}, images identified by
 * {@code file_name} = sample id), the pixels from the dataset rows of the {@link ExampleChoice chosen} ids only.
 *
 * @param tiles the drawn images, in the order chosen
 * @param note why fewer images than asked are shown (missing files, rows gone from the dataset), or empty
 */
record TestExamples(List<ExampleTile> tiles, String note) {
    /** Test images drawn. */
    static final int COUNT = 12;
    /** Detections scoring below this are not drawn (the COCO file keeps them all, down to the decoder's threshold). */
    static final double DISPLAY_SCORE = 0.3;
    private static final Logger LOG = LoggerFactory.getLogger(TestExamples.class);

    TestExamples {
        tiles = List.copyOf(tiles);
    }

    static TestExamples none(String note) {
        return new TestExamples(List.of(), note);
    }

    /**
     * Draws up to {@link #COUNT} images of {@code split} from the COCO pair under {@code cocoDir}. A missing or
     * unreadable pair, or a dataset that cannot be read, gives no images and a note saying why: the pictures
     * illustrate the figures, which the page shows either way.
     */
    static TestExamples of(Path cocoDir, String split, long seed, List<String> classNames, SampleSource source) {
        Path truthFile = cocoDir.resolve(split + "-ground-truth.json");
        Path detectionFile = cocoDir.resolve(split + "-detections.json");
        if (!Files.isRegularFile(truthFile) || !Files.isRegularFile(detectionFile)) {
            return none("No test images drawn: " + truthFile + " or " + detectionFile + " is missing.");
        }
        CocoGroundTruthFile truth;
        List<Detection> detections;
        try {
            truth = CocoJsonReader.readGroundTruth(truthFile);
            detections = CocoJsonReader.readDetections(detectionFile, truth);
        } catch (RuntimeException e) {
            LOG.warn("training report: cannot read the COCO files under {}", cocoDir, e);
            return none("No test images drawn: " + e.getMessage());
        }
        List<String> ids = ExampleChoice.choose(truth.groundTruth(), COUNT, seed);
        Map<String, Sample> samples;
        try {
            samples = source.samples(new LinkedHashSet<>(ids));
        } catch (Exception e) { // Spark's AnalysisException (a dataset moved away) is checked, thrown unchecked
            LOG.warn("training report: cannot read the test images from {}", source, e);
            return none("No test images drawn: cannot read them from " + source + ": " + e.getMessage());
        }
        Map<String, List<GroundTruthBox>> truths = truth.groundTruth().boxes().stream()
                .collect(Collectors.groupingBy(GroundTruthBox::imageId));
        Map<String, List<Detection>> shown = detections.stream().filter(d -> d.score() >= DISPLAY_SCORE)
                .collect(Collectors.groupingBy(Detection::imageId));
        List<ExampleTile> tiles = new ArrayList<>(ids.size());
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            Sample sample = samples.get(id);
            if (sample == null) {
                missing.add(id);
                continue;
            }
            try {
                tiles.add(BoxOverlay.draw(sample, truths.getOrDefault(id, List.of()), shown.getOrDefault(id, List.of()),
                        classNames));
            } finally {
                sample.image().release();
            }
        }
        String note = missing.isEmpty() ? "" : missing.size() + " chosen test image(s) not in " + source
                + " any more: " + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                + (missing.size() > 5 ? ", ..." : "");
        return new TestExamples(tiles, note);
    }
}
