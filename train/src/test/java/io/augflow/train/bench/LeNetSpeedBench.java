package io.augflow.train.bench;

import io.augflow.train.backend.CpuBackend;
import io.augflow.train.backend.OneDnnStatus;
import io.augflow.train.model.LeNet5;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LeNet-5 training throughput on in-memory Fashion-MNIST minibatches, for one JVM configuration.
 *
 * <p>The JVM's flags and environment are the configuration under test, so the script starts one JVM per
 * configuration. This main only applies the in-process knobs given as system properties:
 * {@code augflow.train.onednn} (applied through {@link CpuBackend} only when set, so the out-of-the-box run keeps
 * DL4J's defaults), {@code bench.periodicGc} (ND4J's periodic {@code System.gc()}), {@code bench.nd4jThreads}
 * and {@code bench.masterThreads} (libnd4j thread limits), {@code bench.blasThreads} (OpenBLAS threads),
 * {@code augflow.train.elementwiseThreshold} (through {@link CpuBackend#tuneNd4j()}, only when set)
 * and {@code bench.profiling} (ND4J's per-op {@code ProfilingMode}; its default SCOPE_PANIC checks every op's
 * arrays).
 *
 * <p>Each repeat trains until {@code --seconds} have passed and reports samples/s; the first {@code --warmup}
 * iterations are not timed. Prints one line {@code RESULT <json>}.
 */
public final class LeNetSpeedBench {

    private LeNetSpeedBench() {
    }

    public static void main(String[] args) throws Exception {
        String label = "unnamed";
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        int batch = 64;
        int batches = 100;
        int warmup = 40;
        double seconds = 8;
        int repeats = 3;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--label" -> label = v;
                case "--data" -> dir = Path.of(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--batches" -> batches = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--repeats" -> repeats = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (System.getProperty(CpuBackend.ONEDNN_KEY) != null) {
            CpuBackend.configureFromSystemProperties();
        }
        String periodicGc = System.getProperty("bench.periodicGc");
        if (periodicGc != null) {
            Nd4j.getMemoryManager().togglePeriodicGc(Boolean.parseBoolean(periodicGc));
        }
        if (System.getProperty("bench.nd4jThreads") != null) {
            Nd4j.getEnvironment().setMaxThreads(Integer.getInteger("bench.nd4jThreads"));
        }
        if (System.getProperty("bench.masterThreads") != null) {
            Nd4j.getEnvironment().setMaxMasterThreads(Integer.getInteger("bench.masterThreads"));
        }
        if (System.getProperty("bench.blasThreads") != null) {
            Nd4j.factory().blas().setMaxThreads(Integer.getInteger("bench.blasThreads"));
        }
        if (System.getProperty(CpuBackend.ELEMENTWISE_THRESHOLD_KEY) != null) {
            CpuBackend.tuneNd4j();
        }
        if (System.getProperty("bench.profiling") != null) {
            Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.valueOf(
                    System.getProperty("bench.profiling")));
        }
        OneDnnStatus status = CpuBackend.status();

        FashionMnistIdx data = FashionMnistIdx.read(dir.resolve("train-images-idx3-ubyte.gz"),
                dir.resolve("train-labels-idx1-ubyte.gz"), batch * batches);
        List<DataSet> minibatches = minibatches(data, batch);
        MultiLayerNetwork net = new MultiLayerNetwork(LeNet5.of(data.height, data.width, 1, 10).configuration());
        net.init();
        String convHelper = String.valueOf(net.getLayer(0).getHelper());

        int it = 0;
        for (; it < warmup; it++) {
            net.fit(minibatches.get(it % minibatches.size()));
        }
        double[] rates = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            int n = 0;
            long now;
            do {
                net.fit(minibatches.get(it++ % minibatches.size()));
                n++;
                now = System.nanoTime();
            } while (now < deadline);
            rates[r] = n * (double) batch / ((now - start) / 1e9);
            System.err.printf(Locale.ROOT, "%s repeat %d: %.1f samples/s (%d iterations)%n", label, r, rates[r], n);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        System.out.printf(Locale.ROOT,
                "RESULT {\"label\":\"%s\",\"samples_per_s\":%.1f,\"repeats\":%s,\"batch\":%d,\"score\":%.4f,"
                        + "\"conv_helper\":\"%s\",\"onednn_active\":%b,\"libnd4j_onednn\":%b,\"nd4j_threads\":%d,"
                        + "\"omp_wait_policy\":\"%s\",\"native_library\":\"%s\",\"profiling\":\"%s\","
                        + "\"blas_threads\":%d,\"elementwise_threshold\":%d}%n",
                label, median, Arrays.toString(rates).replace(" ", ""), batch, net.score(), convHelper.split("@")[0],
                status.oneDnnActive(), status.libnd4jOneDnn(), status.nd4jThreads(), status.ompWaitPolicy(),
                status.nativeLibrary(), Nd4j.getExecutioner().getProfilingMode(),
                Nd4j.factory().blas().getMaxThreads(), Nd4j.getEnvironment().elementwiseThreshold());
    }

    private static List<DataSet> minibatches(FashionMnistIdx data, int batch) {
        int pixels = data.height * data.width;
        List<DataSet> out = new ArrayList<>();
        for (int start = 0; start + batch <= data.count; start += batch) {
            float[] x = Arrays.copyOfRange(data.pixels, start * pixels, (start + batch) * pixels);
            INDArray features = Nd4j.create(x, new long[] {batch, 1, data.height, data.width}, DataType.FLOAT);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
            for (int i = 0; i < batch; i++) {
                labels.putScalar(i, data.labels[start + i], 1f);
            }
            out.add(new DataSet(features, labels));
        }
        return out;
    }
}
