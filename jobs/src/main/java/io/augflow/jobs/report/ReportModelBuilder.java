package io.augflow.jobs.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.jobs.report.ReportModel.ClassFigures;
import io.augflow.jobs.report.ReportModel.PlanSummary;
import io.augflow.jobs.report.ReportModel.Provenance;
import io.augflow.jobs.report.ReportModel.SampleTile;
import io.augflow.jobs.report.ReportModel.Totals;
import io.augflow.pipeline.plan.ClassWeights;
import io.augflow.pipeline.plan.EpochClassCounts;
import io.augflow.pipeline.plan.PlanConf;
import io.augflow.pipeline.plan.SamplingPlan;
import io.augflow.pipeline.stats.ClassStats;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.QuarantineCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Assembles a {@link ReportModel} on the driver from fitted values only (statistics, plan, one epoch's
 * class counts, class names): no Spark, so every figure can be checked on hand-made inputs.
 */
public final class ReportModelBuilder {
    private static final ObjectMapper TARGET_JSON = new ObjectMapper();

    private ReportModelBuilder() {}

    /**
     * @param classNames names by class id; an id beyond the list is named by its number
     * @param samples the sample grid's tiles
     * @param imageSizes the train split's image sizes and the chosen network input
     */
    public static ReportModel build(Provenance provenance, DatasetStats stats, PlanConf planConf, SamplingPlan plan,
            EpochClassCounts epoch, List<String> classNames, ReportConf conf, List<SampleTile> samples,
            ReportModel.ImageSizes imageSizes) {
        ClassWeights weights = ClassWeights.fit(stats, planConf);
        List<ClassFigures> classes = new ArrayList<>();
        for (ClassStats c : stats.classes()) {
            long objects = c.sizes().total();
            classes.add(new ClassFigures(c.classId(), name(classNames, c.classId()), c.images(),
                    epoch.imagesOfClass(c.classId()), c.primaryImages(), epoch.rowsOfPrimary(c.classId()), objects,
                    c.sizes().small(), c.sizes().medium(), c.sizes().large(),
                    objects == 0 ? 0.0 : (double) c.sizes().small() / objects, c.imagesWithSmall(),
                    c.effectiveNumber(), weights.weight(c.classId())));
        }
        QuarantineCounts ingest = stats.ingest();
        long quarantined = ingest.quarantinedTotal();
        Totals totals = new Totals(stats.images(), stats.conf().splits(), stats.objects(), stats.imagesWithSmall(),
                share(stats.imagesWithSmall(), stats.images()), share(stats.sizes().small(), stats.objects()),
                stats.conf().smallArea(), imbalance(classes, ClassFigures::images),
                imbalance(classes, ClassFigures::epochImages), stats.duplicates().ids(),
                stats.duplicates().examples(), ingest.present(), ingest.rowsIn(), quarantined,
                share(quarantined, ingest.rowsIn()));
        PlanSummary summary = new PlanSummary(planConf.strategyKey(), targetText(planConf),
                planConf.maxRepeat(), epoch.epoch(), epoch.rows(), plan.toJson());
        List<ReportModel.ReportWarning> warnings = new ArrayList<>(ReportWarnings.of(classes, totals, conf));
        warnings.addAll(ReportWarnings.ofSkippedFiles(provenance.skippedFiles()));
        return new ReportModel(provenance, summary, conf, totals, classes, warnings, samples, imageSizes);
    }

    /** The target as written in configuration: max, min, sqrt, a count or a class -> count object. */
    static String targetText(PlanConf conf) {
        try {
            return TARGET_JSON.writeValueAsString(conf.target()).replace("\"", "");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("balance target does not serialise", e);
        }
    }

    /** The class's name, or its id as text when the dataset names fewer classes. */
    static String name(List<String> classNames, int classId) {
        return classId >= 0 && classId < classNames.size() ? classNames.get(classId) : Integer.toString(classId);
    }

    /** Largest / smallest over classes with a count above 0; 1 with fewer than two such classes. */
    static double imbalance(List<ClassFigures> classes, ToLongFunction<ClassFigures> count) {
        long largest = 0;
        long smallest = Long.MAX_VALUE;
        int nonEmpty = 0;
        for (ClassFigures c : classes) {
            long n = count.applyAsLong(c);
            if (n > 0) {
                nonEmpty++;
                largest = Math.max(largest, n);
                smallest = Math.min(smallest, n);
            }
        }
        return nonEmpty < 2 ? 1.0 : (double) largest / smallest;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }
}
