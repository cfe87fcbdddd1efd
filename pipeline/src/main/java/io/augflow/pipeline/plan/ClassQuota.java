package io.augflow.pipeline.plan;

import java.io.Serializable;

/**
 * One class's exact share of one epoch: its {@code rows} get {@code target / rows} uses each, and the
 * {@code target % rows} rows that rank first by (key, id) get one more. {@code lastKey}/{@code lastId}
 * are those of the last row that gets one more (meaningless when {@code target % rows == 0}).
 */
public record ClassQuota(int classId, long rows, long target, long lastKey, String lastId) implements Serializable {
    public ClassQuota {
        if (rows <= 0 || target < 0) {
            throw new IllegalArgumentException("class " + classId + " quota needs rows > 0 and target >= 0, got rows="
                    + rows + " target=" + target);
        }
    }

    public long base() {
        return target / rows;
    }

    public long extra() {
        return target % rows;
    }
}
