package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.conf.ConfBlock;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.augment.synthetic.SyntheticDataset;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.pipeline.plan.PlanConf;
import io.augflow.train.model.ModelConf;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import picocli.CommandLine;

/**
 * One seed, augflow.seed, for every random stream; {@code preview --seed} sets it, so preview shows the draws
 * training makes (the bug was: preview --seed set augflow.augment.seed, which training never read).
 */
class OneSeedTest {
    private static final int EPOCH = 2;
    private static final int REPEAT = 1;

    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    private static Config preview(String... extra) {
        PreviewCommand command = new PreviewCommand();
        String[] args = new String[extra.length + 4];
        args[0] = "--dataset";
        args[1] = "data";
        args[2] = "--output";
        args[3] = "out.png";
        System.arraycopy(extra, 0, args, 4, extra.length);
        new CommandLine(command).parseArgs(args);
        return command.resolve();
    }

    /** Preview's draw: PreviewJob applies the AugmentConf's pipeline with forSample(augment.seed(), ...). */
    private static byte[] previewDraw(Config conf, Sample sample) {
        AugmentConf augment = AugmentConf.fromRoot(conf);
        return bytes(augment.compose().apply(sample, RandomStreams.forSample(augment.seed(), EPOCH, sample.id(), REPEAT)));
    }

    /**
     * Training's draw, as TrainingSetup and EpochStream make it: the augment block rendered to HOCON and parsed
     * again, applied with sampleKey(augflow.seed, epoch, id, repeat).
     */
    private static byte[] trainingDraw(Config conf, Sample sample) {
        Config block = ConfigFactory.empty().withValue(AugmentConf.PATH, conf.getValue(AugmentConf.PATH));
        String hocon = block.root().render(ConfigRenderOptions.concise());
        long key = RandomStreams.sampleKey(ConfBlock.rootSeed(conf), EPOCH, sample.id(), REPEAT);
        return bytes(AugmentConf.parse(hocon).compose().apply(sample, new SplittableRandom(key)));
    }

    private static Sample sample(Config conf) {
        return new SyntheticDataset(SyntheticConf.fromConfig(conf.getConfig("generate"), 1)).generate(3);
    }

    private static byte[] bytes(Sample s) {
        Mat m = s.image();
        byte[] b = new byte[(int) (m.total() * m.elemSize())];
        m.get(0, 0, b);
        return b;
    }

    @Test
    void previewSeedIsTheRunSeedThatEveryStreamReads() {
        Config conf = preview("--seed", "7");
        assertEquals(7, conf.getLong("seed"));
        assertEquals(7, AugmentConf.fromRoot(conf).seed());
        assertEquals(7, ModelConf.fromRoot(conf).seed());
        assertEquals(7, PlanConf.fromRoot(conf).seed());
        assertFalse(conf.hasPath("augment.seed"));
        Config defaults = preview();
        assertEquals(42, AugmentConf.fromRoot(defaults).seed(), "the default numbers do not move");
        assertEquals(42, ModelConf.fromRoot(defaults).seed());
        assertEquals(42, PlanConf.fromRoot(defaults).seed());
    }

    @Test
    void previewAndTrainingDrawTheSameAugmentationAndSeedChangesBoth() {
        Config seven = preview("--seed", "7");
        Config eight = preview("--seed", "8");
        Sample sample = sample(seven);
        byte[] previewSeven = previewDraw(seven, sample);
        assertArrayEquals(previewSeven, trainingDraw(seven, sample));
        assertArrayEquals(previewDraw(eight, sample), trainingDraw(eight, sample));
        assertFalse(java.util.Arrays.equals(previewSeven, previewDraw(eight, sample)), "--seed changes the draw");
        assertFalse(java.util.Arrays.equals(trainingDraw(seven, sample), trainingDraw(eight, sample)));
    }

    @Test
    void aBlockSeedIsRefusedWithAPointerToTheRunSeed() {
        for (String key : new String[] {"augment", "model", "balance"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> {
                Config conf = preview("--set", "augflow." + key + ".seed=5");
                AugmentConf.fromRoot(conf);
                ModelConf.fromRoot(conf);
                PlanConf.fromRoot(conf);
            });
            assertEquals("augflow." + key + ".seed is gone: augflow.seed seeds every random stream"
                    + " (augmentation, initialisation, sampling)", e.getMessage());
        }
    }
}
