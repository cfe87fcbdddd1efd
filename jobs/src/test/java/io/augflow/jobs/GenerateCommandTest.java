package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
    @TempDir
    static Path dir;

    @AfterAll
    static void stopSpark() {
        SparkSession.active().stop();
    }

    @Test
    void generatesTheSameDatasetTwice() {
        String a = dir.resolve("a").toString();
        String b = dir.resolve("b").toString();
        assertEquals(0, AugflowCli.run("generate", "--master", "local[2]", "--images", "60", "-o", a));
        assertEquals(0, AugflowCli.run("generate", "--master", "local[2]", "--images", "60", "-o", b,
                "--set", "augflow.generate.partitions=3"));

        SparkSession spark = SparkSession.active();
        Dataset<Row> first = spark.read().parquet(a);
        DatasetSchema.check(first.schema(), a);
        assertEquals(60, first.count());
        assertEquals(60, first.select("id").distinct().count());
        List<Row> x = first.orderBy("id").collectAsList();
        List<Row> y = spark.read().parquet(b).orderBy("id").collectAsList();
        for (int i = 0; i < x.size(); i++) {
            assertArrayEquals((byte[]) x.get(i).getAs("image"), (byte[]) y.get(i).getAs("image"),
                    "image bytes do not depend on the partitioning: " + x.get(i).getAs("id"));
            assertEquals(x.get(i).getList(6), y.get(i).getList(6));
        }
        var meta = DatasetMetadata.read(a, spark.sparkContext().hadoopConfiguration());
        assertEquals(List.of("circle", "square", "triangle", "cross", "ring", "diamond"), meta.classes());
    }

    @Test
    void refusesAnExistingTargetUnlessOverwrite() {
        String out = dir.resolve("exists").toString();
        assertEquals(0, AugflowCli.run("generate", "--master", "local[2]", "--images", "10", "-o", out));
        assertEquals(AugflowCli.EXIT_USAGE, AugflowCli.run("generate", "--master", "local[2]", "--images", "10", "-o", out));
        assertEquals(0, AugflowCli.run("generate", "--master", "local[2]", "--images", "12", "-o", out, "--overwrite"));
        assertEquals(12, SparkSession.active().read().parquet(out).count());
    }

    @Test
    void writesAYoloFolder() throws Exception {
        Path out = dir.resolve("yolo");
        assertEquals(0, AugflowCli.run("generate", "--master", "local[2]", "--images", "20", "--layout", "yolo",
                "-o", out.toString()));
        try (Stream<Path> files = Files.walk(out.resolve("images"))) {
            assertEquals(20, files.filter(p -> p.toString().endsWith(".png")).count());
        }
        try (Stream<Path> files = Files.walk(out.resolve("labels"))) {
            List<Path> labels = files.filter(p -> p.toString().endsWith(".txt")).toList();
            assertEquals(20, labels.size());
            for (Path p : labels) {
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.split(" ");
                    assertEquals(5, f.length, p + ": " + line);
                    for (int i = 1; i < 5; i++) {
                        double v = Double.parseDouble(f[i]);
                        assertTrue(v >= 0 && v <= 1, p + ": normalised coordinates, got " + line);
                    }
                }
            }
        }
        assertEquals(6, Files.readAllLines(out.resolve("classes.txt")).size());
    }

    @Test
    void badConfigurationExitsWithUsageCode() {
        assertEquals(AugflowCli.EXIT_USAGE, AugflowCli.run("generate", "--master", "local[2]", "-o",
                dir.resolve("bad").toString(), "--set", "augflow.generate.channels=4"));
        assertEquals(AugflowCli.EXIT_USAGE, AugflowCli.run("generate", "--master", "local[2]", "-o",
                dir.resolve("bad2").toString(), "--layout", "coco"));
    }
}
