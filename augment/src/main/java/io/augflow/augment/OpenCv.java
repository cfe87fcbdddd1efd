package io.augflow.augment;

/** Loads the OpenCV natives bundled in {@code org.openpnp:opencv} once per JVM (driver and every executor). */
public final class OpenCv {
    private static volatile boolean loaded;

    private OpenCv() {}

    /** Idempotent and thread-safe; call it before touching any {@code org.opencv} class. */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (OpenCv.class) {
            if (!loaded) {
                nu.pattern.OpenCV.loadLocally();
                loaded = true;
            }
        }
    }
}
