package io.augflow.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.augment.conf.ConfBlock;
import java.util.List;

/**
 * The root of a run's configuration, the {@code augflow} block: the one list of its keys and blocks, checked
 * for every command right after resolution (so {@code augflow.trian { ... }} stops the job with the known
 * blocks instead of silently training with the defaults). Each block checks its own keys where it is read.
 */
public final class AugflowConf {
    /** The root keys and blocks, in the order of {@code conf/augflow.conf}, which comments each. */
    public static final List<String> KEYS = List.of(
            "seed",       // the run's seed: every random stream derives from it
            "work-dir",   // where demo writes its datasets and reports
            "spark",      // Spark master, app name and extra Spark settings
            "generate",   // the synthetic dataset (generate)
            "ingest",     // reading a folder or annotation file into the dataset (ingest)
            "augment",    // the augmentation pipeline and box policy (AugmentConf)
            "preview",    // the preview grid (PreviewConf)
            "train",      // distributed training (TrainConf)
            "model",      // the network (ModelConf)
            "optimizer",  // the updater and its schedule (OptimizerConf)
            "loss",       // the loss (LossConf)
            "stats",      // what dataset statistics measure (StatsConf)
            "balance",    // class balancing: sampling plan and class weights (PlanConf)
            "report",     // report warnings and page (ReportConf)
            "registry",   // the model registry (models, retrain)
            "input",      // decoding of input images (corrupt files)
            "predict",    // batch prediction (PredictConf)
            "retrain",    // incremental retraining and promotion (RetrainConf)
            "tune");      // hyper-parameter search (TuneConf)

    private AugflowConf() {
    }

    /** Fails on the first root key of {@code augflow} (the block itself) that is not in {@link #KEYS}. */
    public static void check(Config augflow) {
        new ConfBlock(augflow, ConfBlock.ROOT).rejectUnknown(KEYS);
    }

    /** Resolves and checks a HOCON text holding an {@code augflow { ... }} block (for tests). */
    static Config parse(String hocon) {
        Config augflow = ConfigFactory.parseString(hocon).resolve().getConfig(ConfBlock.ROOT);
        check(augflow);
        return augflow;
    }
}
