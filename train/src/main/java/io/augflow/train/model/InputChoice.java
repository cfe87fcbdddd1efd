package io.augflow.train.model;

import io.augflow.augment.DataException;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.augment.transform.geometric.InputSize;
import io.augflow.augment.transform.geometric.ResizePolicy;
import io.augflow.pipeline.stats.ImageProfile;
import java.util.Locale;
import java.util.Optional;

/**
 * The network's input size and how samples of other sizes reach it, chosen once per run on the driver and
 * recorded in {@code model.json}. In order of precedence:
 * <ol>
 *   <li>{@code model.input-size} when given;</li>
 *   <li>the augment pipeline's output size when it always has one (it ends with a resize or a crop);</li>
 *   <li>the size of the training images when they all share one;</li>
 *   <li>otherwise their median width and height, scaled down so the longer side is at most
 *       {@value #AUTO_MAX_SIDE} (keeping the median's aspect ratio) and rounded to multiples of 8.</li>
 * </ol>
 * Channels: those of {@code model.input-size} when it gives them, else 3 when any training image is in colour.
 * Policy: {@code model.resize}, else letterbox when the training images carry boxes (no object is cut or
 * distorted) and resize otherwise.
 *
 * @param fit what every sample goes through last, in training, evaluation, preview and prediction
 * @param reason where the size came from, for the log and {@code model.json}
 */
public record InputChoice(InputFit fit, String reason) {
    /** The longest side an automatically chosen input size may have. */
    public static final int AUTO_MAX_SIDE = 224;

    public static InputChoice choose(ModelConf model, ImageProfile train, Optional<int[]> pipelineOutput) {
        if (train.images() == 0) {
            throw new DataException("the dataset has no rows in split 'train': nothing to train on");
        }
        InputRequest request = model.inputSize();
        int channels = request.channels() > 0 ? request.channels() : train.colourImages() > 0 ? 3 : 1;
        ResizePolicy policy = model.resize() != null ? model.resize()
                : train.imagesWithBoxes() > 0 ? ResizePolicy.LETTERBOX : ResizePolicy.RESIZE;
        int width;
        int height;
        String reason;
        if (request.sizeGiven()) {
            width = request.width();
            height = request.height();
            reason = "model.input-size";
        } else if (pipelineOutput.isPresent()) {
            width = pipelineOutput.get()[0];
            height = pipelineOutput.get()[1];
            reason = "the augment pipeline's output size";
        } else if (train.oneSize()) {
            width = train.commonSizes().get(0).width();
            height = train.commonSizes().get(0).height();
            reason = String.format(Locale.ROOT, "the size of all %d training images", train.images());
        } else {
            double scale = Math.min(1.0, (double) AUTO_MAX_SIDE / Math.max(train.medianWidth(), train.medianHeight()));
            width = multipleOf8(train.medianWidth() * scale);
            height = multipleOf8(train.medianHeight() * scale);
            reason = String.format(Locale.ROOT, "the median size %dx%d of %d training images in %d sizes%s, rounded"
                    + " to multiples of 8", train.medianWidth(), train.medianHeight(), train.images(),
                    train.distinctSizes(), scale < 1 ? ", scaled to a longer side of at most " + AUTO_MAX_SIDE : "");
        }
        return new InputChoice(new InputFit(new InputSize(width, height, channels), policy), reason);
    }

    /** A model's recorded input (a warm start, an evaluation or a prediction with a trained model). */
    public static InputChoice recorded(InputFit fit, String model) {
        return new InputChoice(fit, "the input of " + model);
    }

    public InputShape shape() {
        InputSize s = fit.size();
        return new InputShape(s.channels(), s.height(), s.width());
    }

    /** e.g. {@code "64x48x3 (letterbox): the median size ..."}. */
    public String describe() {
        return fit.size() + " (" + fit.policy().key() + "): " + reason;
    }

    static int multipleOf8(double side) {
        return Math.max(8, (int) Math.round(side / 8) * 8);
    }
}
