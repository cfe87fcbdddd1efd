package io.augflow.pipeline.ingest;

import io.augflow.augment.Box;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.opencv.core.Mat;

/**
 * Checks one candidate, cheapest and most fundamental first, and gives the first problem as a
 * {@link QuarantineReason}: preset by the importer, then the header and EXIF block (EMPTY_FILE,
 * UNSUPPORTED_FORMAT, UNDECODABLE), TOO_LARGE from the header's claimed pixels before anything is decoded,
 * truncation (PNG IEND, JPEG EOI, BMP rows, WebP RIFF size and chunks, TIFF strips), the decode itself (OpenCV must
 * produce the header's size; {@link UprightDecoder} then turns the pixels upright by the EXIF orientation), then
 * labels and boxes against the upright size.
 *
 * <p>What is stored is what training will see ({@link StoredImage}): PNG and JPEG bytes as they came when their
 * orientation is 1, else the upright pixels re-encoded; BMP, WebP and TIFF as PNG, so the dataset holds only PNG and
 * JPEG. {@code width}/{@code height} are the upright image's. Boxes end in pixels, top-left + size ({@link Box}); a
 * box partly outside the image is clipped when {@code clip-boxes} is on and at least {@code clip-min-inside} of its
 * area is inside, else the row is BAD_BOX. Pure Java + OpenCV, so it runs on executors and in plain unit tests
 * alike.
 */
public final class CandidateValidator implements Serializable {
    /** Boxes up to this far outside (float rounding of normalised coordinates) are clipped without asking. */
    static final double EDGE_TOLERANCE_PX = 0.01;
    /**
     * File extensions of images: a file with another extension whose bytes are not a known image is
     * UNSUPPORTED_FORMAT (a stray notes.txt), not UNDECODABLE. "" (no extension) counts as an image.
     */
    static final List<String> IMAGE_EXTENSION_LIST = List.of("png", "jpg", "jpeg", "bmp", "webp", "tif", "tiff");
    private static final Set<String> IMAGE_EXTENSIONS = Stream.concat(IMAGE_EXTENSION_LIST.stream(), Stream.of(""))
            .collect(Collectors.toUnmodifiableSet());
    private static final String EXTENSIONS_TEXT = String.join(", ", IMAGE_EXTENSION_LIST);

    private final long maxPixels;
    private final boolean clipBoxes;
    private final double clipMinInside;
    private final int classCount;

    public CandidateValidator(IngestConf conf, int classCount) {
        this(conf.maxPixels(), conf.clipBoxes(), conf.clipMinInside(), classCount);
    }

    CandidateValidator(long maxPixels, boolean clipBoxes, double clipMinInside, int classCount) {
        if (classCount <= 0) {
            throw new IllegalArgumentException("a dataset needs at least one class, got " + classCount);
        }
        this.maxPixels = maxPixels;
        this.clipBoxes = clipBoxes;
        this.clipMinInside = clipMinInside;
        this.classCount = classCount;
    }

    /** Never throws for bad data: every problem becomes a quarantine verdict. Needs OpenCV loaded. */
    public Validation validate(Candidate c) {
        if (c.presetReason() != null) {
            return Validation.quarantine(c, c.presetReason(), c.presetDetail());
        }
        try {
            return check(c);
        } catch (RuntimeException e) { // e.g. a CvException from a decoder on hostile bytes
            return Validation.quarantine(c, QuarantineReason.UNDECODABLE, "decoder failed: " + e);
        }
    }

