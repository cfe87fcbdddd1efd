package io.augflow.pipeline.ingest;

import java.util.Optional;

/**
 * TIFF headers (classic TIFF, both byte orders), from IFD0 ({@link TiffDirectory}): ImageWidth and ImageLength
 * (SHORT or LONG), SamplesPerPixel and PhotometricInterpretation for the channel count, and Orientation. OpenCV
 * decodes the first image (IFD0) only, and applies its Orientation itself
 * ({@link ImageFormat#decoderAppliesOrientation()}).
 *
 * <p>Complete means: every strip (or tile) that IFD0 points at, offset plus byte count, lies inside the file. When a
 * file gives offsets but no byte counts (old writers), only that each offset lies inside the file is checked.
 */
final class TiffFormat {
    /** Directories in a TIFF's chain walked at most: multi-page scans have hundreds, never this many. */
    static final int MAX_DIRECTORIES = 65_536;

    private TiffFormat() {}

    static HeaderFields header(byte[] b) {
        TiffDirectory ifd0 = directory(b);
        long width = ifd0.number(TiffDirectory.IMAGE_WIDTH, -1);
        long height = ifd0.number(TiffDirectory.IMAGE_LENGTH, -1);
        if (width < 0 || height < 0) {
            throw new ImageHeaderException(QuarantineReason.UNDECODABLE,
                    "TIFF has no " + (width < 0 ? "ImageWidth" : "ImageLength") + " in its first directory");
        }
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new ImageHeaderException(QuarantineReason.TOO_LARGE, "TIFF header claims " + width + "x" + height
                    + " pixels, more than any image augflow reads (a side above " + Integer.MAX_VALUE + ")");
        }
        long samples = ifd0.number(TiffDirectory.SAMPLES_PER_PIXEL, 1);
        boolean palette = ifd0.number(TiffDirectory.PHOTOMETRIC, -1) == 3;
        int channels = palette ? 3 : (int) Math.max(1, Math.min(samples, 4));
        return new HeaderFields((int) width, (int) height, channels, ifd0.orientation());
    }

    /** Empty when every strip or tile of IFD0 lies inside the file, else which one does not. */
    static Optional<String> truncation(byte[] b) {
        TiffDirectory ifd0 = directory(b);
        boolean tiled = ifd0.has(TiffDirectory.TILE_OFFSETS);
        String unit = tiled ? "tile" : "strip";
        long[] offsets = ifd0.numbers(tiled ? TiffDirectory.TILE_OFFSETS : TiffDirectory.STRIP_OFFSETS);
        long[] counts = ifd0.numbers(tiled ? TiffDirectory.TILE_BYTE_COUNTS : TiffDirectory.STRIP_BYTE_COUNTS);
        if (offsets.length == 0) {
            return Optional.of("its first directory has neither StripOffsets nor TileOffsets");
        }
        if (counts.length != 0 && counts.length != offsets.length) {
            return Optional.of("its first directory has " + offsets.length + " " + unit + " offsets but "
                    + counts.length + " byte counts");
        }
        for (int i = 0; i < offsets.length; i++) {
            long end = offsets[i] + (counts.length == 0 ? 1 : counts[i]);
            if (end > b.length) {
                return Optional.of(unit + " " + i + " (bytes " + offsets[i] + ".." + end + ") lies past the end");
            }
        }
        return Optional.empty();
    }

    private static TiffDirectory directory(byte[] b) {
        return TiffDirectory.read(new ByteWindow(b, 0, b.length, false, "TIFF"), MAX_DIRECTORIES);
    }
}
