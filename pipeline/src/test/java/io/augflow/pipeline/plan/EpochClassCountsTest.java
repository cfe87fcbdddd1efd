package io.augflow.pipeline.plan;

import static io.augflow.pipeline.testing.TestRows.box;
import static io.augflow.pipeline.testing.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.stats.DatasetStatistics;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.ImageClasses;
import io.augflow.pipeline.stats.StatsConf;
import io.augflow.pipeline.testing.TestRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-class epoch counts agree with the rows {@link EpochPlan#expand} emits, for every strategy. */
class EpochClassCountsTest {
    private static SparkSession spark;
    private static Dataset<Row> rows;
    private static DatasetStats stats;

    @BeforeAll
    static void start() {
        spark = TestRows.spark();
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            list.add(row("a-" + i, null, "train", box(0, 0, 0, 60, 60)));
        }
        for (int i = 0; i < 9; i++) {
            list.add(row("b-" + i, null, "train", box(0, 0, 0, 60, 60), box(1, 5, 5, 40, 40)));
        }
        for (int i = 0; i < 4; i++) {
            list.add(row("c-" + i, null, "train", box(2, 0, 0, 8, 8)));
        }
        list.add(row("bg-0", null, "train"));
        rows = TestRows.frame(spark, list).cache();
        stats = DatasetStatistics.compute(rows, StatsConf.defaults(), 3);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void countsEqualTheExpandedEpochForEveryStrategy() {
        for (BalanceStrategy strategy : BalanceStrategy.values()) {
            SamplingPlan plan = SamplingPlanner.fit(stats, new PlanConf(strategy, new BalanceTarget.SquareRoot(), 5,
                    0.3, 3, ClassWeighting.NONE, 7));
            for (int epoch : new int[] {3}) {
                EpochClassCounts counts = EpochClassCounts.of(rows, plan, epoch);
                Map<Integer, Long> byPrimary = new TreeMap<>();
                Map<Integer, Long> byClass = new TreeMap<>();
                List<Row> expanded = EpochPlan.expand(rows, plan, epoch)
                        .select(DatasetSchema.ID, DatasetSchema.LABEL, DatasetSchema.OBJECTS).collectAsList();
                for (Row r : expanded) {
                    int[] classes = ImageClasses.of(r);
                    int primary = plan.primaryClass(classes);
                    if (primary != ImageClasses.NONE) {
                        byPrimary.merge(primary, 1L, Long::sum);
                    }
                    for (int c : classes) {
                        byClass.merge(c, 1L, Long::sum);
                    }
                }
                String what = strategy.key() + " epoch " + epoch;
                assertEquals(expanded.size(), counts.rows(), what);
                assertEquals(byPrimary, new TreeMap<>(counts.rowsByPrimary()), what);
                assertEquals(byClass, new TreeMap<>(counts.imagesByClass()), what);
                if (strategy.exact()) {
                    for (ClassPlan p : plan.classes()) {
                        assertEquals(p.target(), counts.rowsOfPrimary(p.classId()), what + " class " + p.classId());
                    }
                }
            }
        }
    }
}
