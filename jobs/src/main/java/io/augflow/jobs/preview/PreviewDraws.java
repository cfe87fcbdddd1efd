package io.augflow.jobs.preview;

import io.augflow.augment.Sample;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.transform.Compose;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.pipeline.stream.PartnerPicker;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The augmentation draws of a preview: draw {@code m} of a sample is the pipeline applied with
 * {@code RandomStreams.forSample(seed, epoch, id, m)}, then the network input step. Mosaic and mixup take their
 * partners from the preview's own selection, as training takes them from the other rows of a slice, with the same
 * {@link PartnerPicker} (so a preview of one sample shows mosaics of that sample alone). Only the selection's
 * rows reach the driver, so partners are among them, and a draw can differ from training's where its slice holds
 * other rows.
 */
public final class PreviewDraws {
    private PreviewDraws() {}

    /** One grid row per original, each with {@code augmentations} draws. */
    public static List<PreviewGrid.Row> draw(List<Sample> originals, Compose compose, long seed, int epoch,
            int augmentations, InputFit fit) {
        PartnerPicker partners = new PartnerPicker(seed, epoch, originals);
        List<PreviewGrid.Row> rows = new ArrayList<>(originals.size());
        for (int i = 0; i < originals.size(); i++) {
            Sample original = originals.get(i);
            List<Sample> draws = new ArrayList<>(augmentations);
            for (int repeat = 0; repeat < augmentations; repeat++) {
                Sample drawn = compose.apply(original, partners.partnersOf(i, repeat),
                        RandomStreams.forSample(seed, epoch, original.id(), repeat));
                draws.add(fit.apply(drawn));
            }
            rows.add(new PreviewGrid.Row(original, draws));
        }
        return rows;
    }

    /** The names of what the pipeline can apply, in order: mosaic and mixup when on, then the transforms. */
    public static List<String> names(Compose compose) {
        return Stream.concat(compose.multiImage().activeTransforms().stream().map(t -> t.name()),
                compose.transforms().stream().map(t -> t.name())).toList();
    }
}
