package io.augflow.jobs.preview;

import static org.apache.spark.sql.functions.col;

import io.augflow.augment.DataException;
import io.augflow.augment.Sample;
import io.augflow.augment.copypaste.DonorBank;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.augment.transform.Compose;
import io.augflow.pipeline.dataset.CorruptFilePolicy;
import io.augflow.pipeline.dataset.DatasetFiles;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.donor.DonorBankBuilder;
import io.augflow.pipeline.donor.CopyPasteBanks;
import io.augflow.pipeline.donor.DonorConf;
import io.augflow.pipeline.output.OutputPreflight;
import io.augflow.pipeline.stats.ImageProfile;
import io.augflow.train.model.InputChoice;
import io.augflow.train.model.ModelConf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.opencv.core.Mat;

/**
 * The preview: chooses {@code samples} rows of a split ({@link PreviewSelection}), augments each
 * {@code augmentations} times with the {@code augment} pipeline, and draws the grid ({@link PreviewGrid}).
 *
 * <p>Column {@code m} (1-based) shows {@code RandomStreams.forSample(seed, epoch, id, m - 1)}: the draws training
 * makes in that epoch for the sample's repeats 0, 1, ... (repeats beyond the first happen when the sampling plan
 * oversamples it), each ended by the network input step training uses ({@link InputChoice}: the same input size
 * and resize policy, from {@code model.input-size}/{@code model.resize} or the data). Mosaic and mixup take their
 * partners from the chosen rows ({@link PreviewDraws}). The same seed, epoch and dataset give the same PNG bytes.
 *
 * <p>This is a small driver-side job, on purpose: Spark ranks the rows and builds the donor bank on the
 * executors, but only the chosen rows (at most {@link PreviewConf#MAX_SAMPLES}) and the bounded donor bank
 * ({@code donors-per-class} per class) are collected, then augmented and drawn on the driver.
 */
public final class PreviewJob {
    private PreviewJob() {}

    /** What was drawn, for the command's output; {@code skippedFiles}: corrupt part files left out by the policy. */
    public record Summary(Path output, int width, int height, List<String> ids, int donors, List<String> pipeline,
            int skippedFiles, InputChoice input) {}

    /**
     * Draws the preview of {@code datasetPath} into {@code output}, a local PNG whose folder is checked for
     * writing first; a corrupt part file fails the preview or is left out, as {@code policy} says.
     */
    public static Summary run(SparkSession spark, String datasetPath, Path output, PreviewConf conf,
            AugmentConf augment, ModelConf model, CorruptFilePolicy policy) {
        checkWritable(output, spark.sparkContext().hadoopConfiguration());
        DatasetMetadata meta = DatasetReader.readMetadata(spark, datasetPath);
        DatasetFiles files = DatasetReader.open(spark, datasetPath, policy);
        Dataset<Row> rows = DatasetReader.read(spark, files);
        Dataset<Row> split = rows.filter(col(DatasetSchema.SPLIT).equalTo(conf.split()));
        long seed = augment.seed();
        List<Row> chosen = PreviewSelection.choose(split, conf.samples(), seed, DonorConf.DEFAULT_SMALL_AREA);
        if (chosen.isEmpty()) {
            throw new DataException("dataset " + datasetPath + " has no rows in split '" + conf.split()
                    + "' (--split)");
        }
        Compose compose = augment.compose();
        InputChoice input = InputChoice.choose(model, ImageProfile.bySplit(rows).getOrDefault("train",
                ImageProfile.EMPTY), compose.fixedOutputSize());
        int donors = 0;
        OptionalDouble bankSmallArea = CopyPasteBanks.bankSmallArea(compose);
        if (bankSmallArea.isPresent()) {
            DonorConf donorConf = new DonorConf(conf.donorsPerClass(), bankSmallArea.getAsDouble(), seed);
            DonorBank bank = new DonorBankBuilder(donorConf).buildBank(split, meta.classCount());
            compose = CopyPasteBanks.withBank(compose, bank);
            donors = bank.size();
        }
        List<Sample> originals = new ArrayList<>(chosen.size());
        for (Row row : chosen) {
            originals.add(SampleRows.decode(row));
        }
        List<PreviewGrid.Row> gridRows = PreviewDraws.draw(originals, compose, seed, conf.epoch(), conf.augmentations(),
                input.fit());
        List<String> pipeline = PreviewDraws.names(compose);
        List<String> title = List.of("augflow preview: " + name(datasetPath) + ", split " + conf.split() + ", seed "
                + seed + ", epoch " + conf.epoch() + "; column aug k = the draw for repeat k-1",
                "pipeline: " + (pipeline.isEmpty() ? "(empty)" : String.join(", ", pipeline)) + "; network input "
                        + input.fit().size() + " (" + input.fit().policy().key() + ")");
        PreviewGrid grid = new PreviewGrid(conf.cell(), meta.classes(), title, DonorConf.DEFAULT_SMALL_AREA);
        Mat picture = grid.render(gridRows);
        try {
            PngOutput.write(picture, output);
            return new Summary(output, picture.cols(), picture.rows(),
                    chosen.stream().map(r -> r.<String>getAs(DatasetSchema.ID)).toList(), donors, pipeline,
                    files.skipped().size(), input);
        } finally {
            picture.release();
        }
    }

    /** Before any Spark work: the PNG's folder must be (or become) a writable folder. */
    private static void checkWritable(Path output, Configuration hadoop) {
        try {
            OutputPreflight.checkWritableParent(new org.apache.hadoop.fs.Path(output.toUri()), FileSystem.getLocal(hadoop));
        } catch (IOException e) {
            throw new UncheckedIOException("no local file system for " + output, e);
        }
    }

    private static String name(String datasetPath) {
        String trimmed = datasetPath.replaceAll("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
