package io.augflow.train.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class CpuBackendTest {

    @AfterEach
    void restore() {
        System.clearProperty(CpuBackend.ONEDNN_KEY);
        CpuBackend.configure(true);
    }

    @Test
    void theDefaultBuildRunsConvolutionAndPoolingOnOneDnn() {
        System.clearProperty(CpuBackend.ONEDNN_KEY);
        assertTrue(CpuBackend.configureFromSystemProperties());
        OneDnnStatus s = CpuBackend.status();
        assertTrue(s.libnd4jOneDnn(), "libnd4j is not the oneDNN build: " + s);
        assertTrue(s.nativeLibrary().contains("linux-x86_64-onednn"), s.nativeLibrary());
        assertTrue(s.dl4jOneDnnCheck(), "DL4J's oneDNN lookup failed (the Nd4jCpu shim): " + s);
        assertEquals(MKLDNNConvHelper.class.getName(), s.convolutionHelper());
        assertEquals(MKLDNNSubsamplingHelper.class.getName(), s.subsamplingHelper());
        assertEquals(CpuBackend.ONEDNN_EXTENSION, s.platformExtension());
        assertTrue(s.oneDnnActive());
        CpuBackend.requireOneDnn();
    }

    @Test
    void theSwitchGivesThePlainPathToNetworksBuiltAfterIt() {
        System.setProperty(CpuBackend.ONEDNN_KEY, "false");
        assertFalse(CpuBackend.configureFromSystemProperties());
        OneDnnStatus s = CpuBackend.status();
        assertTrue(s.helpersDisabled());
        assertEquals(OneDnnStatus.NONE, s.convolutionHelper());
        assertEquals(OneDnnStatus.NONE, s.subsamplingHelper());
        assertFalse(s.oneDnnActive());
        IllegalStateException e = assertThrows(IllegalStateException.class, CpuBackend::requireOneDnn);
        assertTrue(e.getMessage().contains(CpuBackend.HELPERS_DISABLE_KEY), e.getMessage());

        CpuBackend.configure(true);
        assertTrue(CpuBackend.status().oneDnnActive(), "switching back must work for later networks");
    }

    @Test
    void aBadSwitchValueIsRejectedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CpuBackend.parseSwitch("yes"));
        assertEquals("augflow.train.onednn must be true or false, got 'yes'", e.getMessage());
        assertTrue(CpuBackend.parseSwitch(" TRUE "));
        assertFalse(CpuBackend.parseSwitch("false"));
    }

    @Test
    void launchSettingsCarryTheFlagsAndEnvironment() {
        CpuLaunchSettings d = CpuLaunchSettings.defaults(2);
        assertEquals(List.of("-Daugflow.train.onednn=true", "-Dorg.eclipse.deeplearning4j.helpers.disable=false",
                "-Dorg.bytedeco.javacpp.platform.extension=-onednn", "-Daugflow.train.elementwiseThreshold=65536"),
                d.jvmOptions());
        assertEquals(Map.of("OMP_NUM_THREADS", "2", "OMP_WAIT_POLICY", "PASSIVE"), d.environment());
        assertTrue(new CpuLaunchSettings(false, 1, "active").jvmOptions()
                .contains("-Dorg.eclipse.deeplearning4j.helpers.disable=true"));
    }

    @Test
    void sparkExecutorsGetTheEnvironmentAndKeepTheirExistingOptions() {
        SparkConf conf = new SparkConf(false).set(CpuLaunchSettings.EXECUTOR_JAVA_OPTIONS, "--add-opens=x=y");
        CpuLaunchSettings.defaults(3).applyTo(conf);
        assertEquals("3", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("PASSIVE", conf.get("spark.executorEnv.OMP_WAIT_POLICY"));
        String opts = conf.get(CpuLaunchSettings.EXECUTOR_JAVA_OPTIONS);
        assertTrue(opts.startsWith("--add-opens=x=y "), opts);
        assertTrue(opts.contains("-Dorg.eclipse.deeplearning4j.helpers.disable=false"), opts);
        assertTrue(opts.contains("-Dorg.bytedeco.javacpp.platform.extension=-onednn"), opts);
    }

    @Test
    void nd4jTuningSetsTheElementwiseThresholdAndRejectsBadValues() {
        int before = Nd4j.getEnvironment().elementwiseThreshold();
        try {
            System.clearProperty(CpuBackend.ELEMENTWISE_THRESHOLD_KEY);
            assertEquals(CpuBackend.DEFAULT_ELEMENTWISE_THRESHOLD, CpuBackend.tuneNd4j());
            assertEquals(CpuBackend.DEFAULT_ELEMENTWISE_THRESHOLD, Nd4j.getEnvironment().elementwiseThreshold());
            System.setProperty(CpuBackend.ELEMENTWISE_THRESHOLD_KEY, "4096");
            assertEquals(4096, CpuBackend.tuneNd4j());
            assertEquals(4096, Nd4j.getEnvironment().elementwiseThreshold());
            System.setProperty(CpuBackend.ELEMENTWISE_THRESHOLD_KEY, "lots");
            assertEquals("augflow.train.elementwiseThreshold must be an integer >= 1, got 'lots'",
                    assertThrows(IllegalArgumentException.class, CpuBackend::tuneNd4j).getMessage());
        } finally {
            System.clearProperty(CpuBackend.ELEMENTWISE_THRESHOLD_KEY);
            Nd4j.getEnvironment().setElementwiseThreshold(before);
        }
    }

    @Test
    void badLaunchSettingsNameTheParameter() {
        assertEquals("ompThreads must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new CpuLaunchSettings(true, 0, "PASSIVE"))
                        .getMessage());
        assertEquals("ompWaitPolicy must be PASSIVE or ACTIVE, got 'SPIN'",
                assertThrows(IllegalArgumentException.class, () -> new CpuLaunchSettings(true, 2, "spin"))
                        .getMessage());
    }
}
