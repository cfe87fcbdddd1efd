package io.augflow.pipeline.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochStreamTest {
    private static final String AUGMENT = "augment { pipeline = [ {type = horizontal-flip, p = 0.5}, "
            + "{type = brightness-contrast, p = 1}, {type = rotate, p = 0.5, limit = 10} ] }";
    /** Class 0 rows twice, every other row once. */
    private static final RepeatPolicy CLASS0_TWICE = (row, epoch) -> row.label() == 0 ? 2 : 1;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String dataset;
    static Configuration hadoop;

    @BeforeAll
    static void generate() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        hadoop = spark.sparkContext().hadoopConfiguration();
        dataset = dir.resolve("data").toString();
        GenerateJob.run(spark, new SyntheticConf(120, 64, 64, 3, 4, 5, 0.3, 1, 0.1, 0.1, 3), GenerateLayout.DATASET,
                dataset, 3, false);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void shardsCoverEveryRowExactlyOnce() {
        List<Shard> shards = DatasetShards.list(spark, dataset, 7);
        assertTrue(shards.size() >= 120 / 7, "shards: " + shards.size());
        List<String> ids = new ArrayList<>();
        for (Shard s : shards) {
            assertEquals(s, Shard.parse(s.encode()));
            assertTrue(s.rowCount() <= 7);
            ShardReader.read(s, hadoop).forEach(r -> ids.add(r.id()));
        }
        assertEquals(120, ids.size());
        assertEquals(120, ids.stream().distinct().count());
    }

    @Test
    void anEpochDecodesEachPlannedRowOnceAndEmitsItsRepeats() {
        List<Shard> shards = DatasetShards.list(spark, dataset, 16);
        EpochStream stream = EpochStream.training(AUGMENT, 7, CLASS0_TWICE);
        StreamCounters counters = StreamCounters.register(spark.sparkContext(), "test");
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        long emitted = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(shards.stream().map(Shard::encode).toList(), 3)
                .map(s -> stream.samples(Shard.parse(s), 1, conf.value(), counters).size())
                .reduce(Integer::sum);

        var train = spark.read().parquet(dataset).filter("split = 'train'");
        long trainRows = train.count();
        long class0 = train.filter("label = 0").count();
        assertEquals(120, counters.rowsRead());
        assertEquals(trainRows, counters.rowsDecoded(), "each planned row is decoded once, repeats included");
        assertEquals(trainRows + class0, emitted);
        assertEquals(emitted, counters.samplesEmitted());

        EpochShards planned = EpochShards.plan(spark, shards, stream, 1, 5);
        assertEquals(emitted, planned.samples(), "the epoch plan counts exactly what the stream emits");
        assertEquals(trainRows, planned.rows());
        long sliced = 0;
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (ShardSlice slice : planned.slices()) {
            assertEquals(slice, ShardSlice.parse(slice.encode()));
            List<Sample> samples = stream.samples(slice, 1, hadoop, StreamCounters.NONE);
            assertTrue(samples.size() >= 1 && (samples.size() <= 5 || samples.stream().map(Sample::id).distinct()
                    .count() == 1), "a slice holds at most 5 samples unless one row alone has more");
            sliced += samples.size();
            samples.forEach(x -> ids.add(x.id()));
        }
        assertEquals(emitted, sliced, "slices partition the epoch");
        assertEquals(trainRows, ids.size());
    }

    @Test
    void plannedRepeatsMatchTheExpandedPlanExactly() {
        var trainRows = spark.read().parquet(dataset).filter("split = 'train'");
        var stats = io.augflow.pipeline.stats.DatasetStatistics.compute(trainRows,
                io.augflow.pipeline.stats.StatsConf.defaults());
        var conf = io.augflow.pipeline.plan.PlanConf.from(com.typesafe.config.ConfigFactory.parseString(
                "strategy = oversample, target = max, max-repeat = 10"));
        var plan = io.augflow.pipeline.plan.SamplingPlanner.fit(stats, conf);
        int epoch = 2;
        Map<String, Long> expected = new HashMap<>();
        io.augflow.pipeline.plan.EpochPlan.expand(trainRows, plan, epoch).select("id").collectAsList()
                .forEach(r -> expected.merge(r.getString(0), 1L, Long::sum));

        EpochStream stream = EpochStream.training(AUGMENT, 7, PlannedRepeats.forEpoch(plan, trainRows, epoch));
        Map<String, Long> streamed = new HashMap<>();
        for (Shard shard : DatasetShards.list(spark, dataset, 32)) {
            stream.samples(shard, epoch, hadoop, StreamCounters.NONE).forEach(s -> streamed.merge(s.id(), 1L, Long::sum));
        }
        assertEquals(expected, streamed);
        assertTrue(streamed.values().stream().anyMatch(n -> n > 1), "oversampling repeats rare rows");
    }

    @Test
    void samplesAreAPureFunctionOfShardAndEpoch() {
        Shard shard = DatasetShards.list(spark, dataset, 40).get(0);
        EpochStream stream = EpochStream.training(AUGMENT, 7, CLASS0_TWICE);
        List<Sample> first = stream.samples(shard, 3, hadoop, StreamCounters.NONE);
        List<Sample> again = stream.samples(shard, 3, hadoop, StreamCounters.NONE);
        List<Sample> nextEpoch = stream.samples(shard, 4, hadoop, StreamCounters.NONE);
        assertEquals(first.size(), again.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).id(), again.get(i).id());
            assertArrayEquals(bytes(first.get(i)), bytes(again.get(i)));
            assertEquals(first.get(i).boxes(), again.get(i).boxes());
        }
        Map<String, byte[]> byId = new HashMap<>();
        first.forEach(s -> byId.put(s.id(), bytes(s)));
        long changed = nextEpoch.stream().filter(s -> !Arrays.equals(byId.get(s.id()), bytes(s))).count();
        assertTrue(changed > nextEpoch.size() / 2, "a new epoch draws new augmentations: " + changed);
    }

    @Test
    void theSameFilesUnderOtherNamesElsewhereStreamTheSameSamplesInTheSameOrder() throws Exception {
        // As when the same rows are written again: another folder, and each file renamed (Spark gives every write
        // a new UUID), here so that the files list in the reverse order.
        Path copy = Files.createDirectories(dir.resolve("copy"));
        List<Path> parts;
        try (var listing = Files.list(Path.of(dataset))) {
            parts = listing.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        for (int i = 0; i < parts.size(); i++) {
            Files.copy(parts.get(i), copy.resolve("part-" + (parts.size() - i) + "-rewritten.parquet"));
        }
        List<Shard> original = DatasetShards.list(spark, dataset, 16);
        List<Shard> copied = DatasetShards.list(spark, copy.toString(), 16);
        assertEquals(original.size(), copied.size());
        EpochStream stream = EpochStream.training(AUGMENT, 7, CLASS0_TWICE);
        for (int i = 0; i < original.size(); i++) {
            assertFalse(original.get(i).file().equals(copied.get(i).file()));
            List<Sample> a = stream.samples(original.get(i), 2, hadoop, StreamCounters.NONE);
            List<Sample> b = stream.samples(copied.get(i), 2, hadoop, StreamCounters.NONE);
            assertEquals(a.stream().map(Sample::id).toList(), b.stream().map(Sample::id).toList(), "shard " + i);
            for (int k = 0; k < a.size(); k++) {
                assertArrayEquals(bytes(a.get(k)), bytes(b.get(k)), a.get(k).id());
            }
        }
    }

    @Test
    void repeatsOfOneRowAreDistinctDraws() {
        Shard shard = DatasetShards.list(spark, dataset, 120).get(0);
        EpochStream stream = EpochStream.training(AUGMENT, 7, (row, epoch) -> 3);
        Map<String, List<byte[]>> byId = new HashMap<>();
        for (Sample s : stream.samples(shard, 0, hadoop, StreamCounters.NONE)) {
            byId.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(bytes(s));
        }
        for (var e : byId.entrySet()) {
            assertEquals(3, e.getValue().size());
            // brightness-contrast always runs, so two repeats are equal only if their draws are equal
            assertFalse(Arrays.equals(e.getValue().get(0), e.getValue().get(1)) && Arrays.equals(e.getValue().get(1),
                    e.getValue().get(2)), e.getKey() + ": repeats must be distinct draws");
        }
    }

    @Test
    void evaluationDecodesWithoutAugmenting() {
        Shard shard = DatasetShards.list(spark, dataset, 120).get(0);
        List<SourceRow> rows = ShardReader.read(shard, hadoop);
        List<Sample> test = EpochStream.evaluation("test", 7).samples(shard, 5, hadoop, StreamCounters.NONE);
        long expected = rows.stream().filter(r -> r.split().equals("test")).count();
        assertEquals(expected, test.size());
        for (Sample s : test) {
            SourceRow row = rows.stream().filter(r -> r.id().equals(s.id())).findFirst().orElseThrow();
            assertArrayEquals(bytes(io.augflow.pipeline.dataset.SampleRows.decodeImage(row.image(), row.channels(), row.id(), row.source())),
                    bytes(s.image()));
            assertEquals(row.boxes(), s.boxes());
        }
    }

    @Test
    void copyPasteDrawsFromTheBroadcastDonorBankOnExecutors() {
        String pasteFromBank = "augment { pipeline = [ {type = copy-paste, p = 1, source = bank, copies = [1, 2]} ] }";
        var train = spark.read().parquet(dataset).filter("split = 'train'");
        io.augflow.pipeline.donor.DonorPatches patches = new io.augflow.pipeline.donor.DonorBankBuilder(
                new io.augflow.pipeline.donor.DonorConf(50, 32 * 32, 3)).buildPatches(train, 4);
        assertTrue(patches.size() > 0, "the synthetic data has small objects to donate");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        DonorSource bank = DonorSource.broadcast(sc.broadcast(patches));
        java.util.Set<Integer> donorClasses = new java.util.HashSet<>();
        patches.patches().forEach(p -> donorClasses.add(p.classId()));

        List<String> shards = DatasetShards.list(spark, dataset, 16).stream().map(Shard::encode).toList();
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        EpochStream withBank = EpochStream.training(pasteFromBank, 5, RepeatPolicy.ONCE).withDonors(bank);
        EpochStream withoutBank = EpochStream.training(pasteFromBank, 5, RepeatPolicy.ONCE);
        List<Integer> pastedClasses = sc.parallelize(shards, 3)
                .flatMap(s -> withBank.samples(Shard.parse(s), 0, conf.value(), StreamCounters.NONE).stream()
                        .flatMap(x -> x.boxes().stream()).filter(b -> b.pasted()).map(b -> b.classId()).iterator())
                .collect();
        long pastedWithout = sc.parallelize(shards, 3)
                .map(s -> withoutBank.samples(Shard.parse(s), 0, conf.value(), StreamCounters.NONE).stream()
                        .mapToLong(x -> x.boxes().stream().filter(b -> b.pasted()).count()).sum())
                .reduce(Long::sum);

        assertTrue(pastedClasses.size() >= train.count() / 2, "p = 1 pastes into most images: " + pastedClasses.size());
        assertTrue(donorClasses.containsAll(pastedClasses), "every pasted object comes from the bank's classes");
        assertEquals(0, pastedWithout, "source = bank with no bank pastes nothing");
    }

    @Test
    void aBadAugmentBlockFailsOnTheDriver() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> EpochStream.training("augment { pipeline = [ {type = spin} ] }", 1, RepeatPolicy.ONCE));
        assertTrue(e.getMessage().contains("spin"), e.getMessage());
    }

    private static byte[] bytes(Sample s) {
        return bytes(s.image());
    }

    private static byte[] bytes(org.opencv.core.Mat m) {
        byte[] b = new byte[(int) (m.total() * m.channels())];
        m.get(0, 0, b);
        return b;
    }
}
