package io.augflow.jobs.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.pipeline.dataset.DatasetFiles;
import java.util.List;

/**
 * Every figure of a report: {@code report.json} is this record, and {@link ReportHtml} renders the page
 * from it alone, so page and JSON cannot disagree. Built by {@link ReportModelBuilder}.
 *
 * @param provenance what the report was made from
 * @param plan the sampling plan the "after" figures follow
 * @param conf the thresholds and options in force
 * @param totals dataset-wide figures
 * @param classes one entry per class, ascending id
 * @param warnings problems found, each a sentence naming the class or value and the threshold
 * @param samples the sample grid's tiles (PNG, base64)
 * @param imageSizes the train split's image sizes and the network input training would choose for them
 */
public record ReportModel(
        Provenance provenance,
        PlanSummary plan,
        ReportConf conf,
        Totals totals,
        List<ClassFigures> classes,
        List<ReportWarning> warnings,
        List<SampleTile> samples,
        ImageSizes imageSizes) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ReportModel {
        classes = List.copyOf(classes);
        warnings = List.copyOf(warnings);
        samples = List.copyOf(samples);
    }

    /**
     * @param dataset the dataset folder as given
     * @param rows all rows of the dataset, every split
     * @param configHash SHA-256 of the resolved {@code augflow} configuration (concise HOCON rendering)
     * @param seed {@code augflow.seed}
     * @param createdAt ISO-8601 instant
     * @param augflowVersion the jar's version, or "development build"
     * @param skippedFiles corrupt Parquet part files left out ({@code augflow.input.on-corrupt-file = skip}); their
     *                     rows are unknown and not in {@code rows}
     */
    public record Provenance(String dataset, long rows, String configHash, long seed, String createdAt,
            String augflowVersion, List<DatasetFiles.SkippedFile> skippedFiles) {

        @JsonCreator
        public Provenance {
            skippedFiles = skippedFiles == null ? List.of() : List.copyOf(skippedFiles);
        }

        /** A report of a dataset whose files were all readable. */
        public Provenance(String dataset, long rows, String configHash, long seed, String createdAt,
                String augflowVersion) {
            this(dataset, rows, configHash, seed, createdAt, augflowVersion, List.of());
        }
    }

    /**
     * @param train the train split's sizes, channels, boxes and background images
     * @param networkInput {@code WIDTHxHEIGHTxCHANNELS} of the network input training would use
     * @param resize the resize policy that brings other sizes to it
     * @param reason where that size comes from ({@code model.input-size}, the data, ...)
     */
    public record ImageSizes(io.augflow.pipeline.stats.ImageProfile train, String networkInput, String resize,
            String reason) {}

    /**
     * @param strategy the {@code balance.strategy} key
     * @param target the {@code balance.target} as configured
     * @param maxRepeat {@code balance.max-repeat}
     * @param epoch the epoch whose counts are shown
     * @param epochRows samples in that epoch
     * @param json the fitted plan ({@code SamplingPlan.toJson})
     */
    public record PlanSummary(String strategy, String target, int maxRepeat, int epoch, long epochRows,
            String json) {}

    /**
     * @param images rows counted (the statistics' splits)
     * @param splits the splits counted
     * @param objects boxes counted
     * @param imagesWithSmall rows with at least one small box
     * @param smallImageShare {@code imagesWithSmall / images}
     * @param smallObjectShare small boxes / all boxes (0 without boxes)
     * @param smallArea box area (px^2) below which an object is small
     * @param imbalanceBefore largest / smallest class by images, classes with images only
     * @param imbalanceAfter the same over one epoch under the plan
     * @param duplicateIds ids on more than one row (all splits)
     * @param duplicateExamples a few of them
     * @param ingestKnown whether the dataset has an ingest summary
     * @param ingestRowsIn rows the ingest read (0 when unknown)
     * @param quarantined rows the ingest set aside (0 when unknown)
     * @param quarantineRate {@code quarantined / ingestRowsIn} (0 when unknown)
     */
    public record Totals(long images, List<String> splits, long objects, long imagesWithSmall,
            double smallImageShare, double smallObjectShare, double smallArea, double imbalanceBefore,
            double imbalanceAfter, long duplicateIds, List<String> duplicateExamples, boolean ingestKnown,
            long ingestRowsIn, long quarantined, double quarantineRate) {
        public Totals {
            splits = List.copyOf(splits);
            duplicateExamples = List.copyOf(duplicateExamples);
        }
    }

    /**
     * @param images images of the class (an image of two classes counts for both)
     * @param epochImages uses of such images in one epoch under the plan (the "after" histogram)
     * @param primaryImages rows whose primary (rarest) class this is: the unit count strategies make exact
     * @param epochRows uses of those rows in one epoch (the plan's target for count strategies)
     * @param smallShare small / objects of the class (0 without boxes)
     * @param effectiveNumber Cui et al. 2019 effective number of {@code images}
     * @param classWeight the loss weight {@code balance.class-weights} gives the class
     */
    public record ClassFigures(int classId, String name, long images, long epochImages, long primaryImages,
            long epochRows, long objects, long small, long medium, long large, double smallShare,
            long imagesWithSmall, double effectiveNumber, double classWeight) {}

    /**
     * @param kind what is wrong: {@code under-min-count}, {@code duplicate-ids}, {@code high-quarantine-rate},
     *        {@code no-small-donors}
     * @param classId the class, or -1 for a dataset-wide warning
     * @param value the measured value
     * @param threshold the configured threshold it crosses (0 when there is none)
     * @param message one sentence naming the class or value and the threshold
     */
    public record ReportWarning(String kind, int classId, double value, double threshold, String message) {}

    /**
     * @param id the dataset row shown
     * @param kind {@code original}, {@code copy-paste}, or what a plugged-in {@link SampleGridSource} calls it
     * @param caption a short text under the tile
     * @param boxes boxes drawn
     * @param pastedBoxes of which pasted by copy-paste
     * @param width PNG width in pixels
     * @param height PNG height in pixels
     * @param pngBase64 the PNG
     */
    public record SampleTile(String id, String kind, String caption, int boxes, int pastedBoxes, int width,
            int height, String pngBase64) {}

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report model does not serialise", e);
        }
    }

    public static ReportModel fromJson(String json) {
        try {
            return JSON.readValue(json, ReportModel.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a report JSON: " + e.getOriginalMessage(), e);
        }
    }
}
