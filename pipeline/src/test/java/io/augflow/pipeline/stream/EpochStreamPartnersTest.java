package io.augflow.pipeline.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.multi.Mosaic;
import io.augflow.augment.multi.Partners;
import io.augflow.augment.random.RandomStreams;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.augment.transform.AugmentationTrace;
import io.augflow.augment.transform.Compose;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.generate.GenerateJob;
import io.augflow.pipeline.generate.GenerateLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream hands mosaic and mixup the other rows of the same slice, reproducibly. */
class EpochStreamPartnersTest {
    private static final String AUGMENT = "augment { mosaic { p = 1 }, mixup { p = 0.5 },"
            + " pipeline = [ {type = horizontal-flip, p = 0.5} ] }";
    private static final long SEED = 7;
    private static final int EPOCH = 2;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Configuration hadoop;
    static List<Shard> shards;

    @BeforeAll
    static void generate() {
        OpenCv.load();
        spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
        hadoop = spark.sparkContext().hadoopConfiguration();
        String dataset = dir.resolve("data").toString();
        GenerateJob.run(spark, new SyntheticConf(40, 64, 64, 3, 3, 1, 0.3, 1, 0.1, 0.1, 5), GenerateLayout.DATASET,
                dataset, 2, false);
        shards = DatasetShards.list(spark, dataset, 10);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static EpochStream stream() {
        return EpochStream.training(AUGMENT, SEED, RepeatPolicy.ONCE);
    }

    private static Map<String, byte[]> bytesById(List<Sample> samples) {
        Map<String, byte[]> out = new HashMap<>();
        for (Sample s : samples) {
            out.put(s.id(), SampleRows.encodePng(s.image()));
        }
        return out;
    }

    @Test
    void theSameSeedAndEpochGiveTheSameBytesWhateverThePartitioning() {
        SerializableConfiguration conf = new SerializableConfiguration(hadoop);
        EpochStream stream = stream();
        List<String> encoded = shards.stream().map(Shard::encode).toList();
        List<List<byte[]>> runs = new ArrayList<>();
        for (int partitions : new int[] {1, 3}) {
            runs.add(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(encoded, partitions)
                    .flatMap(s -> stream.samples(Shard.parse(s), EPOCH, conf.value(), StreamCounters.NONE).stream()
                            .map(x -> SampleRows.encodePng(x.image())).iterator())
                    .collect());
        }
        assertEquals(runs.get(0).size(), runs.get(1).size());
        assertFalse(runs.get(0).isEmpty());
        for (int i = 0; i < runs.get(0).size(); i++) {
            assertArrayEquals(runs.get(0).get(i), runs.get(1).get(i), "sample " + i);
        }
    }

    /**
     * A whole shard as one slice: the stream's output equals the pipeline applied here with partners drawn from
     * the shard's train rows (decoded here, in file order: the picker does not care about order), and every
     * partner recorded in the trace is one of those rows.
     */
    @Test
    void partnersComeFromTheSlicesOwnRowsOnly() {
        Shard shard = shards.get(0);
        List<Sample> streamed = stream().samples(ShardSlice.whole(shard), EPOCH, hadoop, StreamCounters.NONE);
        List<Sample> rows = new ArrayList<>();
        for (SourceRow r : ShardReader.read(shard, hadoop)) {
            if (r.split().equals("train")) {
                rows.add(new Sample(r.id(), SampleRows.decodeImage(r.image(), r.channels(), r.id(), r.source()),
                        r.boxes(), r.label()));
            }
        }
        assertEquals(rows.size(), streamed.size());
        Set<String> sliceIds = new HashSet<>(rows.stream().map(Sample::id).toList());
        Compose compose = AugmentConf.parse(AUGMENT).compose();
        PartnerPicker picker = new PartnerPicker(SEED, EPOCH, rows);
        Map<String, byte[]> expected = new HashMap<>();
        Set<String> partnersSeen = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            Sample row = rows.get(i);
            AugmentationTrace.Recording trace = AugmentationTrace.recording();
            Sample out = compose.apply(row, picker.partnersOf(i, 0),
                    new SplittableRandom(RandomStreams.sampleKey(SEED, EPOCH, row.id(), 0)), trace);
            expected.put(row.id(), SampleRows.encodePng(out.image()));
            for (var applied : trace.applied()) {
                if (applied.params() instanceof Mosaic.Params p) {
                    p.tiles().forEach(t -> partnersSeen.add(t.sourceId()));
                }
            }
        }
        Map<String, byte[]> actual = bytesById(streamed);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((id, png) -> assertArrayEquals(png, actual.get(id), id));
        assertTrue(sliceIds.containsAll(partnersSeen), "partners outside the slice: " + partnersSeen);
        assertTrue(partnersSeen.size() > rows.size() / 2, "mosaic at p = 1 used the slice's rows: " + partnersSeen);
    }

    @Test
    void aOneRowSliceMakesAMosaicOfItsOwnRow() {
        Shard shard = shards.get(0);
        EpochStream stream = stream();
        for (int pos = 0; pos < shard.rowCount(); pos++) {
            List<Sample> one = stream.samples(new ShardSlice(shard, pos, pos + 1), EPOCH, hadoop, StreamCounters.NONE);
            if (one.isEmpty()) {
                continue; // a val or test row: not streamed
            }
            Sample out = one.get(0);
            SourceRow row = ShardReader.read(shard, hadoop).stream().filter(r -> r.id().equals(out.id())).findFirst()
                    .orElseThrow();
            Sample decoded = new Sample(row.id(), SampleRows.decodeImage(row.image(), row.channels(), row.id(),
                    row.source()), row.boxes(), row.label());
            Sample expected = AugmentConf.parse(AUGMENT).compose().apply(decoded, Partners.self(decoded),
                    new SplittableRandom(RandomStreams.sampleKey(SEED, EPOCH, row.id(), 0)));
            assertArrayEquals(SampleRows.encodePng(expected.image()), SampleRows.encodePng(out.image()), out.id());
            return;
        }
        throw new AssertionError("no train row in shard " + shard);
    }
}
