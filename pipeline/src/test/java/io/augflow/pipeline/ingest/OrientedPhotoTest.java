package io.augflow.pipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Photos with an orientation through the validator: the stored bytes, decoded as training decodes them, show the
 * upright picture U, whose marked block lies inside the box drawn on U, at U's size.
 */
class OrientedPhotoTest {
    private static final CandidateValidator VALIDATOR = new CandidateValidator(1_000_000, true, 0.5, 3);

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    /** The box of {@link OrientedScene#BOX} as a YOLO label line gives it: normalised to U's size. */
    private static RawBox yoloBox() {
        Box b = OrientedScene.BOX;
        double w = OrientedScene.WIDTH;
        double h = OrientedScene.HEIGHT;
        return new RawBox(b.classId(), (b.x() + b.w() / 2) / w, (b.y() + b.h() / 2) / h, b.w() / w, b.h() / h);
    }

    private static Validation validate(byte[] bytes, String name) {
        Candidate c = new Candidate("photo", "/in/images/" + name, "train", null, List.of(yoloBox()),
                RawBox.Units.NORMALISED_CXCYWH, bytes, 0, null, null);
        Validation v = VALIDATOR.validate(c);
        assertTrue(v.isOk(), name + ": " + v.detail());
        return v;
    }

    /** What training sees: the stored bytes decoded with its flags. */
    private static Mat trainingDecode(byte[] stored) {
        return Imgcodecs.imdecode(new MatOfByte(stored), Imgcodecs.IMREAD_COLOR);
    }

    private static void assertUpright(Validation v, String what) {
        assertEquals(OrientedScene.WIDTH, v.width(), what);
        assertEquals(OrientedScene.HEIGHT, v.height(), what);
        Box box = v.boxes().get(0);
        assertEquals(OrientedScene.BOX.x(), box.x(), 1e-3, what);
        assertEquals(OrientedScene.BOX.y(), box.y(), 1e-3, what);
        assertEquals(OrientedScene.BOX.w(), box.w(), 1e-3, what);
        assertEquals(OrientedScene.BOX.h(), box.h(), 1e-3, what);
        Mat seen = trainingDecode(v.image());
        assertEquals(OrientedScene.WIDTH, seen.cols(), what);
        assertEquals(OrientedScene.HEIGHT, seen.rows(), what);
        Rect block = OrientedScene.brightRegion(seen);
        assertTrue(OrientedScene.inside(block, box), what + ": block " + block + " outside box " + box);
        assertEquals(Orientation.NORMAL, ImageHeader.read(v.image()).orientation(), what + ": nothing turns it again");
        seen.release();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void phoneJpegsAreStoredUprightAsJpeg(int o) {
        byte[] raw = TestImages.encode(".jpg", OrientedScene.stored(o, 3));
        byte[] photo = TestExif.inJpeg(raw, TestExif.block(o, o % 2 == 1));
        Validation v = validate(photo, "o" + o + ".jpg");
        assertUpright(v, "JPEG orientation " + o);
        assertEquals(ImageFormat.JPEG, ImageHeader.read(v.image()).format());
        if (o == 1) {
            assertArrayEquals(photo, v.image(), "orientation 1: the bytes as they came");
        } else {
            assertFalse(new String(v.image(), StandardCharsets.ISO_8859_1).contains("Exif\0\0"),
                    "re-encoded without the EXIF block");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 6, 8})
    void pngWithExifIsStoredUprightAsPng(int o) {
        byte[] photo = TestExif.inPng(TestImages.encode(".png", OrientedScene.stored(o, 3)), TestExif.block(o, true));
        Validation v = validate(photo, "o" + o + ".png");
        assertUpright(v, "PNG orientation " + o);
        assertEquals(ImageFormat.PNG, ImageHeader.read(v.image()).format());
        if (o == 1) {
            assertArrayEquals(photo, v.image());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 7})
    void webpAndTiffAreStoredUprightAsPng(int o) {
        Mat stored = OrientedScene.stored(o, 3);
        byte[] webp = TestExif.inWebp(TestImages.encode(".webp", stored), stored.cols(), stored.rows(),
                TestExif.block(o, false));
        byte[] tiff = TestTiff.encode(stored, o % 2 == 0, o);
        for (byte[] file : new byte[][] {webp, tiff}) {
            Validation v = validate(file, "o" + o + ".img");
            assertUpright(v, ImageFormat.sniff(file) + " orientation " + o);
            assertEquals(ImageFormat.PNG, ImageHeader.read(v.image()).format());
        }
    }

    @Test
    void boxesAreCheckedAgainstTheUprightSize() {
        // a 96x64 picture stored 64x96 (orientation 6): a box at x 70..90 fits the upright width only
        byte[] photo = TestExif.inJpeg(TestImages.encode(".jpg", OrientedScene.stored(6, 3)), TestExif.block(6, false));
        Candidate inside = new Candidate("p", "/in/p.jpg", "train", null, List.of(new RawBox(0, 70, 10, 20, 10)),
                RawBox.Units.PIXELS_XYWH, photo, 0, null, null);
        assertTrue(VALIDATOR.validate(inside).isOk(), VALIDATOR.validate(inside).detail());
        Candidate below = new Candidate("p", "/in/p.jpg", "train", null, List.of(new RawBox(0, 10, 70, 10, 20)),
                RawBox.Units.PIXELS_XYWH, photo, 0, null, null);
        Validation v = VALIDATOR.validate(below);
        assertEquals(QuarantineReason.BAD_BOX, v.reason());
        assertTrue(v.detail().contains("outside the 96x64 image") && v.detail().contains("stored, shown 96x64 by its "
                + "EXIF orientation 6"), v.detail());
    }
}
