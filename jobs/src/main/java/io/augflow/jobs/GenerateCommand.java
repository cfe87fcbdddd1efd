package io.augflow.jobs;

import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import io.augflow.pipeline.spark.SparkSessions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code augflow generate}: the synthetic long-tail dataset. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate the synthetic long-tail dataset (shapes on textured backgrounds, small objects).")
public final class GenerateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH", description = "Target folder.")
    String output;

    @Option(names = "--images", description = "Number of images (augflow.generate.images).")
    Integer images;

    @Option(names = "--imbalance-ratio", description = "Most common / rarest class (augflow.generate.imbalance-ratio).")
    Double imbalanceRatio;

    @Option(names = "--layout", description = "dataset or yolo (augflow.generate.layout).")
    String layout;

    @Option(names = "--overwrite", description = "Replace an existing target.")
    boolean overwrite;

    @Override
    public Integer call() {
        Map<String, Object> o = new LinkedHashMap<>();
        putIfSet(o, "augflow.generate.images", images);
        putIfSet(o, "augflow.generate.imbalance-ratio", imbalanceRatio);
        putIfSet(o, "augflow.generate.layout", layout);
        Config conf = common.resolve(o);
        Config block = conf.getConfig("generate");
        SyntheticConf synthetic = SyntheticConf.fromConfig(block, conf.getLong("seed"));
        GenerateLayout chosen = GenerateLayout.parse(block.getString("layout"));
        OpenCv.load();
        SparkSession spark = SparkSessions.getOrCreate(conf.getConfig("spark"), "generate");
        var summary = GenerateJob.run(spark, synthetic, chosen, output, block.getInt("partitions"), overwrite);
        System.out.printf("generated %d images (%s) in %s; images per class %s: %s%n", summary.images(),
                summary.layout(), summary.output(), summary.classes(), Arrays.toString(summary.imagesPerClass()));
        return 0;
    }

    static void putIfSet(Map<String, Object> overrides, String key, Object value) {
        if (value != null) {
            overrides.put(key, value);
        }
    }
}
