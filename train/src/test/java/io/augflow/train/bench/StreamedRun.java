package io.augflow.train.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.augflow.train.spark.EpochListener;
import io.augflow.train.spark.EpochRecord;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.spark.TrainResult;
import io.augflow.train.spark.TrainingConf;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The streamed side of a data-stall bench: one {@link SparkTrainer} run from a fresh network (Parquet read, decode,
 * augmentation and encoding on the workers, prefetched), recorded per epoch from its history. The rate counts the
 * averaging rounds only (the history's epoch seconds), not set-up, planning or checkpoints.
 */
final class StreamedRun {
    /** The {@code feed} value of the run records. */
    static final String FEED = "streamed+augmented";

    private StreamedRun() {}

    /**
     * @return {@code {feed, repeat, samplesPerSecond, epochs: [{epoch, samples, rowsDecoded, seconds, ...}], phases}}
     *     ({@code phases}: the run's {@code training-stats.json} when {@code train.collect-stats} is on)
     */
    static Map<String, Object> train(SparkSession spark, Config root, String dataset, String output, int repeat)
            throws Exception {
        Files.createDirectories(new File(output).toPath().getParent());
        TrainResult result = new SparkTrainer(spark, TrainingConf.from(root)).train(dataset, output, false,
                EpochListener.NONE);
        List<Map<String, Object>> epochs = new ArrayList<>();
        double totalSeconds = 0;
        long totalSamples = 0;
        for (EpochRecord r : result.history()) {
            totalSeconds += r.seconds();
            totalSamples += r.samples();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", r.epoch());
            e.put("samples", r.samples());
            e.put("rowsDecoded", r.rowsDecoded());
            e.put("seconds", r.seconds());
            e.put("samplesPerSecond", r.samplesPerSecond());
            e.put("loss", r.loss());
            epochs.add(e);
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("feed", FEED);
        run.put("repeat", repeat);
        run.put("samplesPerSecond", totalSamples / totalSeconds);
        run.put("epochs", epochs);
        File stats = new File(output, SparkTrainer.STATS_FILE);
        if (stats.isFile()) {
            run.put("phases", new ObjectMapper().readValue(stats, List.class));
        }
        return run;
    }
}
