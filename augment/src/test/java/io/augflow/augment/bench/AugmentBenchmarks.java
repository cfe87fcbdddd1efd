package io.augflow.augment.bench;

import io.augflow.augment.transform.TransformRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the augment benchmarks with JMH and writes a summary: images per second per (transform, image)
 * and for the typical pipeline, and the wrapper overhead (wrapper time / bare OpenCV time) at 256x256.
 *
 * <p>Defaults: 1 fork, 2 warm-up iterations of 1 s, 3 measured iterations of 1 s, 1 thread. Arguments:
 * {@code --out FILE} (default {@code bench/results/augment.json}, relative to the working directory),
 * {@code --warmup N}, {@code --iterations N}, {@code --seconds S} (length of every iteration, may be a
 * fraction, for a quick smoke run), {@code --only NAME,NAME} (transforms to run; the pipeline and the
 * overhead are always run). Only registered transforms run; a registered transform without benchmark
 * settings is an error. JMH's own JSON goes next to the summary ({@code *-jmh.json}).
 */
public final class AugmentBenchmarks {
    private AugmentBenchmarks() {}

    public static void main(String[] args) throws RunnerException, IOException {
        Path out = Path.of("bench/results/augment.json");
        int warmup = 2;
        int iterations = 3;
        double seconds = 1.0;
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--out" -> out = Path.of(require(args[i], value));
                case "--warmup" -> warmup = Integer.parseInt(require(args[i], value));
                case "--iterations" -> iterations = Integer.parseInt(require(args[i], value));
                case "--seconds" -> seconds = Double.parseDouble(require(args[i], value));
                case "--only" -> only = List.of(require(args[i], value).split(","));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; known: --out FILE, --warmup N, --iterations N, --seconds S, --only NAME,NAME");
            }
            i++;
        }

        List<String> registered = TransformRegistry.builtIn().names();
        List<String> missing = registered.stream().filter(n -> !BenchmarkConfigs.TRANSFORMS.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("registered transforms without benchmark settings in BenchmarkConfigs: "
                    + missing);
        }
        List<String> toRun = new ArrayList<>(BenchmarkConfigs.TRANSFORMS.keySet());
        toRun.retainAll(registered);
        if (only != null) {
            toRun.retainAll(only);
        }
        List<String> ops = BenchmarkConfigs.OVERHEAD_WRAPPERS.entrySet().stream()
                .filter(e -> typesOf(e.getValue()).stream().allMatch(registered::contains))
                .map(Map.Entry::getKey).sorted().toList();

        Files.createDirectories(out.toAbsolutePath().getParent());
        Path jmhJson = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.json$", "") + "-jmh.json");
        TimeValue time = TimeValue.milliseconds(Math.round(seconds * 1000));
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(TransformBenchmark.class.getName() + ".apply")
                .include(PipelineBenchmark.class.getName() + ".apply")
                .include(WrapperOverheadBenchmark.class.getName() + ".(bare|wrapped)")
                .param("transform", toRun.toArray(String[]::new))
                .param("op", ops.toArray(String[]::new))
                .param("image", BenchmarkConfigs.IMAGES.toArray(String[]::new))
                .forks(1)
                .threads(1)
                .warmupIterations(warmup)
                .warmupTime(time)
                .measurementIterations(iterations)
                .measurementTime(time)
                .jvmArgsAppend("-Xmx1g")
                .resultFormat(ResultFormatType.JSON)
                .result(jmhJson.toString());
        if (toRun.isEmpty()) {
            options.exclude(TransformBenchmark.class.getName());
        }
        Collection<RunResult> results = new Runner(options.build()).run();

        String json = summary(results, registered, warmup, iterations, seconds);
        Files.writeString(out, json, StandardCharsets.UTF_8);
        System.out.println("augment benchmark summary: " + out.toAbsolutePath());
        System.out.println("JMH raw results:           " + jmhJson.toAbsolutePath());
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    /** The transform types a wrapper setting uses: one block, or a list of blocks (a composed pipeline). */
    private static List<String> typesOf(String hocon) {
        String trimmed = hocon.trim();
        if (trimmed.startsWith("[")) {
            return com.typesafe.config.ConfigFactory.parseString("p = " + trimmed).getConfigList("p").stream()
                    .map(c -> c.getString("type")).toList();
        }
        return List.of(com.typesafe.config.ConfigFactory.parseString(hocon).getString("type"));
    }

    /** The summary JSON (hand-written: the augment module has no JSON library, and this is flat). */
    static String summary(Collection<RunResult> results, List<String> registered, int warmup, int iterations,
            double seconds) {
        List<String> transforms = new ArrayList<>();
        List<String> pipeline = new ArrayList<>();
        Map<String, double[]> bare = new TreeMap<>();
        Map<String, double[]> wrapped = new TreeMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            if (benchmark.startsWith(TransformBenchmark.class.getName())) {
                transforms.add(String.format(Locale.ROOT,
                        "    {\"transform\": \"%s\", \"image\": \"%s\", \"imagesPerSecond\": %s, \"error\": %s}",
                        r.getParams().getParam("transform"), r.getParams().getParam("image"), num(score), num(error)));
            } else if (benchmark.startsWith(PipelineBenchmark.class.getName())) {
                pipeline.add(String.format(Locale.ROOT,
                        "    {\"image\": \"%s\", \"imagesPerSecond\": %s, \"error\": %s}",
                        r.getParams().getParam("image"), num(score), num(error)));
            } else if (benchmark.startsWith(WrapperOverheadBenchmark.class.getName())) {
                String op = r.getParams().getParam("op");
                double best = r.getPrimaryResult().getStatistics().getMax();
                (benchmark.endsWith(".bare") ? bare : wrapped).put(op, new double[] {score, error, best});
            }
        }
        List<String> overhead = new ArrayList<>();
        for (var e : bare.entrySet()) {
            double[] w = wrapped.get(e.getKey());
            if (w == null) {
                continue;
            }
            // Time ratio = inverse throughput ratio. The best-iteration ratio is less sensitive to load
            // from other processes, which only ever slows an iteration down.
            double ratio = e.getValue()[0] / w[0];
            double bestRatio = e.getValue()[2] / w[2];
            overhead.add(String.format(Locale.ROOT,
                    "    {\"op\": \"%s\", \"wrapper\": \"%s\", \"image\": \"%s\", \"bareImagesPerSecond\": %s, "
                            + "\"wrappedImagesPerSecond\": %s, \"wrapperOverBareTime\": %.4f, "
                            + "\"wrapperOverBareTimeBestIteration\": %.4f, \"limit\": 1.10, \"withinLimit\": %s}",
                    e.getKey(), String.join("+", typesOf(BenchmarkConfigs.OVERHEAD_WRAPPERS.get(e.getKey()))),
                    BenchmarkConfigs.OVERHEAD_IMAGE, num(e.getValue()[0]), num(w[0]), ratio, bestRatio,
                    ratio <= 1.10));
        }
        List<String> notRegistered = BenchmarkConfigs.TRANSFORMS.keySet().stream()
                .filter(n -> !registered.contains(n)).map(n -> "\"" + n + "\"").toList();
        return "{\n"
                + "  \"generated\": \"" + Instant.now() + "\",\n"
                + "  \"java\": \"" + System.getProperty("java.version") + "\",\n"
                + "  \"cores\": " + Runtime.getRuntime().availableProcessors() + ",\n"
                + "  \"jmh\": {\"forks\": 1, \"threads\": 1, \"warmupIterations\": " + warmup
                + ", \"measurementIterations\": " + iterations + ", \"iterationSeconds\": " + num(seconds) + "},\n"
                + "  \"unit\": \"images/s\",\n"
                + "  \"transforms\": [\n" + String.join(",\n", transforms) + "\n  ],\n"
                + "  \"pipeline\": {\"transforms\": " + BenchmarkConfigs.PIPELINE.stream()
                        .map(b -> "\"" + b.replace("\"", "\\\"") + "\"").toList()
                + ", \"results\": [\n" + String.join(",\n", pipeline) + "\n  ]},\n"
                + "  \"wrapperOverhead\": [\n" + String.join(",\n", overhead) + "\n  ],\n"
                + "  \"notRegistered\": " + notRegistered + "\n"
                + "}\n";
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "null";
    }
}
