package io.augflow.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The small pieces of the study page: how values are written, where they sit on an axis, the colour scale. */
class StudyFiguresTest {

    @Test
    void valuesAreWrittenWithFourSignificantDigitsAndWholeNumbersAsTheyAre() {
        assertEquals("64", ValueText.of(64L));
        assertEquals("0.001", ValueText.of(0.001));
        assertEquals("0.0001235", ValueText.of(0.00012345));
        assertEquals("3e-06", ValueText.of(3e-6));
        assertEquals("0.9", ValueText.of(0.9));
        assertEquals("2", ValueText.of(2.0));
        assertEquals("sgd", ValueText.of("sgd"));
        assertEquals("0.8100", ValueText.metric(0.81));
        assertEquals("45.0 s", ValueText.duration(45));
        assertEquals("2 min 30 s", ValueText.duration(150));
        assertEquals("1 h 01 min", ValueText.duration(3690));
        assertEquals("optimizer.learning-rate", ValueText.shortKey("augflow.optimizer.learning-rate"));
    }

    @Test
    void aValueSitsOnItsAxisByTheSearchedIntervalOrItsChoice() {
        var lr = StudyReportTest.SPACE.parameter(StudyReportTest.LR); // log-uniform [1e-4, 1e-1]
        // 10^-2.5 is halfway between 10^-4 and 10^-1 in logarithms: (-2.5 + 4) / 3
        assertEquals(0.5, ParallelCoordinates.position(lr, Math.pow(10, -2.5)).getAsDouble(), 1e-12);
        assertEquals(0.0, ParallelCoordinates.position(lr, 1e-4).getAsDouble(), 1e-12);
        var momentum = StudyReportTest.SPACE.parameter(StudyReportTest.MOMENTUM); // uniform [0.8, 0.99]
        assertEquals(0.1 / 0.19, ParallelCoordinates.position(momentum, 0.9).getAsDouble(), 1e-12);
        assertEquals(OptionalDouble.empty(), ParallelCoordinates.position(momentum, null), "not set");
        var batch = StudyReportTest.SPACE.parameter(StudyReportTest.BATCH); // choice [32, 64, 128]
        assertEquals(1.0, ParallelCoordinates.position(batch, 128L).getAsDouble());
        assertEquals(0.5, ParallelCoordinates.position(batch, 64).getAsDouble(), "an Integer 64 is the choice 64");
        assertEquals(OptionalDouble.empty(), ParallelCoordinates.position(batch, 256L), "not a choice");
    }

    @Test
    void theColourScaleRunsFromItsWorstStopToItsBestAndClamps() {
        assertEquals(new Color(0xB5DE2B), MetricColours.of(0));
        assertEquals(new Color(0x440154), MetricColours.of(1));
        assertEquals(MetricColours.of(1), MetricColours.of(7), "clamped");
        assertEquals("#440154", MetricColours.hex(1));
        // darker means better: perceived brightness falls along the scale
        double last = Double.MAX_VALUE;
        for (int i = 0; i <= 10; i++) {
            Color c = MetricColours.of(i / 10.0);
            double luma = 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
            assertTrue(luma < last, "brightness falls at " + i);
            last = luma;
        }
    }
}
