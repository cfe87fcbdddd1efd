package io.augflow.train.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class SampleBatchTest {
    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    @Test
    void packsNchwFeaturesAndOneHotLabels() {
        Sample a = new Sample("a", new Mat(4, 5, CvType.CV_8UC1, new Scalar(255)), List.of(), 2);
        Sample b = new Sample("b", new Mat(4, 5, CvType.CV_8UC1, new Scalar(0)),
                List.of(new Box(0, 0, 0, 1, 1), new Box(1, 0, 0, 3, 3)), Sample.NO_LABEL);
        DataSet ds = SampleBatch.of(List.of(a, b), ToTensor.UNIT, 3);
        assertEquals(List.of(2L, 1L, 4L, 5L), java.util.Arrays.stream(ds.getFeatures().shape()).boxed().toList());
        assertEquals(1.0, ds.getFeatures().getDouble(0, 0, 3, 4), 1e-6);
        assertEquals(0.0, ds.getFeatures().getDouble(1, 0, 0, 0), 1e-6);
        assertEquals(1.0, ds.getLabels().getDouble(0, 2), 0);
        assertEquals(1.0, ds.getLabels().getDouble(1, 1), 0, "no label: the largest box's class");
        assertEquals(1.0, ds.getLabels().sumNumber().doubleValue(), 1.0);
    }

    @Test
    void mixedSizesAndUnlabelledSamplesAreClearErrors() {
        Sample small = new Sample("small", new Mat(4, 4, CvType.CV_8UC1, new Scalar(1)), List.of(), 0);
        Sample big = new Sample("big", new Mat(8, 8, CvType.CV_8UC1, new Scalar(1)), List.of(), 0);
        var e = assertThrows(InvalidSampleException.class, () -> SampleBatch.of(List.of(small, big), ToTensor.UNIT, 2));
        assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains("resize"), e.getMessage());
        Sample nothing = new Sample("none", new Mat(4, 4, CvType.CV_8UC1, new Scalar(1)), List.of(), Sample.NO_LABEL);
        e = assertThrows(InvalidSampleException.class, () -> SampleBatch.of(List.of(nothing), ToTensor.UNIT, 2));
        assertTrue(e.getMessage().contains("'none'"), e.getMessage());
        Sample outOfRange = new Sample("far", new Mat(4, 4, CvType.CV_8UC1, new Scalar(1)), List.of(), 5);
        assertThrows(InvalidSampleException.class, () -> SampleBatch.of(List.of(outOfRange), ToTensor.UNIT, 2));
    }
}
