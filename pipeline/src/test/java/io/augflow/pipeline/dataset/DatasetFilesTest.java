package io.augflow.pipeline.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.Shard;
import io.augflow.pipeline.testing.TestRows;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A dataset of three part files, one of them damaged the ways a crash, a full disk or a bad copy damage files:
 * reading stops naming the file, or, opted in, skips it and records it, and the Spark rows and the training shards
 * then cover exactly the other files.
 */
class DatasetFilesTest {
    private static final int ROWS = 60;
    private static SparkSession spark;

    @TempDir
    static Path shared;
    static Path clean;
    static Map<String, Long> rowsByFile;

    @TempDir
    Path tmp;

    /** Ways to damage a Parquet file. */
    enum Damage {
        /** cut in half: the footer and the trailing magic are gone */
        TRUNCATED,
        /** the last 8 bytes (footer length + magic "PAR1") overwritten */
        TAIL_OVERWRITTEN,
        /** the footer's bytes zeroed, its length and magic intact */
        FOOTER_ZEROED,
        /** emptied */
        EMPTY
    }

    @BeforeAll
    static void writeDataset() {
        spark = TestRows.spark();
        clean = shared.resolve("clean");
        TestRows.frame(spark, TestRows.classification(30, 20, 10)).repartition(3).write().parquet(clean.toString());
        DatasetMetadata.of(List.of("a", "b", "c"), Map.of()).write(clean.toString(),
                spark.sparkContext().hadoopConfiguration());
        DatasetFiles files = DatasetReader.open(spark, clean.toString(), CorruptFilePolicy.FAIL);
        rowsByFile = new java.util.TreeMap<>();
        files.parts().forEach(p -> rowsByFile.put(p.file(), p.rows()));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aCleanDatasetIsReadWhole() {
        DatasetFiles files = DatasetReader.open(spark, clean.toString(), CorruptFilePolicy.FAIL);
        assertEquals(3, files.parts().size());
        assertTrue(files.skipped().isEmpty());
        assertEquals(ROWS, files.rows(), "footer counts");
        assertEquals(ROWS, DatasetReader.read(spark, clean.toString()).count());
        assertEquals(ROWS, DatasetShards.list(files, 7).stream().mapToLong(Shard::rowCount).sum());
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedFileStopsTheReadNamingIt(Damage damage) throws IOException {
        Path dataset = copyWithOneDamaged(damage);
        String bad = damagedFile(dataset);
        var e = assertThrows(CorruptDatasetException.class,
                () -> DatasetReader.read(spark, dataset.toString()));
        assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("1 of 3 Parquet files"), e.getMessage());
        assertTrue(e.getMessage().contains("on-corrupt-file = skip"), "says how to go on: " + e.getMessage());
        assertEquals(1, e.files().size());
        assertThrows(CorruptDatasetException.class, () -> DatasetShards.list(spark, dataset.toString(), 10),
                "the training shards use the same check");
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void skipLeavesTheDamagedFileOutOfRowsAndShardsAndRecordsIt(Damage damage) throws IOException {
        Path dataset = copyWithOneDamaged(damage);
        String bad = damagedFile(dataset);
        DatasetFiles files = DatasetReader.open(spark, dataset.toString(), CorruptFilePolicy.SKIP);

        long expected = ROWS - rowsIn(bad);
        assertEquals(2, files.parts().size());
        assertEquals(1, files.skipped().size());
        assertTrue(files.skipped().get(0).file().endsWith(Path.of(bad).getFileName().toString()));
        assertTrue(!files.skipped().get(0).reason().isBlank());
        assertEquals(expected, files.rows());
        assertEquals(expected, DatasetReader.read(spark, files).count(), "Spark reads the readable files only");
        List<Shard> shards = DatasetShards.list(files, 7);
        assertEquals(expected, shards.stream().mapToLong(Shard::rowCount).sum());
        assertTrue(shards.stream().noneMatch(s -> s.file().endsWith(Path.of(bad).getFileName().toString())));

        JsonNode json = new ObjectMapper().valueToTree(files.skipped().get(0));
        assertTrue(json.has("rows") && json.get("rows").isNull(), "rows unknown: " + json);
        assertEquals(Files.size(Path.of(bad)), json.get("bytes").asLong());
        assertTrue(files.skippedProvenance().get(0).containsKey("rows"));
    }

    @Test
    void skipStillFailsWhenNoFileIsReadable() throws IOException {
        Path dataset = copy("all-bad");
        for (Path p : partFiles(dataset)) {
            Files.write(p, new byte[] {1, 2, 3});
        }
        var e = assertThrows(CorruptDatasetException.class,
                () -> DatasetReader.open(spark, dataset.toString(), CorruptFilePolicy.SKIP));
        assertTrue(e.getMessage().contains("3 of 3") && e.getMessage().contains("no readable file"), e.getMessage());
    }

    @Test
    void thePolicyKeyIsValidated() {
        assertEquals(CorruptFilePolicy.SKIP, CorruptFilePolicy.parse("skip"));
        var e = assertThrows(IllegalArgumentException.class, () -> CorruptFilePolicy.parse("ignore"));
        assertTrue(e.getMessage().contains("input.on-corrupt-file") && e.getMessage().contains("ignore")
                && e.getMessage().contains("[fail, skip]"), e.getMessage());
        assertEquals(CorruptFilePolicy.FAIL,
                CorruptFilePolicy.fromRoot(com.typesafe.config.ConfigFactory.empty()));
    }

    private Path copyWithOneDamaged(Damage damage) throws IOException {
        Path dataset = copy(damage.name().toLowerCase());
        Path victim = partFiles(dataset).get(1);
        long size = Files.size(victim);
        switch (damage) {
            case TRUNCATED -> {
                try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
                    f.setLength(size / 2);
                }
            }
            case TAIL_OVERWRITTEN -> overwrite(victim, size - 8, new byte[] {9, 9, 9, 9, 'J', 'U', 'N', 'K'});
            case FOOTER_ZEROED -> {
                int footerLength;
                try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "r")) {
                    f.seek(size - 8);
                    footerLength = Integer.reverseBytes(f.readInt()); // little-endian
                }
                overwrite(victim, size - 8 - footerLength, new byte[footerLength]);
            }
            case EMPTY -> Files.write(victim, new byte[0]);
        }
        return dataset;
    }

    private static void overwrite(Path file, long at, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            f.write(bytes);
        }
    }

    /** The damaged file is the second part file, in the dataset copy. */
    private static String damagedFile(Path dataset) throws IOException {
        return partFiles(dataset).get(1).toString();
    }

    /** Rows the file of the same name held in the clean dataset. */
    private static long rowsIn(String file) {
        String name = Path.of(file).getFileName().toString();
        return rowsByFile.entrySet().stream().filter(e -> e.getKey().endsWith(name)).findFirst().orElseThrow()
                .getValue();
    }

    private Path copy(String name) throws IOException {
        Path target = tmp.resolve(name);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(clean)) {
            for (Path p : files.filter(f -> !f.getFileName().toString().endsWith(".crc")).toList()) {
                Files.copy(p, target.resolve(p.getFileName()));
            }
        }
        return target;
    }

    private static List<Path> partFiles(Path dataset) throws IOException {
        try (Stream<Path> files = Files.list(dataset)) {
            List<Path> parts = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
            assertEquals(3, parts.size(), "three part files: " + Arrays.toString(parts.toArray()));
            return parts;
        }
    }
}
