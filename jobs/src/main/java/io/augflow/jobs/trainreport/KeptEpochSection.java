package io.augflow.jobs.trainreport;

import static io.augflow.jobs.report.Html.esc;

import io.augflow.train.spark.EpochRecord;
import io.augflow.train.spark.TrainResult;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What the training report says about the epoch saved as {@code model.zip}: a paragraph (which epoch, by which
 * validation metric, whether training stopped early and why) and the mark on that epoch's row of the per-epoch
 * table. Epochs read 1-based, as in the table; the {@code data-*} attributes keep model.json's 0-based numbers.
 * A {@code model.json} written before the kept epoch was recorded gets neither.
 */
final class KeptEpochSection {
    static final String STYLE = "tr.kept td{font-weight:bold;background:#eef6ee}";

    private KeptEpochSection() {}

    /** The kept epoch (0-based), empty when the run did not record it. */
    static OptionalInt keptEpoch(TrainResult r) {
        return r.kept() == null ? OptionalInt.empty() : OptionalInt.of(r.kept().bestEpoch());
    }

    /** The paragraph {@code <p id="kept">}; nothing for a run that did not record it. */
    static void paragraph(StringBuilder h, TrainResult r) {
        TrainResult.KeptEpoch k = r.kept();
        if (k == null) {
            return;
        }
        h.append("<p id=\"kept\" data-best-epoch=\"").append(k.bestEpoch()).append("\" data-last-epoch=\"")
                .append(k.lastEpoch()).append("\" data-metric=\"").append(esc(k.metric()))
                .append("\" data-value=\"").append(k.value() == null ? "" : k.value())
                .append("\" data-stopped-early=\"").append(k.stoppedEarly()).append("\">")
                .append("<b>model.zip is epoch ").append(k.bestEpoch() + 1).append("</b> of ").append(k.lastEpoch() + 1)
                .append(" trained");
        if (k.value() != null) {
            h.append(String.format(Locale.ROOT, ", validation %s %.4f", esc(k.metric()), k.value()));
        }
        h.append(": ").append(esc(k.note())).append(". ");
        if (k.stoppedEarly()) {
            h.append("<span id=\"stopped-early\">Training stopped early after epoch ").append(k.lastEpoch() + 1)
                    .append(" of ").append(r.epochs()).append(": ").append(esc(k.stopReason())).append(".</span>");
        } else {
            h.append("Training ran every planned epoch.");
        }
        h.append(" The test figures are those of the kept epoch.</p>");
    }

    /** The attributes of a per-epoch table row: {@code class="kept"} on the kept epoch's. */
    static String rowAttributes(EpochRecord e, OptionalInt kept) {
        return isKept(e, kept) ? " class=\"kept\" data-kept=\"true\"" : "";
    }

    /** The epoch cell's text: 1-based, with "(model.zip)" on the kept epoch. */
    static String epochCell(EpochRecord e, OptionalInt kept) {
        return (e.epoch() + 1) + (isKept(e, kept) ? " (model.zip)" : "");
    }

    private static boolean isKept(EpochRecord e, OptionalInt kept) {
        return kept.isPresent() && kept.getAsInt() == e.epoch();
    }
}
