package io.augflow.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.ingest.IngestConf;
import io.augflow.pipeline.ingest.IngestJob;
import io.augflow.pipeline.ingest.IngestSummary;
import io.augflow.pipeline.spark.SparkSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code augflow ingest}: a real-world layout to the dataset format, bad rows to the quarantine. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Import image-folder, IDX (MNIST), YOLO or COCO data into the augflow dataset format.",
            "Bad rows go to <output>_quarantine with a reason; the job fails, writing nothing, when their share"
                + " exceeds augflow.ingest.max-bad-fraction."})
public final class IngestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "PATH",
            description = "The folder (or COCO JSON file) to import.")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH", description = "The dataset folder to create.")
    String output;

    @Option(names = "--layout", description = "auto, image-folder, idx, yolo or coco (augflow.ingest.layout).")
    String layout;

    @Option(names = "--classes", paramLabel = "A,B,...", description = "Class names overriding the layout's.")
    String classes;

    @Option(names = "--max-bad-fraction", description = "augflow.ingest.max-bad-fraction (default 0.05).")
    Double maxBadFraction;

    @Option(names = "--overwrite", description = "Replace an existing dataset (only once the new one is complete).")
    boolean overwrite;

    @Override
    public Integer call() {
        Map<String, Object> o = new LinkedHashMap<>();
        GenerateCommand.putIfSet(o, "augflow.ingest.layout", layout);
        GenerateCommand.putIfSet(o, "augflow.ingest.max-bad-fraction", maxBadFraction);
        Config conf = common.resolve(o);
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : conf.getConfig("ingest").entrySet()) {
            values.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
        }
        values.put(IngestConf.INPUT, input);
        values.put(IngestConf.OUTPUT, output);
        values.put(IngestConf.OVERWRITE, Boolean.toString(overwrite));
        if (classes != null) {
            values.put(IngestConf.CLASSES, classes);
        }
        IngestConf ingest = IngestConf.fromMap(values);
        OpenCv.load();
        IngestSummary s = IngestJob.run(SparkSessions.getOrCreate(conf.getConfig("spark"), "ingest"), ingest);
        System.out.printf("ingested %s: %d rows in, %d written %s, %d quarantined %s%n  dataset:    %s%n"
                        + "  quarantine: %s%n", s.layout(), s.rowsIn(), s.rowsWritten(), s.writtenBySplit(),
                s.rowsQuarantined(), s.quarantinedByReason(), s.output(), s.quarantine());
        return 0;
    }
}
