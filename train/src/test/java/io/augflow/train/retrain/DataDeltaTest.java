package io.augflow.train.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.train.registry.DatasetSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDeltaTest {
    private static DatasetSnapshot snapshot(long rows, Map<String, Long> byClass, List<String> files) {
        return new DatasetSnapshot("data/d", rows, byClass, files);
    }

    private static Map<String, Long> classes(long circle, long square) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("circle", circle);
        m.put("square", square);
        return m;
    }

    private static RetrainConf conf(long minRows, double minShare) {
        return RetrainConf.fromRoot(ConfigFactory.parseString("retrain { min-new-rows = " + minRows
                + ", min-new-share = " + minShare + " }"));
    }

    @Test
    void countsNewRowsPerClassAndNewFiles() {
        DataDelta d = DataDelta.between(3, snapshot(1000, classes(700, 300), List.of("a.zip", "b.zip")),
                snapshot(1150, classes(720, 400), List.of("c.zip", "a.zip", "b.zip", "d.zip")));
        assertEquals(3, d.championVersion());
        assertEquals(150, d.newRows());
        assertEquals(0.15, d.newShare(), 1e-12);
        assertEquals(classes(20, 100), d.newRowsByClass());
        assertEquals(List.of("c.zip", "d.zip"), d.newFiles(), "new files only, sorted");
    }

    @Test
    void aClassOnlyOneSideHasIsCountedFromZero() {
        DataDelta d = DataDelta.between(1, snapshot(10, Map.of("circle", 10L), List.of()),
                snapshot(15, Map.of("star", 5L), List.of()));
        assertEquals(Map.of("star", 5L, "circle", -10L), d.newRowsByClass());
    }

    @Test
    void enoughNewDataIsRowsOrShareWhicheverIsReachedInclusive() {
        DatasetSnapshot champion = snapshot(1000, classes(500, 500), List.of());
        DataDelta fifty = DataDelta.between(1, champion, snapshot(1050, classes(525, 525), List.of()));
        assertFalse(fifty.worthRetraining(conf(100, 0.06)), "50 rows, 5%: neither threshold");
        assertTrue(fifty.worthRetraining(conf(50, 0.5)), "exactly min-new-rows");
        assertTrue(fifty.worthRetraining(conf(100, 0.05)), "exactly min-new-share");
        DataDelta none = DataDelta.between(1, champion, champion);
        assertFalse(none.worthRetraining(conf(100, 0.05)));
        assertTrue(none.worthRetraining(conf(0, 0.05)), "min-new-rows = 0 always retrains");
        DataDelta fewer = DataDelta.between(1, champion, snapshot(900, classes(450, 450), List.of()));
        assertEquals(-0.1, fewer.newShare(), 1e-12);
        assertFalse(fewer.worthRetraining(conf(1, 0.05)));
    }

    @Test
    void anEmptyChampionSnapshotMakesAnyNewRowAFullShare() {
        DataDelta d = DataDelta.between(1, snapshot(0, Map.of(), List.of()), snapshot(3, Map.of(), List.of()));
        assertEquals(1.0, d.newShare());
    }

    @Test
    void describeNamesTheCountTheChampionAndBothThresholds() {
        DataDelta d = DataDelta.between(2, snapshot(1000, classes(500, 500), List.of()),
                snapshot(1012, classes(506, 506), List.of()));
        assertEquals("12 new rows since champion v2 (need >= 100 new rows or >= 5.0% of its 1,000 rows; got 1.2%)",
                d.describe(conf(100, 0.05)));
    }
}
