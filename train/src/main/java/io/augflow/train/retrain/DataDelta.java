package io.augflow.train.retrain;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.train.registry.DatasetSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed in the dataset since the champion was trained: the champion's {@link DatasetSnapshot} (stored in
 * its registry version) against the dataset's snapshot now. Decides whether a retrain is worth running: at least
 * {@code retrain.min-new-rows} new rows, or new rows of at least {@code retrain.min-new-share} of the champion's.
 *
 * @param championVersion the champion's registry version
 * @param championRows rows the champion was trained on (its snapshot, every split)
 * @param currentRows rows in the dataset now
 * @param newRows {@code currentRows - championRows} (negative when rows were removed)
 * @param newShare {@code newRows / championRows}; 1 when the champion's snapshot has no rows but there are new ones
 * @param newRowsByClass per class name, the change in the statistics' images of the class (current order, then
 *                       classes only the champion had)
 * @param newFiles ingested files not in the champion's snapshot, sorted
 */
public record DataDelta(
        @JsonProperty("championVersion") int championVersion,
        @JsonProperty("championRows") long championRows,
        @JsonProperty("currentRows") long currentRows,
        @JsonProperty("newRows") long newRows,
        @JsonProperty("newShare") double newShare,
        @JsonProperty("newRowsByClass") Map<String, Long> newRowsByClass,
        @JsonProperty("newFiles") List<String> newFiles) {

    public DataDelta {
        newRowsByClass = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(newRowsByClass));
        newFiles = List.copyOf(newFiles);
    }

    public static DataDelta between(int championVersion, DatasetSnapshot champion, DatasetSnapshot current) {
        long added = current.rows() - champion.rows();
        double share = champion.rows() == 0 ? (added > 0 ? 1.0 : 0.0) : (double) added / champion.rows();
        Map<String, Long> byClass = new LinkedHashMap<>();
        current.rowsByClass().forEach((name, rows) -> byClass.put(name, rows - champion.rowsByClass().getOrDefault(name, 0L)));
        champion.rowsByClass().forEach((name, rows) -> byClass.putIfAbsent(name, -rows));
        Set<String> known = Set.copyOf(champion.ingestedFiles());
        List<String> files = new ArrayList<>(new TreeSet<>(current.ingestedFiles()));
        files.removeIf(known::contains);
        return new DataDelta(championVersion, champion.rows(), current.rows(), added, share, byClass, files);
    }

    /** True when the new rows reach {@code min-new-rows} or {@code min-new-share}. */
    public boolean worthRetraining(RetrainConf conf) {
        return newRows >= conf.minNewRows() || newShare >= conf.minNewShare() - PromotionRule.TOLERANCE;
    }

    /** "N new rows since champion vX (need >= R new rows or >= S% of its C rows)", for the nothing-to-do message. */
    public String describe(RetrainConf conf) {
        return String.format(Locale.ROOT, "%,d new rows since champion v%d (need >= %,d new rows or >= %.1f%% of its"
                + " %,d rows; got %.1f%%)", newRows, championVersion, conf.minNewRows(), 100 * conf.minNewShare(),
                championRows, 100 * newShare);
    }
}
