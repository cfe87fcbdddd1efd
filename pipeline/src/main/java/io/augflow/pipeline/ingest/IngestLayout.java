package io.augflow.pipeline.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The input layouts ingest understands; {@link #AUTO} detects one from the files ({@link LayoutDetector}). */
public enum IngestLayout {
    AUTO("auto"),
    IMAGE_FOLDER("image-folder"),
    IDX("idx"),
    YOLO("yolo"),
    COCO("coco");

    private final String configName;

    IngestLayout(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration and on the command line. */
    public String configName() {
        return configName;
    }

    public static IngestLayout parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (IngestLayout l : values()) {
            if (l.configName.equals(wanted)) {
                return l;
            }
        }
        throw new IllegalArgumentException("ingest.layout must be one of "
                + Arrays.stream(values()).map(IngestLayout::configName).collect(Collectors.joining(", ")) + ", got '" + name + "'");
    }
}
