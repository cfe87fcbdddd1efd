package io.augflow.pipeline.ingest;

/** Image container formats recognised by their magic bytes; only {@link #isReadable() readable} ones are ingested. */
public enum ImageFormat {
    PNG(true),
    JPEG(true),
    BMP(true),
    GIF(false),
    TIFF(false),
    WEBP(false);

    private final boolean readable;

    ImageFormat(boolean readable) {
        this.readable = readable;
    }

    public boolean isReadable() {
        return readable;
    }
}
