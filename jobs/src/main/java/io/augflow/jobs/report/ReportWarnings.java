package io.augflow.jobs.report;

import io.augflow.jobs.report.ReportModel.ClassFigures;
import io.augflow.jobs.report.ReportModel.ReportWarning;
import io.augflow.jobs.report.ReportModel.Totals;
import io.augflow.pipeline.dataset.DatasetFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's warnings, each firing strictly beyond its {@link ReportConf} threshold:
 * <ul>
 *   <li>{@code under-min-count}: a class with fewer than {@code min-class-count} images (empty classes included);</li>
 *   <li>{@code duplicate-ids}: any id on more than one row;</li>
 *   <li>{@code high-quarantine-rate}: ingest quarantined more than {@code max-quarantine-rate} of its input;</li>
 *   <li>{@code no-small-donors}: in a dataset with boxes, a class with images but no small box, so copy-paste
 *       has nothing of it to paste;</li>
 *   <li>{@code skipped-corrupt-files}: Parquet part files that could not be read were left out
 *       ({@code input.on-corrupt-file = skip}), so every figure misses their (unknown) rows.</li>
 * </ul>
 */
public final class ReportWarnings {
    public static final String UNDER_MIN_COUNT = "under-min-count";
    public static final String DUPLICATE_IDS = "duplicate-ids";
    public static final String HIGH_QUARANTINE_RATE = "high-quarantine-rate";
    public static final String NO_SMALL_DONORS = "no-small-donors";
    public static final String SKIPPED_FILES = "skipped-corrupt-files";

    private ReportWarnings() {}

    public static List<ReportWarning> of(List<ClassFigures> classes, Totals totals, ReportConf conf) {
        List<ReportWarning> out = new ArrayList<>();
        for (ClassFigures c : classes) {
            if (c.images() < conf.minClassCount()) {
                out.add(new ReportWarning(UNDER_MIN_COUNT, c.classId(), c.images(), conf.minClassCount(),
                        String.format(Locale.ROOT, "Class '%s' (id %d) has %d images, under report.%s = %d.",
                                c.name(), c.classId(), c.images(), ReportConf.MIN_CLASS_COUNT, conf.minClassCount())));
            }
        }
        if (totals.duplicateIds() > 0) {
            out.add(new ReportWarning(DUPLICATE_IDS, -1, totals.duplicateIds(), 0,
                    String.format(Locale.ROOT, "%d %s on more than one row (threshold 0), e.g. %s.",
                            totals.duplicateIds(), totals.duplicateIds() == 1 ? "id occurs" : "ids occur",
                            String.join(", ", totals.duplicateExamples()))));
        }
        if (totals.ingestKnown() && totals.quarantineRate() > conf.maxQuarantineRate()) {
            out.add(new ReportWarning(HIGH_QUARANTINE_RATE, -1, totals.quarantineRate(), conf.maxQuarantineRate(),
                    String.format(Locale.ROOT, "Ingest quarantined %d of %d rows (%s), over report.%s = %s.",
                            totals.quarantined(), totals.ingestRowsIn(), percent(totals.quarantineRate()),
                            ReportConf.MAX_QUARANTINE_RATE, percent(conf.maxQuarantineRate()))));
        }
        if (totals.objects() > 0) {
            for (ClassFigures c : classes) {
                if (c.images() > 0 && c.small() == 0) {
                    out.add(new ReportWarning(NO_SMALL_DONORS, c.classId(), 0, totals.smallArea(),
                            String.format(Locale.ROOT, "Class '%s' (id %d) has no small object (box area < %s px²):"
                                    + " copy-paste has no donor of it.", c.name(), c.classId(),
                                    number(totals.smallArea()))));
                }
            }
        }
        return out;
    }

    /** One warning naming the corrupt files left out, or none. */
    public static List<ReportWarning> ofSkippedFiles(List<DatasetFiles.SkippedFile> skipped) {
        if (skipped.isEmpty()) {
            return List.of();
        }
        String files = String.join(", ", skipped.stream().map(f -> f.file() + " (" + f.reason() + ")").toList());
        return List.of(new ReportWarning(SKIPPED_FILES, -1, skipped.size(), 0, String.format(Locale.ROOT,
                "%d corrupt Parquet %s skipped (input.on-corrupt-file = skip), rows unknown and not counted: %s.",
                skipped.size(), skipped.size() == 1 ? "file was" : "files were", files)));
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
