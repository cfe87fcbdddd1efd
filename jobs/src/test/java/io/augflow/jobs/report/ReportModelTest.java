package io.augflow.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.augflow.jobs.report.ReportModel.ClassFigures;
import io.augflow.jobs.report.ReportModel.Provenance;
import io.augflow.jobs.report.ReportModel.ReportWarning;
import io.augflow.pipeline.plan.BalanceStrategy;
import io.augflow.pipeline.plan.BalanceTarget;
import io.augflow.pipeline.plan.ClassWeighting;
import io.augflow.pipeline.plan.EpochClassCounts;
import io.augflow.pipeline.plan.PlanConf;
import io.augflow.pipeline.plan.SamplingPlan;
import io.augflow.pipeline.plan.SamplingPlanner;
import io.augflow.pipeline.stats.ClassStats;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.DuplicateIds;
import io.augflow.pipeline.stats.QuarantineCounts;
import io.augflow.pipeline.stats.SizeBuckets;
import io.augflow.pipeline.stats.StatsConf;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The model from hand-made statistics (no Spark): figures, warnings at their thresholds, JSON, escaping. */
class ReportModelTest {
    private static final StatsConf STATS = new StatsConf(1024, 9216, 0.99, List.of("train"));
    private static final Provenance PROVENANCE = new Provenance("data/x", 100, "ab12", 7, "2024-01-01T00:00:00Z",
            "test");

    /** Class c: {@code images[c]} single-class detection images, {@code small[c]} small boxes, one medium box each. */
    private static DatasetStats stats(long[] images, long[] small, long duplicates, QuarantineCounts ingest) {
        List<ClassStats> classes = new ArrayList<>();
        long total = 0;
        long objects = 0;
        long smallTotal = 0;
        for (long n : images) {
            total += n;
        }
        for (int c = 0; c < images.length; c++) {
            SizeBuckets sizes = new SizeBuckets(small[c], images[c], 0);
            objects += sizes.total();
            smallTotal += small[c];
            classes.add(new ClassStats(c, images[c], images[c], sizes.total(), (double) images[c] / total, 0, sizes,
                    Math.min(small[c], images[c]), STATS.effectiveNumber(images[c])));
        }
        return new DatasetStats(STATS, total, objects, 0, 0, new SizeBuckets(smallTotal, total, 0), classes, 1.0,
                List.of(), new DuplicateIds(duplicates, duplicates, duplicates > 0 ? List.of("<dup>") : List.of()),
                ingest);
    }

    /** One epoch as a count strategy would give it: every class exactly its plan target. */
    private static EpochClassCounts epochOf(SamplingPlan plan) {
        Map<Integer, Long> byClass = new TreeMap<>();
        long rows = 0;
        for (var p : plan.classes()) {
            if (p.target() > 0) {
                byClass.put(p.classId(), p.target());
            }
            rows += p.target();
        }
        return new EpochClassCounts(0, rows, byClass, byClass);
    }

    private static ReportModel model(DatasetStats stats, ReportConf conf, List<String> names) {
        PlanConf planConf = new PlanConf(BalanceStrategy.OVERSAMPLE, new BalanceTarget.Largest(), 10, 0.001, 2,
                ClassWeighting.INVERSE_FREQUENCY, 42);
        SamplingPlan plan = SamplingPlanner.fit(stats, planConf);
        return ReportModelBuilder.build(PROVENANCE, stats, planConf, plan, epochOf(plan), names, conf, List.of(), SIZES);
    }

    private static final QuarantineCounts INGEST = new QuarantineCounts(true, 1000, 990, Map.of("bad png", 10L));

    /** 30 training images in two sizes, median 64 x 48. */
    static final ReportModel.ImageSizes SIZES = new ReportModel.ImageSizes(new io.augflow.pipeline.stats.ImageProfile(30,
            2, List.of(new io.augflow.pipeline.stats.ImageProfile.SizeCount(64, 48, 20),
                    new io.augflow.pipeline.stats.ImageProfile.SizeCount(32, 32, 10)), 64, 48, 30, 0, 1),
            "64x48x3", "resize", "the median size 64x48 of 30 training images in 2 sizes, rounded to multiples of 8");

