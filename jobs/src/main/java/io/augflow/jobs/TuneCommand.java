package io.augflow.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.augflow.augment.OpenCv;
import io.augflow.jobs.tune.StudyFailedException;
import io.augflow.jobs.tune.StudyOutputs;
import io.augflow.jobs.tune.StudyRegistration;
import io.augflow.jobs.tune.StudyReport;
import io.augflow.jobs.tune.StudySpec;
import io.augflow.jobs.tune.TrialMetric;
import io.augflow.jobs.tune.TrialTraining;
import io.augflow.jobs.tune.TuneConf;
import io.augflow.jobs.tune.TuneJob;
import io.augflow.pipeline.spark.SparkSessions;
import io.augflow.train.backend.CpuBackend;
import io.augflow.train.backend.CpuLaunchSettings;
import io.augflow.train.backend.GpuLaunchCheck;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.ModelVersion;
import io.augflow.train.spark.TrainConf;
import io.augflow.train.tune.Goal;
import io.augflow.train.tune.SearchSpace;
import io.augflow.train.tune.StudyState;
import io.augflow.train.tune.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code augflow tune}: a hyper-parameter study, trials trained K at a time on one Spark application. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Search training hyper-parameters: trials are ordinary trainings with values drawn from a",
            "search space (HOCON: choice, uniform, log-uniform, int, with conditions), K at a time on one Spark",
            "application (FAIR pools), ranked by their best validation metric. Strategies: grid, random, tpe",
            "(Bayesian, tree-structured Parzen estimator) and halving (random trials stopped at rungs by",
            "asynchronous successive halving). The study folder keeps a trial log: running the same command again",
            "resumes the study (finished trials are kept, half-done ones resume from their checkpoints). Writes",
            "study.json (every trial) and best.conf (the best trial's configuration, usable with --conf);",
            "--register puts the best model in the model registry."})
public final class TuneCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "PATH", description = "An augflow dataset.")
    String dataset;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "STUDY_DIR",
            description = "The study folder (local): trial log, trials/<n>/, study.json, best.conf.")
    Path studyDir;

    @Option(names = "--space", required = true, paramLabel = "SPACE.conf",
            description = "The search space, one block per full training key (conf/tune-example.conf).")
    Path spaceFile;

    @Option(names = "--strategy", paramLabel = "NAME", description = "grid, random, tpe or halving"
            + " (augflow.tune.strategy).")
    String strategy;

    @Option(names = "--trials", paramLabel = "N", description = "Trials in the study (augflow.tune.trials).")
    Integer trials;

    @Option(names = "--parallel", paramLabel = "K", description = "Trials at once (augflow.tune.parallel).")
    Integer parallel;

    @Option(names = "--seed", paramLabel = "S", description = "The study's seed (augflow.tune.seed; default"
            + " augflow.seed).")
    Long seed;

    @Option(names = "--register", paramLabel = "NAME", description = "Register the best trial's model in the model"
            + " registry (augflow.registry.path, else <work-dir>/registry) with a note naming NAME; not promoted.")
    String register;

    @Override
    public Integer call() throws java.io.IOException {
        Map<String, Object> o = new LinkedHashMap<>();
        GenerateCommand.putIfSet(o, TuneConf.STRATEGY_KEY, strategy);
        GenerateCommand.putIfSet(o, TuneConf.TRIALS_KEY, trials);
        GenerateCommand.putIfSet(o, TuneConf.PARALLEL_KEY, parallel);
        GenerateCommand.putIfSet(o, TuneConf.SEED_KEY, seed);
        Config conf = common.resolve(o);
        TuneConf tune = TuneConf.fromRoot(conf);
        Config spaceBlock = readSpace(spaceFile);
        SearchSpace space = SearchSpace.parse(spaceBlock, spaceFile.toString());
        TrialTraining training = new TrialTraining(conf, tune);
        training.check(space, spaceFile.toString());
        TrialMetric metric = TrialMetric.of(tune, TrainConf.fromRoot(conf).bestEpoch().metric());
        StudySpec spec = StudySpec.of(dataset, spaceBlock, tune, conf);
        spec.saveOrCheck(createFolder(studyDir));

        OpenCv.load();
        CpuBackend.configureFromSystemProperties();
        CpuBackend.tuneNd4j();
        SparkSession spark = SparkSessions.getOrCreate(conf.getConfig("spark"), "tune", sparkConf -> {
            GpuLaunchCheck.check(sparkConf);
            // trials share the executors by FAIR pools instead of queueing behind each other's jobs
            sparkConf.setIfMissing("spark.scheduler.mode", "FAIR");
            return CpuLaunchSettings.defaults(sparkConf.getInt("spark.task.cpus", 1)).applyTo(sparkConf);
        });
        StudyState state = new TuneJob(spark, tune, tune.searchStrategy(space), training, metric,
                System.out::println, Clock.systemUTC()).run(dataset, studyDir);
        Optional<TrialRecord> best = StudyOutputs.write(studyDir, spec, training, metric);
        String metricName = StudyOutputs.metricName(studyDir, best, metric);
        Path report = StudyReport.write(state, space, Goal.MAXIMIZE, metricName, tune.strategy().key(), studyDir);
        if (best.isEmpty()) {
            throw new StudyFailedException(allFailed(state));
        }
        TrialRecord b = best.get();
        System.out.printf(Locale.ROOT, "tune: %d trials finished, %d failed; best trial %d: validation %s %.4f with"
                + " %s%n", state.finished().size(), state.failed().size(), b.trial(), metricName,
                b.metric().getAsDouble(), b.config().values());
        System.out.println("study:   " + studyDir.resolve(StudyOutputs.JSON_FILE));
        System.out.println("best:    " + studyDir.resolve(StudyOutputs.BEST_FILE) + " (use with --conf)");
        System.out.println("report:  " + report);
        if (register != null) {
            ModelRegistry registry = ModelRegistry.open(RetrainCommand.defaultRegistry(conf),
                    spark.sparkContext().hadoopConfiguration());
            ModelVersion version = StudyRegistration.register(spark, registry, register, dataset, studyDir, b,
                    training, metricName);
            System.out.println("registered: " + ModelVersion.label(version.version()) + " in " + registry.root()
                    + " (not promoted: augflow models promote " + version.version() + ")");
        }
        return ExitCodes.OK;
    }

    /** The space file's block; a missing file is a usage error naming it. */
    static Config readSpace(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--space " + file + ": no such readable file");
        }
        return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
    }

    private static Path createFolder(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new io.augflow.pipeline.output.OutputWriteException("cannot create the study folder " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** One line: how many trials failed, and each failed trial's reason (the first few). */
    static String allFailed(StudyState state) {
        String reasons = state.failed().stream().limit(3)
                .map(r -> "trial " + r.trial() + ": " + r.failure().orElse("?"))
                .collect(Collectors.joining("; "));
        int more = state.failed().size() - 3;
        return "all " + state.failed().size() + " trials failed (" + reasons + (more > 0 ? "; " + more + " more" : "")
                + ")";
    }
}
