package io.augflow.train.detect.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.augflow.augment.DataException;
import java.util.function.Supplier;

/**
 * One array of a COCO file ({@code images}, {@code annotations}, {@code categories}, or a results file's entries),
 * with typed reads of its entries' fields that fail with a {@link DataException} naming the file, the entry and the
 * rule.
 */
final class JsonEntries {
    private final String source;
    private final String name;
    private final JsonNode array;

    /** The array under {@code field} of an instances file. */
    JsonEntries(String source, String field, JsonNode root) {
        this.source = source;
        this.name = field;
        this.array = root.path(field);
        if (!array.isArray()) {
            throw new DataException(source + ": '" + field + "' must be an array, found "
                    + (array.isMissingNode() ? "no such field" : array.getNodeType()));
        }
    }

    /** A results file's top-level array. */
    JsonEntries(String source, JsonNode root) {
        this.source = source;
        this.name = "results";
        this.array = root;
    }

    int size() {
        return array.size();
    }

    DataException error(int index, String rule) {
        return new DataException(source + ": " + name + "[" + index + "]: " + rule);
    }

    private JsonNode field(int index, String field) {
        JsonNode value = array.get(index).get(field);
        if (value == null || value.isNull()) {
            throw error(index, "'" + field + "' is missing");
        }
        return value;
    }

    long id(int index, String field) {
        JsonNode value = field(index, field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw error(index, "'" + field + "' must be an integer, got " + value);
        }
        return value.longValue();
    }

    String text(int index, String field) {
        JsonNode value = field(index, field);
        if (!value.isTextual()) {
            throw error(index, "'" + field + "' must be a string, got " + value);
        }
        return value.textValue();
    }

    /** An optional non-negative integer, 0 when absent (the evaluation does not use it). */
    int optionalInt(int index, String field) {
        JsonNode value = array.get(index).get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw error(index, "'" + field + "' must be a non-negative integer, got " + value);
        }
        return value.intValue();
    }

    double number(int index, String field) {
        JsonNode value = field(index, field);
        if (!value.isNumber()) {
            throw error(index, "'" + field + "' must be a number, got " + value);
        }
        return value.doubleValue();
    }

    /** {@code iscrowd}: 0/1 or false/true (any non-zero number is a crowd, as for pycocotools). */
    boolean flag(int index, String field) {
        JsonNode value = field(index, field);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (!value.isNumber()) {
            throw error(index, "'" + field + "' must be 0, 1, false or true, got " + value);
        }
        return value.doubleValue() != 0;
    }

    double[] bbox(int index) {
        JsonNode value = field(index, "bbox");
        if (!value.isArray() || value.size() != 4) {
            throw error(index, "'bbox' must be [x, y, w, h], got " + value);
        }
        double[] box = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!value.get(i).isNumber()) {
                throw error(index, "'bbox' must be [x, y, w, h] numbers, got " + value);
            }
            box[i] = value.get(i).doubleValue();
        }
        return box;
    }

    /** Builds a record, its rule breaks (negative size, non-finite value) reported as this entry's. */
    <T> T build(int index, Supplier<T> record) {
        try {
            return record.get();
        } catch (IllegalArgumentException e) {
            throw error(index, e.getMessage());
        }
    }
}
