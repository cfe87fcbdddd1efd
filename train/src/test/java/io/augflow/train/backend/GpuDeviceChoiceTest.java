package io.augflow.train.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The device choice with faked Spark assignments, CUDA environments and ND4J backends. */
class GpuDeviceChoiceTest {
    private static final Map<String, String> PCI_ORDER = Map.of("CUDA_DEVICE_ORDER", "PCI_BUS_ID");

    private static GpuRequest spark(double amount, String... addresses) {
        return new GpuRequest(amount, List.of(addresses), null);
    }

    private static GpuDeviceChoice chosen(GpuRequest request, Map<String, String> env, Nd4jDevices nd4j) {
        return GpuDeviceChoice.choose(request, env, nd4j).orElseThrow();
    }

    @Test
    void noGpuRequestedKeepsTheCpuPathWhateverTheBackend() {
        assertEquals(Optional.empty(), GpuDeviceChoice.choose(GpuRequest.none(), Map.of(), Nd4jDevices.cpu()));
        assertEquals(Optional.empty(), GpuDeviceChoice.choose(GpuRequest.none(),
                Map.of("CUDA_VISIBLE_DEVICES", "1"), Nd4jDevices.cuda(4)), "a GPU build without a request: unchanged");
    }

    @Test
    void severalExecutorsOnSeveralGpusEachGetTheirOwnDevice() {
        // one host, 4 GPUs, 4 executors of one GPU each: Spark hands out 0..3, all devices visible to each JVM
        Set<Integer> used = new HashSet<>();
        for (String address : List.of("2", "0", "3", "1")) {
            GpuDeviceChoice c = chosen(spark(1, address), PCI_ORDER, Nd4jDevices.cuda(4));
            assertEquals(Integer.parseInt(address), c.device(), "without CUDA_VISIBLE_DEVICES the index is the device");
            assertEquals(List.of(), c.warnings());
            used.add(c.device());
        }
        assertEquals(Set.of(0, 1, 2, 3), used, "no two executors on one GPU, none idle");
    }

    @Test
    void oneExecutorWithTwoGpusRunsTwoTasksOnTwoDevices() {
        // spark.executor.resource.gpu.amount=2, task amount 1: two concurrent tasks get "0" and "1"
        assertEquals(0, chosen(spark(1, "0"), PCI_ORDER, Nd4jDevices.cuda(2)).device());
        assertEquals(1, chosen(spark(1, "1"), PCI_ORDER, Nd4jDevices.cuda(2)).device());
    }

    @Test
    void cudaVisibleDevicesRenumbersTheGpus() {
        Map<String, String> env = Map.of("CUDA_VISIBLE_DEVICES", "2,3", "CUDA_DEVICE_ORDER", "PCI_BUS_ID");
        assertEquals(1, chosen(spark(1, "3"), env, Nd4jDevices.cuda(2)).device(), "GPU 3 is the 2nd visible");
        assertEquals(0, chosen(spark(1, "2"), env, Nd4jDevices.cuda(2)).device());
        Map<String, String> reversed = Map.of("CUDA_VISIBLE_DEVICES", " 3, 1", "CUDA_DEVICE_ORDER", "PCI_BUS_ID");
        assertEquals(0, chosen(spark(1, "3"), reversed, Nd4jDevices.cuda(2)).device(), "order of the list counts");
        assertEquals(1, chosen(spark(1, "1"), reversed, Nd4jDevices.cuda(2)).device());
        // a container that sees only its own GPU (YARN isolation, Kubernetes device plugin): address 0, device 0
        assertEquals(0, chosen(spark(1, "0"), Map.of(), Nd4jDevices.cuda(1)).device());
    }

    @Test
    void everyVisibleAddressMapsToTheDeviceThatListsIt() {
        SplittableRandom random = new SplittableRandom(14);
        for (int trial = 0; trial < 200; trial++) {
            int gpus = 1 + random.nextInt(8);
            List<String> all = new ArrayList<>();
            for (int i = 0; i < gpus; i++) {
                all.add(Integer.toString(i));
            }
            Collections.shuffle(all, new java.util.Random(random.nextLong()));
            List<String> visible = all.subList(0, 1 + random.nextInt(gpus));
            Map<String, String> env = Map.of("CUDA_VISIBLE_DEVICES", String.join(",", visible),
                    "CUDA_DEVICE_ORDER", "PCI_BUS_ID");
            for (String address : visible) {
                int device = chosen(spark(1, address), env, Nd4jDevices.cuda(visible.size())).device();
                assertEquals(address, visible.get(device), "CUDA's device " + device + " of " + visible);
            }
        }
    }

