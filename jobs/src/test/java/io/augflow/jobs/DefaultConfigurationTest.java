package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.pipeline.ingest.IngestConf;
import io.augflow.train.spark.TrainingConf;
import io.augflow.train.spark.TrainConf;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The shipped configuration files parse and pass every block's validation; precedence works as documented. */
class DefaultConfigurationTest {

    private static Config resolve(String... args) {
        CommonOptions options = new CommonOptions();
        new CommandLine(options).parseArgs(args);
        return options.resolve(Map.of());
    }

    @Test
    void thePackagedDefaultsAreValidForEveryJob() {
        Config conf = resolve();
        SyntheticConf.fromConfig(conf.getConfig("generate"), conf.getLong("seed"));
        AugmentConf augment = AugmentConf.fromRoot(conf);
        assertEquals(conf.getLong("seed"), augment.seed());
        assertTrue(augment.compose().transforms().size() >= 5, "a default training pipeline is configured");
        TrainingConf.from(conf);
        assertEquals(3, TrainConf.fromRoot(conf).epochs());
        Config ingest = com.typesafe.config.ConfigFactory.parseMap(Map.of("input", "in", "output", "out"))
                .withFallback(conf.getConfig("ingest"));
        IngestConf read = IngestConf.from(io.augflow.augment.conf.ConfBlock.under(ingest, "ingest"));
        assertEquals(0.05, read.maxBadFraction(), "the packaged default");
        assertEquals(0, io.augflow.pipeline.ingest.incremental.IncrementalIngestConf.from(read,
                io.augflow.augment.conf.ConfBlock.under(ingest, "ingest").child(IngestConf.INCREMENTAL))
                .maxFilesPerBatch());
    }

    @Test
    void theDemoFileIncludesTheDefaultsAndOverridesAFew() {
        Config conf = resolve("--conf", Path.of("..", "conf", "demo.conf").toString());
        TrainingConf.from(conf);
        assertEquals(8, TrainConf.fromRoot(conf).epochs());
        assertEquals(1200, conf.getInt("generate.images"));
        assertEquals("local[*]", conf.getString("spark.master"), "the rest comes from augflow.conf");
    }

    @Test
    void commandLineBeatsSystemPropertiesBeatsTheFile() {
        Path demo = Path.of("..", "conf", "demo.conf");
        System.setProperty("augflow.train.epochs", "7");
        try {
            assertEquals(7, TrainConf.fromRoot(resolve("--conf", demo.toString())).epochs());
            assertEquals(9, TrainConf.fromRoot(resolve("--conf", demo.toString(), "--set", "augflow.train.epochs=9"))
                    .epochs());
        } finally {
            System.clearProperty("augflow.train.epochs");
        }
        assertEquals("local[3]", resolve("--master", "local[3]").getString("spark.master"));
    }

    @Test
    void aBadValueNamesTheKey() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConf.from(resolve("--set", "augflow.train.averaging-frequency=0")));
        assertTrue(e.getMessage().contains("train.averaging-frequency") && e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> resolve("--conf", "/no/such/file.conf"));
    }

    @Test
    void thePackagedRetrainBlockHoldsTheCodeDefaults() {
        Config conf = resolve();
        assertEquals(io.augflow.train.retrain.RetrainConf.fromRoot(ConfigFactory.empty()),
                io.augflow.train.retrain.RetrainConf.fromRoot(conf));
    }

    @Test
    void onlyAugflowPropertiesAreConfigurationAndTheJvmSwitchesAreNot() {
        // CpuBackend sets augflow.train.onednn in the system properties; a second job in the JVM must still validate
        System.setProperty("foo.bar", "1");
        System.setProperty(io.augflow.train.backend.CpuBackend.ONEDNN_KEY, "false");
        System.setProperty(io.augflow.train.backend.CpuBackend.ELEMENTWISE_THRESHOLD_KEY, "65536");
        System.setProperty(AugflowCli.STACKTRACE_PROPERTY, "true");
        System.setProperty("augflow.train.epochs", "5");
        try {
            Config conf = resolve();
            TrainingConf.from(conf);
            assertEquals(5, TrainConf.fromRoot(conf).epochs(), "-Daugflow.* still overrides the packaged defaults");
            assertFalse(conf.hasPath("train.onednn"), conf.getConfig("train").root().render());
            assertFalse(conf.hasPath("train.elementwiseThreshold"));
            assertFalse(conf.hasPath("stacktrace"));
            Config props = CommonOptions.configurationProperties(System.getProperties());
            assertFalse(props.hasPath("foo"), "-Dfoo.bar is not configuration");
            assertFalse(props.hasPath("java"), "java.* is not configuration");
            assertEquals(Set.of("augflow"), props.root().keySet());
            assertEquals(Set.of("train"), props.getConfig("augflow").root().keySet());
        } finally {
            System.clearProperty("foo.bar");
            System.clearProperty(io.augflow.train.backend.CpuBackend.ONEDNN_KEY);
            System.clearProperty(io.augflow.train.backend.CpuBackend.ELEMENTWISE_THRESHOLD_KEY);
            System.clearProperty(AugflowCli.STACKTRACE_PROPERTY);
            System.clearProperty("augflow.train.epochs");
        }
    }

    @Test
    void aTrainSwitchGivenInTheConfigurationIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConf.from(resolve("--set", "augflow.train.onednn=false")));
        assertTrue(e.getMessage().startsWith("augflow.train.onednn is not a known key"), e.getMessage());
    }

    @Test
    void anUnknownRootBlockIsRefusedWithTheKnownOnes() {
        Path typo = Path.of("target", "typo-root.conf");
        try {
            java.nio.file.Files.createDirectories(typo.getParent());
            java.nio.file.Files.writeString(typo, "augflow { trian { epochs = 9 } }");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> resolve("--conf", typo.toString()));
        assertEquals("augflow.trian is not a known key (known: " + AugflowConf.KEYS + ")", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> resolve("--set", "augflow.sead=7"));
        assertTrue(e.getMessage().startsWith("augflow.sead is not a known key (known: [seed, work-dir, spark,"),
                e.getMessage());
    }

    @Test
    void theRootKeysAreExactlyThoseOfThePackagedDefaults() {
        assertEquals(Set.copyOf(AugflowConf.KEYS), resolve().root().keySet());
    }
}
