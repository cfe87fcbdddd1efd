package io.augflow.jobs.preview;

import io.augflow.pipeline.output.AtomicFile;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Writes a PNG that appears complete or not at all ({@link AtomicFile}), so a viewer that has the old picture open
 * never reads half a new one. Local files only (a preview is written by the driver).
 */
public final class PngOutput {
    private PngOutput() {}

    /** Checks the name before any work: the format follows from the extension. */
    public static Path check(String output) {
        if (output == null || !output.toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--output must name a .png file, got '" + output + "'");
        }
        return Path.of(output).toAbsolutePath().normalize();
    }

    /** Writes {@code image} to {@code target}, replacing it if it exists. */
    public static void write(Mat image, Path target) {
        MatOfByte png = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".png", image, png)) {
                throw new IllegalStateException("OpenCV could not encode a " + image + " as PNG for " + target);
            }
            byte[] bytes = png.toArray();
            AtomicFile.replace(new org.apache.hadoop.fs.Path(target.toUri()), out -> out.write(bytes),
                    new Configuration());
        } finally {
            png.release();
        }
    }
}
