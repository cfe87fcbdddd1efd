package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The split setting's parsing and errors, and the draw's determinism and shares: no Spark. */
class SplitAssignerTest {
    private static final SplitFractions EIGHTY_TEN_TEN = SplitFractions.parse("train=0.8,val=0.1,test=0.1");

    @Test
    void parsesTheSettingInTrainValTestOrder() {
        assertEquals(Map.of("train", 0.8, "val", 0.1, "test", 0.1), EIGHTY_TEN_TEN.fractions());
        SplitFractions reordered = SplitFractions.parse(" test = 0.25 , train=0.75 ");
        assertEquals(List.of("train", "test"), new ArrayList<>(reordered.fractions().keySet()));
        assertEquals("train=0.75,test=0.25", reordered.toString());
        assertEquals(EIGHTY_TEN_TEN, SplitFractions.parse(EIGHTY_TEN_TEN.toString()), "round trip");
        assertTrue(SplitFractions.parse("").isEmpty());
        assertTrue(SplitFractions.parse("  ").isEmpty());
        assertEquals(Map.of("train", 1.0), SplitFractions.parse("train=1").fractions());
        SplitFractions.parse("train=0.7,val=0.2,test=0.1000005"); // within 1e-6
    }

    @Test
    void errorsNameTheKeyTheValueAndTheRule() {
        assertMessage("split 'train=0.8,val=0.3': fractions must sum to 1 (within 1e-6); they sum to 1.1",
                "train=0.8,val=0.3");
        assertMessage("split 'train=0.8,dev=0.2': names must be among [train, val, test]; 'dev' is not",
                "train=0.8,dev=0.2");
        assertMessage("split 'train=1.2,val=-0.2': fractions must be >= 0 and finite; val is -0.2", "train=1.2,val=-0.2");
        assertMessage("split 'train=0.5,train=0.5': names each split once; train appears twice", "train=0.5,train=0.5");
        assertMessage("split 'train:0.8,val:0.2': must be name=fraction pairs separated by commas, e.g. "
                + "train=0.8,val=0.1,test=0.1; 'train:0.8' is not", "train:0.8,val:0.2");
        assertMessage("split 'train=most': fractions must be numbers; train's 'most' is not", "train=most");
        assertMessage("split 'train=NaN,val=1': fractions must be >= 0 and finite; train is NaN", "train=NaN,val=1");
        assertMessage("split 'train=0.9,': must be name=fraction pairs", "train=0.9,");
    }

    private static void assertMessage(String expected, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SplitFractions.parse(value));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void theConfigurationKeysReachTheAssigner() {
        IngestConf conf = block(Map.of("input", "/in", "output", "/out", "split",
                "train=0.8,val=0.1,test=0.1", "split-seed", "7"));
        assertEquals(new SplitAssigner("train", EIGHTY_TEN_TEN, 7), conf.unsplitRows());
        IngestConf defaults = IngestConf.builder("/in", "/out").defaultSplit("val").build();
        assertEquals(new RowSplit("val", SplitSource.DEFAULT), defaults.unsplitRows().of("any/id"));
        assertEquals(42, defaults.splitSeed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> block(
                Map.of("input", "/in", "output", "/out", "split-seed", "forty-two")));
        assertEquals("augflow.ingest.split-seed must be an integer, got \"forty-two\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> block(
                Map.of("input", "/in", "output", "/out", "split", "train=2")));
    }

    @Test
    void aRowsSplitDependsOnlyOnSeedAndIdNotOnOrder() {
        SplitAssigner a = new SplitAssigner("train", EIGHTY_TEN_TEN, 42);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ids.add("cat/img-" + i);
        }
        Map<String, String> first = new HashMap<>();
        ids.forEach(id -> first.put(id, a.of(id).name()));
        Collections.shuffle(ids, new Random(1));
        SplitAssigner again = new SplitAssigner("train", EIGHTY_TEN_TEN, 42); // a fresh one, as on another executor
        ids.forEach(id -> assertEquals(first.get(id), again.of(id).name(), id));
        assertEquals(SplitSource.ASSIGNED, a.of("x").source());
        long moved = ids.stream().filter(id -> !first.get(id).equals(new SplitAssigner("train", EIGHTY_TEN_TEN, 43)
                .of(id).name())).count();
        assertTrue(moved > 300, "another seed is another draw: " + moved + " of 2000 moved");
    }

    @Test
    void theDrawFollowsTheFractionsBoundaries() {
        assertEquals("train", EIGHTY_TEN_TEN.pick(0.0));
        assertEquals("train", EIGHTY_TEN_TEN.pick(0.7999));
        assertEquals("val", EIGHTY_TEN_TEN.pick(0.8));
        assertEquals("test", EIGHTY_TEN_TEN.pick(0.95));
        assertEquals("test", EIGHTY_TEN_TEN.pick(Math.nextDown(1.0)));
        SplitFractions noVal = SplitFractions.parse("train=0.5,val=0,test=0.5");
        assertEquals("test", noVal.pick(0.5), "a zero share is never drawn");
        for (int i = 0; i < 10_000; i++) {
            double u = SplitAssigner.unit(42, "id-" + i);
            assertTrue(u >= 0 && u < 1, "u = " + u);
            assertTrue(!"val".equals(new SplitAssigner("train", noVal, 42).of("id-" + i).name()));
        }
    }

    /**
     * What holds per class: for n rows of a class, the count in a split of fraction p is Binomial(n, p), so it lies
     * within a few standard deviations of n p. Checked for three classes of very different sizes, under five seeds,
     * with ids shaped like real file paths (a shared prefix, sequential numbers).
     */
    @Test
    void everyClassesSharesAreWithinABinomialBoundOfTheTargets() {
        Map<String, Integer> classSizes = Map.of("cat", 12_000, "dog", 3_000, "rare-bird", 400);
        for (long seed = 1; seed <= 5; seed++) {
            SplitAssigner assigner = new SplitAssigner("train", EIGHTY_TEN_TEN, seed);
            for (Map.Entry<String, Integer> c : classSizes.entrySet()) {
                int n = c.getValue();
                Map<String, Integer> counts = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    String id = String.format(Locale.ROOT, "%s/IMG_%05d", c.getKey(), i);
                    counts.merge(assigner.of(id).name(), 1, Integer::sum);
                }
                for (Map.Entry<String, Double> target : EIGHTY_TEN_TEN.fractions().entrySet()) {
                    double p = target.getValue();
                    double expected = n * p;
                    double sd = Math.sqrt(n * p * (1 - p));
                    int got = counts.getOrDefault(target.getKey(), 0);
                    assertTrue(Math.abs(got - expected) <= 4.5 * sd, String.format(Locale.ROOT,
                            "seed %d, class %s (n=%d): %s has %d rows, expected %.0f +- %.1f (4.5 sd)", seed,
                            c.getKey(), n, target.getKey(), got, expected, 4.5 * sd));
                }
            }
        }
    }

    /** The {@code ingest} block holding {@code values}, read as the command reads it. */
    private static IngestConf block(java.util.Map<String, String> values) {
        return IngestConf.from(io.augflow.augment.conf.ConfBlock.under(
                com.typesafe.config.ConfigFactory.parseMap(values), "ingest"));
    }
}
