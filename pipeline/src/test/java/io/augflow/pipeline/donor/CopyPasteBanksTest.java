package io.augflow.pipeline.donor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.augment.copypaste.CopyPasteTransform;
import io.augflow.augment.copypaste.Donor;
import io.augflow.augment.copypaste.DonorBank;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.augment.transform.Compose;
import io.augflow.augment.transform.OneOf;
import io.augflow.augment.transform.SomeOf;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class CopyPasteBanksTest {
    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @Test
    void attachesTheBankAtAnyDepth() {
        Compose compose = AugmentConf.parse("""
                augment.pipeline = [
                  { type = horizontal-flip, p = 0.5 }
                  { type = copy-paste, p = 1, source = bank, small-area = 400 }
                  { type = one-of, p = 1, transforms = [
                      { type = some-of, n = 1, transforms = [ { type = copy-paste, p = 1, small-area = 900 } ] }
                      { type = vertical-flip, p = 1 } ] }
                ]
                """).compose();
        assertEquals(900, CopyPasteBanks.bankSmallArea(compose).getAsDouble());
        DonorBank bank = DonorBank.of(List.of(new Donor("a", 0, new Mat(4, 4, CvType.CV_8UC3, Scalar.all(9)))));
        Compose attached = CopyPasteBanks.withBank(compose, bank);
        assertSame(compose.transforms().get(0), attached.transforms().get(0));
        assertSame(bank, ((CopyPasteTransform) attached.transforms().get(1)).bank());
        SomeOf some = (SomeOf) ((OneOf) attached.transforms().get(2)).transforms().get(0);
        assertSame(bank, ((CopyPasteTransform) some.transforms().get(0)).bank());
        assertEquals(compose.boxParams(), attached.boxParams());
    }

    @Test
    void sameImageCopyPasteNeedsNoBank() {
        Compose compose = AugmentConf.parse("""
                augment.pipeline = [ { type = copy-paste, source = same-image }, { type = cutout } ]
                """).compose();
        assertTrue(CopyPasteBanks.bankSmallArea(compose).isEmpty());
    }
}
