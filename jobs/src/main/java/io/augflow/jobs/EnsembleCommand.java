package io.augflow.jobs;

import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.spark.SparkSessions;
import io.augflow.train.backend.CpuBackend;
import io.augflow.train.backend.CpuLaunchSettings;
import io.augflow.train.ensemble.CombineMethod;
import io.augflow.train.ensemble.EnsembleBuilder;
import io.augflow.train.ensemble.EnsembleConf;
import io.augflow.train.ensemble.EnsembleFitConf;
import io.augflow.train.ensemble.EnsembleSummary;
import io.augflow.train.model.ModelConf;
import io.augflow.train.spark.TrainConf;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code augflow ensemble}: an ensemble model from trained classifiers ({@link EnsembleBuilder}). */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = {"Build an ensemble model from classifiers of the same classes, fitted and scored on the"
            + " validation split (the members' probabilities are computed on the executors).",
            "Combiners: vote (hard voting), average (mean probabilities), weighted (weights fitted on validation"
                + " log-loss), stacking (softmax regression on the members' probabilities, cross-fitted).",
            "Detectors: --combine nms pools every member's boxes and merges them by per-class NMS.",
            "The output is a model folder: predict, models register/show and retrain take it like any other."})
public final class EnsembleCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-m", "--models"}, required = true, paramLabel = "MODELS", description = {"Two or more members,"
            + " comma-separated: training output folders, model.zip files or registry versions (REGISTRY:3,"
            + " REGISTRY:champion). With --registry, bare versions (v3,v5,7) name versions of that registry."})
    String models;

    @Option(names = "--registry", paramLabel = "PATH",
            description = "The registry bare versions in --models refer to (default: augflow.registry.path).")
    String registry;

    @Option(names = "--combine", paramLabel = "vote|average|weighted|stacking|nms", defaultValue = "average",
            description = "How the members are combined (nms: detectors' boxes pooled and merged by per-class NMS)."
                    + " Default: ${DEFAULT-VALUE}.")
    String combine;

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "PATH",
            description = "The augflow dataset whose validation split the ensemble is fitted and scored on.")
    String dataset;

    @Option(names = "--split", paramLabel = "SPLIT",
            description = "The labelled split to fit on (default: augflow.train.evaluate-split, usually val).")
    String split;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH",
            description = "The ensemble model folder to create.")
    String output;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "" + EnsembleFitConf.DEFAULT_FOLDS,
            description = "Folds of the cross-fit of weighted and stacking. Default: ${DEFAULT-VALUE}.")
    int folds;

    @Option(names = "--stacking-l2", paramLabel = "L2", defaultValue = "" + EnsembleFitConf.DEFAULT_L2,
            description = "L2 penalty of the stacking meta-model's coefficients. Default: ${DEFAULT-VALUE}.")
    double l2;

    @Option(names = "--overwrite", description = "Replace an existing output folder (once the new one is complete).")
    boolean overwrite;

    @Option(names = "--timeout-minutes", paramLabel = "MINUTES", defaultValue = EnsembleConf.DEFAULT_TIMEOUT_MINUTES,
            description = "Cancel the scoring and fail after this long (it never hangs). Default: ${DEFAULT-VALUE}.")
    double timeoutMinutes;

    @Override
    public Integer call() {
        Config conf = common.resolve(Map.of());
        TrainConf train = TrainConf.fromRoot(conf);
        EnsembleFitConf fit = new EnsembleFitConf(CombineMethod.fromKey(combine, "--combine"), folds, l2,
                conf.getLong("seed"));
        String fitSplit = split != null ? split : train.evaluateSplit();
        EnsembleConf ensemble = new EnsembleConf(fit, fitSplit, train.batchSizePerWorker(), overwrite,
                Duration.ofMillis(Math.round(timeoutMinutes * 60_000)));
        List<String> members = members(models, registry != null ? registry
                : conf.hasPath("registry.path") ? conf.getString("registry.path") : "");
        OpenCv.load();
        CpuBackend.configureFromSystemProperties();
        CpuBackend.tuneNd4j();
        SparkSession spark = SparkSessions.getOrCreate(conf.getConfig("spark"), "ensemble",
                sparkConf -> CpuLaunchSettings.defaults(sparkConf.getInt("spark.task.cpus", 1)).applyTo(sparkConf));
        EnsembleSummary s = new EnsembleBuilder(spark, ensemble, System.err::println)
                .build(members, train, ModelConf.fromRoot(conf).detect(), dataset, output);
        s.memberLines().forEach(System.out::println);
        System.out.println(s.describe());
        return 0;
    }

    /** The members; a bare version ({@code v3}, {@code 3}) becomes {@code REGISTRY:v3}. */
    static List<String> members(String list, String registry) {
        List<String> out = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (out.size() < 2) {
            throw new IllegalArgumentException("--models must name at least 2 members, comma-separated, got \""
                    + list + "\"");
        }
        return out.stream().map(m -> {
            if (!m.matches("[vV]?\\d{1,9}")) {
                return m;
            }
            if (registry.isBlank()) {
                throw new IllegalArgumentException("--models names version " + m + " but no registry is set: give"
                        + " --registry or augflow.registry.path, or write REGISTRY:" + m);
            }
            return registry + ":" + m;
        }).toList();
    }
}