    private Validation check(Candidate c) {
        byte[] bytes = c.image();
        ImageHeader header;
        try {
            header = ImageHeader.read(bytes);
        } catch (ImageHeaderException e) {
            QuarantineReason reason = e.reason();
            String detail = e.getMessage();
            if (reason == QuarantineReason.UNDECODABLE && !IMAGE_EXTENSIONS.contains(c.extension())) {
                reason = QuarantineReason.UNSUPPORTED_FORMAT;
                detail = "." + c.extension() + " files are not images augflow reads (" + EXTENSIONS_TEXT + ")";
            }
            return Validation.quarantine(c, reason, detail);
        }
        if (header.pixels() > maxPixels) {
            return Validation.quarantine(c, QuarantineReason.TOO_LARGE, String.format(Locale.ROOT,
                    "%s header claims %dx%d = %d pixels, max-pixels is %d", header.format().displayName(),
                    header.width(), header.height(), header.pixels(), maxPixels));
        }
        Mat image;
        try {
            Optional<String> missing = header.truncation(bytes);
            if (missing.isPresent()) {
                return Validation.quarantine(c, QuarantineReason.UNDECODABLE, header.format().displayName()
                        + " truncated after " + bytes.length + " bytes (" + missing.get() + ")");
            }
            image = UprightDecoder.decode(bytes, header);
        } catch (ImageHeaderException e) {
            return Validation.quarantine(c, e.reason(), e.getMessage());
        }
        try {
            int width = image.cols();
            int height = image.rows();
            Integer label = c.label();
            if (label != null && (label < 0 || label >= classCount)) {
                return Validation.quarantine(c, QuarantineReason.LABEL_OUT_OF_RANGE,
                        "label " + label + " is outside [0, " + classCount + ")");
            }
            // boxes are drawn on the upright picture (as YOLO and COCO tools show it): checked against its size
            List<Box> boxes = new ArrayList<>(c.boxes().size());
            for (int i = 0; i < c.boxes().size(); i++) {
                RawBox raw = c.boxes().get(i);
                if (raw.classId() < 0 || raw.classId() >= classCount) {
                    return Validation.quarantine(c, QuarantineReason.LABEL_OUT_OF_RANGE,
                            "box " + i + " has class " + raw.classId() + ", outside [0, " + classCount + ")");
                }
                double[] p = raw.toPixels(c.units(), width, height);
                String problem = boxProblem(p, width, height);
                if (problem != null) {
                    return Validation.quarantine(c, QuarantineReason.BAD_BOX, String.format(Locale.ROOT,
                            "box %d (class %d, x=%.2f y=%.2f w=%.2f h=%.2f) %s%s", i, raw.classId(), p[0], p[1],
                            p[2], p[3], problem, orientationNote(header)));
                }
                boxes.add(new Box(raw.classId(), (float) p[0], (float) p[1], (float) p[2], (float) p[3], false,
                        raw.crowd()).clippedTo(width, height));
            }
            byte[] stored = StoredImage.bytes(header, bytes, image);
            return Validation.ok(c, stored, width, height, image.channels(), boxes);
        } finally {
            image.release();
        }
    }

    private static String orientationNote(ImageHeader header) {
        return header.orientation() == Orientation.NORMAL ? "" : " (the image is " + header.width() + "x"
                + header.height() + " as stored, shown " + header.uprightWidth() + "x" + header.uprightHeight()
                + " by its EXIF orientation " + header.orientation().exifValue() + ")";
    }

    /** Why a pixel box cannot be kept (after the clipping rule), or null when it can. */
    private String boxProblem(double[] p, int width, int height) {
        for (double v : p) {
            if (!Double.isFinite(v)) {
                return "is not finite";
            }
        }
        if (p[2] < 0 || p[3] < 0) {
            return "has a negative size";
        }
        double t = EDGE_TOLERANCE_PX;
        if (p[0] >= -t && p[1] >= -t && p[0] + p[2] <= width + t && p[1] + p[3] <= height + t) {
            return null;
        }
        double iw = Math.min(p[0] + p[2], width) - Math.max(p[0], 0);
        double ih = Math.min(p[1] + p[3], height) - Math.max(p[1], 0);
        double area = p[2] * p[3];
        double inside = iw <= 0 || ih <= 0 || area <= 0 ? 0 : iw * ih / area;
        if (clipBoxes && inside > 0 && inside >= clipMinInside) {
            return null;
        }
        return String.format(Locale.ROOT, "lies outside the %dx%d image (%.0f%% inside, %s)", width, height,
                inside * 100, clipBoxes ? "clip-min-inside is " + clipMinInside : "clip-boxes is off");
    }
}