    @Test
    void figuresComeFromStatisticsAndTheEpoch() {
        DatasetStats stats = stats(new long[] {200, 40, 8}, new long[] {10, 0, 4}, 0, INGEST);
        ReportModel m = model(stats, ReportConf.defaults(), List.of("cat", "dog", "eel"));
        assertEquals(List.of(200L, 40L, 8L), m.classes().stream().map(ClassFigures::images).toList());
        // oversample to the largest, capped at 10 x: 200, 200, 80
        assertEquals(List.of(200L, 200L, 80L), m.classes().stream().map(ClassFigures::epochRows).toList());
        assertEquals(List.of(200L, 200L, 80L), m.classes().stream().map(ClassFigures::epochImages).toList());
        assertEquals(25.0, m.totals().imbalanceBefore());
        assertEquals(2.5, m.totals().imbalanceAfter());
        assertEquals(480, m.plan().epochRows());
        assertEquals("oversample", m.plan().strategy());
        assertEquals("max", m.plan().target());
        assertEquals(0.01, m.totals().quarantineRate());
        ClassFigures cat = m.classes().get(0);
        assertEquals(10.0 / 210, cat.smallShare());
        assertEquals(STATS.effectiveNumber(200), cat.effectiveNumber());
        // inverse frequency: N / (C * n_c)
        assertEquals(248.0 / (3 * 8), m.classes().get(2).classWeight(), 1e-12);
        assertEquals("eel", m.classes().get(2).name());
    }

    @Test
    void warningsFireStrictlyBeyondTheirThresholds() {
        ReportConf conf = new ReportConf(40, 0.01, false, 0);
        // dog: exactly 40 images, no warning; eel: 39 warns; quarantine exactly 1% does not warn
        DatasetStats atThreshold = stats(new long[] {200, 40, 39}, new long[] {10, 3, 0}, 0, INGEST);
        List<ReportWarning> w = model(atThreshold, conf, List.of("cat", "dog", "eel")).warnings();
        assertEquals(List.of("under-min-count:2", "no-small-donors:2"),
                w.stream().map(x -> x.kind() + ":" + x.classId()).toList());
        assertEquals("Class 'eel' (id 2) has 39 images, under report.min-class-count = 40.", w.get(0).message());
        assertEquals(39, w.get(0).value());
        assertEquals(40, w.get(0).threshold());

        QuarantineCounts above = new QuarantineCounts(true, 1000, 989, Map.of("bad png", 11L));
        DatasetStats beyond = stats(new long[] {200, 40, 40}, new long[] {10, 3, 1}, 2, above);
        List<ReportWarning> w2 = model(beyond, conf, List.of("cat", "dog", "eel")).warnings();
        assertEquals(List.of("duplicate-ids:-1", "high-quarantine-rate:-1"),
                w2.stream().map(x -> x.kind() + ":" + x.classId()).toList());
        assertEquals("Ingest quarantined 11 of 1000 rows (1.10%), over report.max-quarantine-rate = 1.00%.",
                w2.get(1).message());
        assertTrue(w2.get(0).message().startsWith("2 ids occur on more than one row"), w2.get(0).message());
    }

    @Test
    void withoutBoxesNoClassWarnsAboutDonorsAndAnUnknownIngestNeverWarns() {
        List<ClassStats> classes = List.of(
                new ClassStats(0, 50, 50, 0, 0.5, 0, new SizeBuckets(0, 0, 0), 0, 1),
                new ClassStats(1, 50, 50, 0, 0.5, 0, new SizeBuckets(0, 0, 0), 0, 1));
        DatasetStats stats = new DatasetStats(STATS, 100, 0, 0, 0, new SizeBuckets(0, 0, 0), classes, 1.0, List.of(),
                new DuplicateIds(0, 0, List.of()), QuarantineCounts.absent());
        ReportModel m = model(stats, new ReportConf(20, 0.0, false, 0), List.of("a"));
        assertEquals(List.of(), m.warnings());
        assertEquals("1", m.classes().get(1).name(), "a class the dataset does not name is named by its id");
    }

