package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.DataException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration, the summary's invariant and the small parsers: no Spark. */
class IngestConfTest {
    @Test
    void defaultsAndKeys() {
        IngestConf d = IngestConf.builder("/in", "/data/mnist").build();
        assertEquals(IngestLayout.AUTO, d.layout());
        assertEquals(0.05, d.maxBadFraction());
        assertEquals(50_000_000L, d.maxPixels());
        assertTrue(d.clipBoxes());
        assertEquals(0.5, d.clipMinInside());
        assertEquals("train", d.defaultSplit());
        assertEquals("mnist", d.datasetName(), "the name defaults to the output folder's");

        IngestConf c = block(Map.of("input", "/in", "output", "/out", "layout", "yolo",
                "overwrite", "true", "max-bad-fraction", "0.2", "classes", "cat, dog", "partitions", "8"));
        assertEquals(IngestLayout.YOLO, c.layout());
        assertTrue(c.overwrite());
        assertEquals(0.2, c.maxBadFraction());
        assertEquals(List.of("cat", "dog"), c.classes());
        assertEquals(8, c.partitions());
    }

    @Test
    void errorsNameTheKeyTheValueAndTheRule() {
        assertMessage("max-bad-fraction must be in [0, 1], got 1.5",
                () -> IngestConf.builder("/in", "/out").maxBadFraction(1.5).build());
        assertMessage("default-split must be one of [train, val, test], got 'dev'",
                () -> IngestConf.builder("/in", "/out").defaultSplit("dev").build());
        assertMessage("ingest.layout must be one of auto, image-folder, idx, yolo, coco, got 'voc'",
                () -> block(Map.of("input", "/in", "output", "/out", "layout", "voc")));
        assertMessage("augflow.ingest.max-pixel is not a known key",
                () -> block(Map.of("input", "/in", "output", "/out", "max-pixel", "5")));
        assertMessage("output must differ from input", () -> IngestConf.builder("/in", "/in").build());
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void summaryRefusesCountsThatDoNotAddUp() {
        new IngestSummary("d", "idx", "/in", "/out", "/out_quarantine", 10, 10, 7, 3, Map.of("BAD_BOX", 3L),
                Map.of("train", 7L), "now", 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new IngestSummary("d", "idx", "/in",
                "/out", "/out_quarantine", 10, 10, 7, 2, Map.of("BAD_BOX", 2L), Map.of("train", 7L), "now", 1));
        assertTrue(e.getMessage().contains("10 rows in, 7 written, 2 quarantined"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new IngestSummary("d", "idx", "/in", "/out", "/q", 10, 10, 7,
                3, Map.of("BAD_BOX", 2L), Map.of(), "now", 1));
    }

    @Test
    void yoloClassNamesInTheUsualShapes() {
        assertEquals(List.of("a", "b c"), YoloClassNames.fromDataYaml("names: ['a', \"b c\"]\nnc: 2", "d.yaml"));
        assertEquals(List.of("person", "car"),
                YoloClassNames.fromDataYaml("train: x\nnames:\n  - person  # people\n  - car\nval: y\n", "d.yaml"));
        assertEquals(List.of("person", "car"), YoloClassNames.fromDataYaml("names:\n  0: person\n  1: car\n", "d.yaml"));
        assertThrows(DataException.class, () -> YoloClassNames.fromDataYaml("nc: 3\n", "d.yaml"));
        assertEquals(List.of("x", "y"), YoloClassNames.fromClassesTxt("x\n\ny\n"));
    }

    @Test
    void idxSplitsFromFilePrefixes() {
        assertEquals("test", IdxImporter.splitOf("t10k"));
        assertEquals("train", IdxImporter.splitOf("train"));
        assertEquals("val", IdxImporter.splitOf("emnist-val"));
        assertEquals(null, IdxImporter.splitOf("other"), "names none: the row's split is drawn or default-split");
    }

    /** The {@code ingest} block holding {@code values}, read as the command reads it. */
    private static IngestConf block(java.util.Map<String, String> values) {
        return IngestConf.from(io.augflow.augment.conf.ConfBlock.under(
                com.typesafe.config.ConfigFactory.parseMap(values), "ingest"));
    }
}
