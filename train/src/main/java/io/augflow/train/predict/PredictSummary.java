package io.augflow.train.predict;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a prediction run did, counted from what it wrote: {@code rowsIn = predicted + quarantined}.
 *
 * @param task         {@code classify} or {@code detect}
 * @param model        the {@code model.zip} used
 * @param byReason     quarantined rows per reason
 * @param extraFiles   files written besides the Parquet (COCO JSON)
 * @param seconds      wall time
 */
public record PredictSummary(String task, String model, String input, String output, String quarantine, long rowsIn,
        long predicted, long quarantined, Map<String, Long> byReason, List<String> extraFiles, double seconds) {

    public PredictSummary {
        byReason = Map.copyOf(new TreeMap<>(byReason));
        extraFiles = List.copyOf(extraFiles);
    }

    /** The one-line summary the command prints. */
    public String describe() {
        String reasons = byReason.isEmpty() ? "" : " " + new TreeMap<>(byReason);
        return String.format(Locale.ROOT, "predict (%s): %d rows in, %d predicted, %d quarantined%s in %.1f s -> %s"
                + " (quarantine %s)", task, rowsIn, predicted, quarantined, reasons, seconds, output, quarantine);
    }
}
