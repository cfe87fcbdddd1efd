package io.augflow.jobs.trainreport;

import io.augflow.augment.random.RandomStreams;
import io.augflow.train.detect.eval.AreaRange;
import io.augflow.train.detect.eval.CocoGroundTruth;
import io.augflow.train.detect.eval.CocoImage;
import io.augflow.train.detect.eval.GroundTruthBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which test images the report draws: a seeded choice that depends on the ids alone (not on the order of the COCO
 * file), preferring images with a small object, where detectors fail most.
 *
 * <p>Each image gets the key {@code RandomStreams.forSample(seed, 0, id, 0).nextLong()}; images are ranked by kind
 * (with a small object, with other boxes only, with no box), then by key, then by id. Half of the images drawn,
 * rounded up, come from the first kind; the rest are the best ranked of the others, and the first kind fills in when
 * the others run short.
 */
final class ExampleChoice {
    private ExampleChoice() {}

    /** Up to {@code count} sample ids of {@code groundTruth}'s images, small-object images first. */
    static List<String> choose(CocoGroundTruth groundTruth, int count, long seed) {
        Set<String> withSmall = new HashSet<>();
        Set<String> withBoxes = new HashSet<>();
        for (GroundTruthBox b : groundTruth.boxes()) {
            withBoxes.add(b.imageId());
            if (!b.crowd() && AreaRange.SMALL.contains(b.area())) {
                withSmall.add(b.imageId());
            }
        }
        List<Ranked> small = new ArrayList<>();
        List<Ranked> others = new ArrayList<>();
        for (CocoImage image : groundTruth.images()) {
            String id = image.id();
            long key = RandomStreams.forSample(seed, 0, id, 0).nextLong();
            if (withSmall.contains(id)) {
                small.add(new Ranked(id, 0, key));
            } else {
                others.add(new Ranked(id, withBoxes.contains(id) ? 1 : 2, key));
            }
        }
        Comparator<Ranked> order = Comparator.comparingInt(Ranked::kind).thenComparingLong(Ranked::key)
                .thenComparing(Ranked::id);
        small.sort(order);
        others.sort(order);
        int fromSmall = Math.min(small.size(), Math.max((count + 1) / 2, count - others.size()));
        int fromOthers = Math.min(others.size(), count - fromSmall);
        List<String> ids = new ArrayList<>(fromSmall + fromOthers);
        small.subList(0, fromSmall).forEach(r -> ids.add(r.id()));
        others.subList(0, fromOthers).forEach(r -> ids.add(r.id()));
        return ids;
    }

    private record Ranked(String id, int kind, long key) {}
}
