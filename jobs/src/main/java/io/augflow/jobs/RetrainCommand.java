package io.augflow.jobs;

import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.jobs.retrain.RetrainJob;
import io.augflow.jobs.retrain.RetrainRecord;
import io.augflow.pipeline.spark.SparkSessions;
import io.augflow.train.backend.CpuBackend;
import io.augflow.train.backend.CpuLaunchSettings;
import io.augflow.train.backend.GpuLaunchCheck;
import io.augflow.train.registry.ModelRegistry;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code augflow retrain}: the scheduled retrain run against the model registry ({@link RetrainJob}). */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"Retrain on new data and promote the new model only if it beats the registry's champion.",
            "Under the registry lock: no champion -> train, register and promote the first model; too few new rows",
            "since the champion (augflow.retrain.min-new-rows / min-new-share) -> nothing to do; otherwise the",
            "balancing report, a challenger warm-started from the champion (augflow.retrain.epochs), both scored on",
            "the holdout split, the challenger registered, and promoted if it passes the rule. Writes",
            "retrain-report.html and retrain.json into the run folder.",
            "Exit code 0 for every finished run: first model, promoted, rejected or nothing to do (see retrain.json);",
            "4 when another run holds the registry lock (nothing done: retry later)."})
public final class RetrainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "PATH", description = "The augflow dataset.")
    String dataset;

    @Option(names = "--registry", paramLabel = "PATH",
            description = "The model registry (default augflow.registry.path, else <work-dir>/registry).")
    String registry;

    @Option(names = {"-o", "--output"}, paramLabel = "RUN_DIR",
            description = "The run folder (default <work-dir>/retrain/<UTC time>).")
    String runDir;

    @Override
    public Integer call() {
        Config conf = common.resolve(Map.of());
        RetrainJob.Settings settings = RetrainJob.Settings.from(conf);
        String registryPath = registry != null ? registry : defaultRegistry(conf);
        String dir = runDir != null ? runDir : new Path(conf.getString("work-dir"), "retrain/"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC))).toString();
        OpenCv.load();
        CpuBackend.configureFromSystemProperties();
        CpuBackend.tuneNd4j();
        SparkSession spark = SparkSessions.getOrCreate(conf.getConfig("spark"), "retrain",
                sparkConf -> {
                    GpuLaunchCheck.check(sparkConf);
                    return CpuLaunchSettings.defaults(sparkConf.getInt("spark.task.cpus", 1)).applyTo(sparkConf);
                });
        ModelRegistry models = ModelRegistry.open(registryPath, spark.sparkContext().hadoopConfiguration());
        // a held lock throws RegistryLockedException: exit code 4 (FailureReport), before anything is written
        RetrainRecord record = new RetrainJob(spark, settings, new ConsoleProgress(), RetrainJob.Steps.NONE)
                .run(dataset, models, dir);
        System.out.println("retrain: " + record.summary());
        record.reasons().stream().filter(r -> !r.equals(record.summary()))
                .forEach(r -> System.out.println("  " + r));
        System.out.println("report:  " + new Path(dir, RetrainJob.HTML_FILE));
        System.out.println("record:  " + new Path(dir, RetrainJob.JSON_FILE));
        return 0;
    }

    /** {@code augflow.registry.path} when configured, else {@code <work-dir>/registry}. */
    static String defaultRegistry(Config conf) {
        return conf.hasPath("registry.path") ? conf.getString("registry.path")
                : new Path(conf.getString("work-dir"), "registry").toString();
    }
}
