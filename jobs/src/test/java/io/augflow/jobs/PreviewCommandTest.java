package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.jobs.preview.PreviewGrid;
import io.augflow.pipeline.dataset.DatasetMetadata;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

class PreviewCommandTest {
    @TempDir
    static Path dir;
    static String data;

    @BeforeAll
    static void generate() {
        OpenCv.load();
        data = dir.resolve("data").toString();
        assertEquals(0, AugflowCli.run("generate", "--master", "local[2]", "--images", "40", "-o", data));
    }

    @AfterAll
    static void stopSpark() {
        SparkSession.active().stop();
    }

    /** Runs the CLI and returns {exit code, stdout, stderr}. */
    private static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = AugflowCli.run(args);
            return new Object[] {code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String[] preview(Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("preview", "--master", "local[2]", "-d", data,
                "-o", output.toString(), "--samples", "4", "--augmentations", "3", "--cell", "96"));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    @Test
    void writesTheSameGridTwiceAndAnotherWithAnotherSeed() throws Exception {
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("out/b.png");
        Path c = dir.resolve("c.png");
        Object[] first = run(preview(a));
        assertEquals(0, first[0], (String) first[2]);
        assertTrue(((String) first[1]).contains(a.toString()), "prints the output path: " + first[1]);
        assertTrue(((String) first[1]).matches("(?s).*, [1-9][0-9]* donors.*"), "a donor bank was built: " + first[1]);
        assertEquals(0, run(preview(b))[0]);
        assertEquals(0, run(preview(c, "--seed", "7"))[0]);

        Mat picture = Imgcodecs.imread(a.toString(), Imgcodecs.IMREAD_UNCHANGED);
        var classes = DatasetMetadata.read(data, SparkSession.active().sparkContext().hadoopConfiguration()).classes();
        PreviewGrid.Layout layout = new PreviewGrid(96, classes, List.of("t"), 1024).layout(4, 3);
        assertEquals(PreviewGrid.LABEL_WIDTH + 4 * (96 + PreviewGrid.GAP) + PreviewGrid.GAP, picture.cols());
        assertEquals(layout.width(), picture.cols());
        assertEquals(layout.height(), picture.rows());
        assertEquals(3, picture.channels());

        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "same seed, same PNG bytes");
        assertFalse(Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "another seed, another picture");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temp file left");
        }
    }

    @Test
    void mosaicAtPOneIsDrawnAndNamedFirstInThePipeline() throws Exception {
        Path plain = dir.resolve("plain.png");
        Path mosaic = dir.resolve("mosaic.png");
        assertEquals(0, run(preview(plain))[0]);
        Object[] r = run(preview(mosaic, "--set", "augflow.augment.mosaic.p=1"));
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains("pipeline [mosaic, copy-paste, "), "mosaic runs first: " + r[1]);
        assertFalse(Arrays.equals(Files.readAllBytes(plain), Files.readAllBytes(mosaic)), "mosaic changed the draws");
    }

    @Test
    void defaultsGiveEightByOriginalPlusSix() {
        Path out = dir.resolve("defaults.png");
        Object[] r = run("preview", "--master", "local[2]", "-d", data, "-o", out.toString());
        assertEquals(0, r[0], (String) r[2]);
        Mat picture = Imgcodecs.imread(out.toString());
        assertEquals(PreviewGrid.LABEL_WIDTH + 7 * (160 + PreviewGrid.GAP) + PreviewGrid.GAP, picture.cols());
        assertTrue(picture.rows() > 8 * 160);
    }

    @Test
    void badArgumentsExitWithUsageCodeAndAMessage() {
        Path out = dir.resolve("bad.png");
        Object[] zero = run("preview", "--master", "local[2]", "-d", data, "-o", out.toString(), "--samples", "0");
        assertEquals(AugflowCli.EXIT_USAGE, zero[0]);
        assertTrue(((String) zero[2]).contains("preview.samples (--samples) must be in [1, 64], got 0"), (String) zero[2]);

        Object[] missing = run("preview", "--master", "local[2]", "-d", dir.resolve("nothing").toString(),
                "-o", out.toString());
        assertEquals(ExitCodes.DATA, missing[0], "a missing input is refused data, not bad usage");
        assertTrue(((String) missing[2]).contains("data error: dataset " + dir.resolve("nothing") + " does not exist"),
                (String) missing[2]);

        Object[] jpeg = run(preview(dir.resolve("bad.jpg")));
        assertEquals(AugflowCli.EXIT_USAGE, jpeg[0]);
        assertTrue(((String) jpeg[2]).contains("--output must name a .png file"), (String) jpeg[2]);

        Object[] split = run(preview(out, "--split", "dev"));
        assertEquals(AugflowCli.EXIT_USAGE, split[0]);
        assertTrue(((String) split[2]).contains("preview.split (--split) must be one of [train, val, test], got 'dev'"),
                (String) split[2]);

        Object[] noDataset = run("preview", "-o", out.toString());
        assertEquals(AugflowCli.EXIT_USAGE, noDataset[0]);
        assertTrue(((String) noDataset[2]).contains("--dataset"), (String) noDataset[2]);
        assertFalse(Files.exists(out), "nothing written on bad arguments");
    }
}
