package io.augflow.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.plan.BalanceStrategy;
import io.augflow.pipeline.plan.BalanceTarget;
import io.augflow.pipeline.plan.ClassWeighting;
import io.augflow.pipeline.plan.EpochPlan;
import io.augflow.pipeline.plan.PlanConf;
import io.augflow.pipeline.plan.SamplingPlan;
import io.augflow.pipeline.plan.SamplingPlanner;
import io.augflow.pipeline.stats.DatasetStatistics;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.StatsConf;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Times statistics, plan fitting and one epoch's expansion ({@code EpochPlan.expand(...).count()}, image
 * bytes included) on whole datasets, and samples the driver's heap meanwhile, to show that the driver's
 * memory does not grow with the number of rows (only per-class tallies reach it).
 *
 * <pre>
 * BalanceBench --out bench/results/balance.json --master local[2] \
 *     --dataset fashion-mnist=work/bench/fashion-mnist \
 *     --dataset longtail-50k=work/bench/longtail@0.25 --dataset longtail-200k=work/bench/longtail
 * </pre>
 *
 * {@code name=path@fraction} benchmarks a Bernoulli sample of that share of the rows (seeded). All splits
 * are counted. The plan is {@code oversample} to the largest class, the strategy that needs the per-epoch
 * ranking jobs. In local mode the executors run inside the driver JVM, so the heap figures include the
 * tasks' working memory too: an upper bound of what a cluster driver would hold.
 */
public final class BalanceBench {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double MB = 1024.0 * 1024.0;

    private BalanceBench() {}

    public static void main(String[] args) throws IOException {
        String out = "bench/results/balance.json";
        String master = "local[2]";
        String note = "";
        List<String[]> datasets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = args[++i];
                case "--master" -> master = args[++i];
                case "--note" -> note = args[++i];
                case "--dataset" -> {
                    String[] nameAndPath = args[++i].split("=", 2);
                    if (nameAndPath.length != 2) {
                        throw new IllegalArgumentException("--dataset must be name=path[@fraction], got " + args[i]);
                    }
                    datasets.add(nameAndPath);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: --out FILE --master URL --note TEXT --dataset name=path[@fraction] ...");
            }
        }
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("give at least one --dataset name=path[@fraction]");
        }
        SparkSession spark = SparkSession.builder().master(master).appName("balance-bench")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        StatsConf stats = new StatsConf(StatsConf.DEFAULT_SMALL_AREA, StatsConf.DEFAULT_MEDIUM_AREA,
                StatsConf.DEFAULT_BETA, List.of("train", "val", "test"));
        PlanConf planConf = new PlanConf(BalanceStrategy.OVERSAMPLE, new BalanceTarget.Largest(), 10, 0.001, 2,
                ClassWeighting.NONE, 42);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "statistics, plan fit and one epoch's expansion (oversample to max) per dataset");
        result.put("time", Instant.now().toString());
        result.put("master", master);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("maxHeapMB", Math.round(Runtime.getRuntime().maxMemory() / MB));
        result.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        result.put("loadavgBefore", loadavg());
        result.put("note", note);
        List<Map<String, Object>> runs = new ArrayList<>();
        try (HeapSampler heap = new HeapSampler(50)) {
            // a warm-up on the first dataset, not recorded: class loading and JIT would weigh on the first run
            run(spark, datasets.get(0), stats, planConf, heap);
            for (String[] d : datasets) {
                Map<String, Object> r = run(spark, d, stats, planConf, heap);
                runs.add(r);
                System.out.println("balance-bench: " + r);
            }
        }
        result.put("runs", runs);
        result.put("loadavgAfter", loadavg());
        Path target = Path.of(out);
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        JSON.writeValue(target.toFile(), result);
        System.out.println("balance-bench: wrote " + target.toAbsolutePath());
        spark.stop();
    }

    private static Map<String, Object> run(SparkSession spark, String[] nameAndPath, StatsConf stats,
            PlanConf planConf, HeapSampler heap) {
        String spec = nameAndPath[1];
        int at = spec.lastIndexOf('@');
        String path = at < 0 ? spec : spec.substring(0, at);
        double fraction = at < 0 ? 1.0 : Double.parseDouble(spec.substring(at + 1));
        int classCount = DatasetReader.readMetadata(spark, path).classCount();
        Dataset<Row> rows = DatasetReader.read(spark, path);
        if (fraction < 1.0) {
            rows = rows.sample(false, fraction, 42);
        }
        heap.reset();
        long t0 = System.nanoTime();
        DatasetStats s = DatasetStatistics.compute(rows, stats, classCount);
        long t1 = System.nanoTime();
        SamplingPlan plan = SamplingPlanner.fit(s, planConf);
        long t2 = System.nanoTime();
        long epochRows = EpochPlan.expand(rows, plan, 0).count();
        long t3 = System.nanoTime();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("dataset", nameAndPath[0]);
        r.put("path", path);
        r.put("fraction", fraction);
        r.put("rows", s.images());
        r.put("classes", s.classes().size());
        r.put("imbalanceRatio", round(s.imbalanceRatio(), 2));
        r.put("epochRows", epochRows);
        r.put("statsSeconds", seconds(t1 - t0));
        r.put("statsRowsPerSecond", Math.round(s.images() / seconds(t1 - t0)));
        r.put("planFitSeconds", seconds(t2 - t1));
        r.put("epochExpandSeconds", seconds(t3 - t2));
        r.put("epochInputRowsPerSecond", Math.round(s.images() / seconds(t3 - t2)));
        r.put("totalSeconds", seconds(t3 - t0));
        r.put("totalRowsPerSecond", Math.round(s.images() / seconds(t3 - t0)));
        r.put("peakHeapUsedMB", round(heap.peakUsedBytes() / MB, 1));
        r.put("peakHeapAfterGcMB", round(heap.peakAfterGcBytes() / MB, 1));
        r.put("gcCount", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(g -> Math.max(0, g.getCollectionCount())).sum());
        return r;
    }

    private static double seconds(long nanos) {
        return round(nanos / 1e9, 3);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