    @Test
    void jsonRoundTripKeepsEveryFigure() {
        DatasetStats stats = stats(new long[] {200, 40, 8}, new long[] {10, 0, 4}, 1, INGEST);
        ReportModel m = model(stats, ReportConf.defaults().withLogScale(true), List.of("<b>", "dög", "e\"l"));
        m = new ReportModel(m.provenance(), m.plan(), m.conf(), m.totals(), m.classes(), m.warnings(),
                List.of(new ReportModel.SampleTile("id<1>", "original", "cap & tion", 2, 1, 3, 4, "iVBORw0=")),
                m.imageSizes());
        ReportModel back = ReportModel.fromJson(m.toJson());
        assertEquals(m, back);
        assertThrows(IllegalArgumentException.class, () -> ReportModel.fromJson("{\"classes\": 3}"));
    }

    @Test
    void classNamesAreEscapedEverywhereOnThePage() {
        String evil = "<script>alert(1)</script>";
        DatasetStats stats = stats(new long[] {30, 8}, new long[] {1, 1}, 0, INGEST);
        ReportModel m = model(stats, ReportConf.defaults(), List.of(evil, "a & \"b\""));
        String html = ReportHtml.render(m);
        assertFalse(html.contains("<script>alert"), "a class name must never become markup");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("a &amp; &quot;b&quot;"));
        // the embedded JSON cannot close its script element
        String embedded = ReportHtml.embeddedJson(m);
        assertFalse(embedded.contains("</"));
        assertEquals(m, ReportModel.fromJson(embedded));
        // exactly the page's own scripts: the error hook, the data, the check
        assertEquals(3, html.split("<script", -1).length - 1);
    }

    @Test
    void everyChartIsAnSvgWithItsOwnIds() {
        DatasetStats stats = stats(new long[] {200, 40, 8}, new long[] {10, 0, 4}, 0, INGEST);
        for (boolean log : new boolean[] {false, true}) {
            ReportModel m = model(stats, ReportConf.defaults().withLogScale(log), List.of("cat", "dog", "eel"));
            Map<String, String> svgs = ReportCharts.svgs(m);
            assertEquals(List.of(ReportCharts.CLASS_HISTOGRAM, ReportCharts.OBJECT_SIZES, ReportCharts.SMALL_SHARE,
                    ReportCharts.EFFECTIVE_NUMBER, ReportCharts.IMAGE_SIZES), List.copyOf(svgs.keySet()));
            svgs.forEach((id, svg) -> {
                assertTrue(svg.startsWith("<svg") && svg.contains("id='" + id + "'"), svg.substring(0, 300));
                String label = id.equals(ReportCharts.IMAGE_SIZES) ? ">64 x 48<" : ">cat (0)<";
                assertTrue(svg.contains(label), id + " labels its bars with " + label);
            });
        }
    }

    @Test
    void reportBlockIsValidated() {
        assertEquals(ReportConf.defaults(), ReportConf.from(ConfigFactory.empty()));
        assertEquals(new ReportConf(5, 0.2, true, 3), ReportConf.from(ConfigFactory.parseString(
                "min-class-count = 5, max-quarantine-rate = 0.2, log-scale = true, samples = 3")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportConf.from(ConfigFactory.parseString("max-quarantine-rate = 1.5")));
        assertEquals("augflow.report.max-quarantine-rate must be in [0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReportConf.from(ConfigFactory.parseString("colour = red")));
    }

    @Test
    void reportConfUnknownKeyIsNamedInFull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportConf.from(com.typesafe.config.ConfigFactory.parseString("sample = 3")));
        assertEquals("augflow.report.sample is not a known key (known: [min-class-count, max-quarantine-rate,"
                + " log-scale, samples])", e.getMessage());
    }
}
