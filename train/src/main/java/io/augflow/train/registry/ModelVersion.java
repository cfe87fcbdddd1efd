package io.augflow.train.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One complete registered version.
 *
 * @param version  its number, from 1
 * @param path     its folder, {@code <root>/versions/vNNNN}
 * @param metadata what {@code version.json} records
 * @param champion whether the champion pointer named it when it was read
 */
public record ModelVersion(
        @JsonProperty("version") int version,
        @JsonProperty("path") String path,
        @JsonProperty("metadata") VersionMetadata metadata,
        @JsonProperty("champion") boolean champion) {

    /** {@code "v0003"}: the folder name, and how versions are named to people. */
    public String label() {
        return label(version);
    }

    /** {@code 3 -> "v0003"}. */
    public static String label(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("a version number must be >= 1, got " + version);
        }
        return String.format("v%04d", version);
    }

    /** Reads {@code "3"}, {@code "v3"} or {@code "v0003"}. */
    public static int parse(String text) {
        String digits = text == null ? "" : text.strip();
        if (digits.startsWith("v") || digits.startsWith("V")) {
            digits = digits.substring(1);
        }
        if (!digits.matches("\\d{1,9}") || Integer.parseInt(digits) < 1) {
            throw new IllegalArgumentException("a version must be a number >= 1 such as 3 or v0003, got \"" + text + "\"");
        }
        return Integer.parseInt(digits);
    }
}