    @Test
    void anAddressHiddenByCudaVisibleDevicesFails() {
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class, () -> GpuDeviceChoice.choose(
                spark(1, "3"), Map.of("CUDA_VISIBLE_DEVICES", "0,1"), Nd4jDevices.cuda(2)));
        assertTrue(e.getMessage().contains("GPU 3") && e.getMessage().contains("CUDA_VISIBLE_DEVICES='0,1'"),
                e.getMessage());
    }

    @Test
    void aGpuOnTheCpuBackendFailsInsteadOfTrainingOnTheCpu() {
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class,
                () -> GpuDeviceChoice.choose(spark(1, "0"), PCI_ORDER, Nd4jDevices.cpu()));
        assertTrue(e.getMessage().contains("GPU 0") && e.getMessage().contains("CPU backend")
                && e.getMessage().contains("-Pgpu"), e.getMessage());
        assertThrows(GpuUnavailableException.class, () -> GpuDeviceChoice.choose(
                new GpuRequest(0, List.of(), "0"), Map.of(), Nd4jDevices.cpu()), "the local-mode property too");
    }

    @Test
    void anAddressBeyondNd4jsDevicesFails() {
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class,
                () -> GpuDeviceChoice.choose(spark(1, "2"), PCI_ORDER, Nd4jDevices.cuda(2)));
        assertTrue(e.getMessage().contains("CUDA device 2") && e.getMessage().contains("only 2 (0..1)"),
                e.getMessage());
        GpuUnavailableException none = assertThrows(GpuUnavailableException.class,
                () -> GpuDeviceChoice.choose(spark(1, "0"), PCI_ORDER, Nd4jDevices.cuda(0)));
        assertTrue(none.getMessage().contains("sees no device"), none.getMessage());
    }

    @Test
    void aRequestWithoutAnAddressFails() {
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class,
                () -> GpuDeviceChoice.choose(spark(1), PCI_ORDER, Nd4jDevices.cuda(2)));
        assertTrue(e.getMessage().startsWith("spark.task.resource.gpu.amount=1 but Spark assigned this task no GPU")
                && e.getMessage().contains("augflow.gpu.address"), e.getMessage());
    }

    @Test
    void anAddressThatIsNoIndexFails() {
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class, () -> GpuDeviceChoice.choose(
                spark(1, "GPU-8f3c"), PCI_ORDER, Nd4jDevices.cuda(2)));
        assertTrue(e.getMessage().contains("got 'GPU-8f3c'"), e.getMessage());
    }

    @Test
    void theLocalModeAddressIsUsedOnlyWithoutSparksAssignment() {
        GpuDeviceChoice local = chosen(new GpuRequest(0, List.of(), "1"), PCI_ORDER, Nd4jDevices.cuda(2));
        assertEquals(1, local.device());
        assertEquals("augflow.gpu.address", local.source());
        GpuDeviceChoice spark = chosen(new GpuRequest(1, List.of("0"), "1"), PCI_ORDER, Nd4jDevices.cuda(2));
        assertEquals(0, spark.device(), "Spark's assignment wins");
    }

    @Test
    void tasksSharingAGpuBothBindToIt() {
        GpuDeviceChoice a = chosen(spark(0.5, "1"), PCI_ORDER, Nd4jDevices.cuda(2));
        GpuDeviceChoice b = chosen(spark(0.5, "1"), PCI_ORDER, Nd4jDevices.cuda(2));
        assertEquals(1, a.device());
        assertEquals(1, b.device());
        assertTrue(a.describe().contains("spark.task.resource.gpu.amount=0.5"), a.describe());
    }

    @Test
    void aTaskWithSeveralGpusUsesTheFirstAndSaysSo() {
        GpuDeviceChoice c = chosen(spark(2, "2", "3"), PCI_ORDER, Nd4jDevices.cuda(4));
        assertEquals(2, c.device());
        assertEquals(List.of("3"), c.unusedAddresses());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).contains("[3] stay idle"), c.warnings().get(0));
    }

    @Test
    void cudasDefaultDeviceOrderIsWarnedAboutWhereItMatters() {
        GpuDeviceChoice several = chosen(spark(1, "1"), Map.of(), Nd4jDevices.cuda(2));
        assertEquals(1, several.warnings().size());
        assertTrue(several.warnings().get(0).startsWith("CUDA_DEVICE_ORDER is unset"), several.warnings().get(0));
        assertEquals(List.of(), chosen(spark(1, "0"), Map.of(), Nd4jDevices.cuda(1)).warnings(),
                "one GPU and no list: nothing to mix up");
        assertEquals(1, chosen(spark(1, "0"), Map.of("CUDA_VISIBLE_DEVICES", "0"), Nd4jDevices.cuda(1))
                .warnings().size(), "a list of indices is read in CUDA's order");
    }

    @Test
    void aNegativeAmountIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GpuRequest(-1, List.of(), null));
        assertEquals("spark.task.resource.gpu.amount must be >= 0, got -1.0", e.getMessage());
    }
}
