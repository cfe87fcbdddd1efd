package io.augflow.train.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.pipeline.dataset.CorruptFilePolicy;
import io.augflow.pipeline.plan.PlanConf;
import io.augflow.pipeline.stats.StatsConf;
import io.augflow.train.loss.LossConf;
import io.augflow.train.model.ModelConf;
import io.augflow.train.optim.OptimizerConf;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a training run reads from the configuration, typed and checked once on the driver
 * ({@link #from}): the blocks {@code train}, {@code model}, {@code optimizer}, {@code loss}, {@code augment},
 * {@code balance}, {@code stats}, {@code input.on-corrupt-file} and the one seed {@code augflow.seed}. A bad value
 * fails here, before Spark starts, with the full key in the message. The trainer and the retrain job receive this
 * record, never the raw configuration.
 *
 * @param augment    the augmentation pipeline; empty when the configuration has no {@code augment} block
 * @param configText the resolved configuration (concise HOCON) recorded in {@code model.json} and checkpoints
 */
public record TrainingConf(long seed, TrainConf train, ModelConf model, OptimizerConf optimizer, LossConf loss,
        Optional<AugmentConf> augment, PlanConf balance, StatsConf stats, CorruptFilePolicy onCorruptFile,
        String configText) {

    public TrainingConf {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(augment, "augment");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(onCorruptFile, "onCorruptFile");
        Objects.requireNonNull(configText, "configText");
    }

    /**
     * Reads and checks every training block of {@code root} (the resolved {@code augflow} block).
     *
     * @throws IllegalArgumentException naming the first bad key, its value and the rule
     */
    public static TrainingConf from(Config root) {
        TrainConf train = TrainConf.fromRoot(root);
        OptimizerConf optimizer = OptimizerConf.fromRoot(root);
        optimizer.toUpdater(); // builds DL4J's updater once, so its own range checks fail here too
        new ToTensor(train.mean(), train.std());
        Optional<AugmentConf> augment = root.hasPath(AugmentConf.PATH)
                ? Optional.of(AugmentConf.fromRoot(root)) : Optional.empty();
        StatsConf stats = root.hasPath("stats") ? StatsConf.from(root.getConfig("stats")) : StatsConf.defaults();
        return new TrainingConf(ConfBlock.rootSeed(root), train, ModelConf.fromRoot(root), optimizer,
                LossConf.fromRoot(root), augment, PlanConf.fromRoot(root), stats, CorruptFilePolicy.fromRoot(root),
                root.root().render(ConfigRenderOptions.concise()));
    }

    /** Parses a HOCON text holding the contents of the {@code augflow} block (tests, benches). */
    public static TrainingConf parse(String hocon) {
        return from(ConfigFactory.parseString(hocon).resolve());
    }

    /**
     * The same run with another number of epochs (the retrain job trains its challenger for
     * {@code retrain.epochs}); the recorded configuration text says so too, so the hash tells the runs apart.
     */
    public TrainingConf withEpochs(int epochs) {
        Config text = ConfigFactory.parseMap(Map.of(TrainConf.PATH + ".epochs", epochs))
                .withFallback(ConfigFactory.parseString(configText)).resolve();
        return new TrainingConf(seed, TrainConf.fromRoot(text), model, optimizer, loss, augment, balance, stats,
                onCorruptFile, text.root().render(ConfigRenderOptions.concise()));
    }

    /** SHA-256 of {@link #configText}: checkpoints written under another configuration are told apart by it. */
    public String configHash() {
        return TrainingSetup.sha256(configText);
    }
}
