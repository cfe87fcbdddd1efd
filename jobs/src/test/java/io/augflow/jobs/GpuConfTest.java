package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import io.augflow.train.spark.TrainConf;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** conf/gpu.conf parses, pulls in augflow.conf, and asks Spark for one GPU and one task per executor. */
class GpuConfTest {
    private static final Path CONF_DIR = Path.of("..", "conf").toAbsolutePath().normalize();

    private static Config augflow;
    private static Config sparkConf;

    @BeforeAll
    static void parse() {
        Config root = ConfigFactory.parseFile(CONF_DIR.resolve("gpu.conf").toFile(),
                ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        augflow = root.getConfig("augflow");
        sparkConf = augflow.getConfig("spark.conf");
    }

    private static String spark(String key) {
        return sparkConf.getString(ConfigUtil.quoteString(key));
    }

    @Test
    void includesTheDefaultConfigurationRelativeToItself() {
        Config defaults = ConfigFactory.parseFile(CONF_DIR.resolve("augflow.conf").toFile()).resolve();
        assertEquals(defaults.getLong("augflow.seed"), augflow.getLong("seed"));
        assertEquals(defaults.getConfig("augflow.generate"), augflow.getConfig("generate"));
        assertEquals(defaults.getString("augflow.spark.conf.\"spark.locality.wait\""), spark("spark.locality.wait"));
    }

    @Test
    void asksForOneGpuPerExecutorAndPerTask() {
        assertEquals(1, Integer.parseInt(spark("spark.executor.resource.gpu.amount")));
        assertEquals(1, Integer.parseInt(spark("spark.task.resource.gpu.amount")));
        assertEquals("0", spark("spark.locality.wait"));
    }

    @Test
    void runsOneTaskPerExecutorSoOneTrainingWorkerPerGpu() {
        int cores = Integer.parseInt(spark("spark.executor.cores"));
        int taskCpus = Integer.parseInt(spark("spark.task.cpus"));
        assertTrue(cores >= 1, "spark.executor.cores must be >= 1, got " + cores);
        assertEquals(1, cores / taskCpus, "tasks per executor by cores");
        int byGpu = Integer.parseInt(spark("spark.executor.resource.gpu.amount"))
                / Integer.parseInt(spark("spark.task.resource.gpu.amount"));
        assertEquals(1, byGpu, "tasks per executor by GPUs");
    }

    @Test
    void namesTheDiscoveryScriptShippedNextToIt() {
        Path script = Path.of(spark("spark.executor.resource.gpu.discoveryScript"));
        assertEquals(Path.of("."), script.getParent(), "--files puts the script in the working directory");
        assertTrue(Files.isExecutable(CONF_DIR.resolve(script.getFileName())), "conf/" + script.getFileName());
    }

    @Test
    void reservesOffHeapMemoryForNd4j() {
        long overhead = ConfigFactory.parseString("m = " + spark("spark.executor.memoryOverhead")).getBytes("m");
        assertTrue(overhead >= 1L << 30, "spark.executor.memoryOverhead must leave room for ND4J, got " + overhead);
    }

    @Test
    void trainsWithOneWorkerPerGpu() {
        String gpus = System.getenv("AUGFLOW_GPUS");
        int expected = gpus == null ? 2 : Integer.parseInt(gpus.trim());
        assertEquals(expected, TrainConf.fromRoot(augflow).workers());
    }

    @Test
    void numbersGpusAsTheDiscoveryScriptDoes() {
        // nvidia-smi's indices (what Spark assigns) are in PCI bus order; TaskDevice maps them to CUDA's numbers
        assertEquals(io.augflow.train.backend.GpuDeviceChoice.PCI_BUS_ORDER,
                spark("spark.executorEnv." + io.augflow.train.backend.GpuDeviceChoice.DEVICE_ORDER));
    }
}
