package io.augflow.jobs.preview;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.UUID;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Writes a PNG that appears complete or not at all: encoded into a hidden sibling file, then renamed over the
 * target, so a viewer that has the old picture open never reads half a new one. Local files only (a preview is
 * written by the driver).
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
        Path dir = target.getParent();
        Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID() + ".png");
        try {
            Files.createDirectories(dir);
            if (!Imgcodecs.imwrite(temp.toString(), image)) {
                throw new UncheckedIOException(new IOException("OpenCV could not write " + temp));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the temp name is hidden and unique
            }
        }
    }
}
