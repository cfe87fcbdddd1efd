package io.augflow.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The crowd flag: off in the old constructors, kept by every method that makes a new box from a box. */
class BoxCrowdTest {

    @Test
    void theOldConstructorsMakeNonCrowdBoxes() {
        assertFalse(new Box(1, 2, 3, 4, 5).crowd());
        assertFalse(new Box(1, 2, 3, 4, 5, true).crowd());
        assertTrue(new Box(1, 2, 3, 4, 5, true).pasted());
        assertEquals(new Box(1, 2, 3, 4, 5, false, false), new Box(1, 2, 3, 4, 5));
        assertFalse(Box.fromCorners(0, 4, 4, 1, 1, false).crowd());
    }

    @Test
    void derivedBoxesKeepBothFlags() {
        for (boolean pasted : new boolean[] {false, true}) {
            Box crowd = new Box(3, 10, 20, 30, 40, pasted, true);
            assertEquals(new Box(3, 1, 2, 3, 4, pasted, true), crowd.withCoordinates(1, 2, 3, 4));
            assertEquals(new Box(3, 10, 20, 20, 30, pasted, true), crowd.clippedTo(30, 50));
            assertEquals(new Box(3, 1, 1, 3, 3, pasted, true), Box.fromCorners(3, 4, 4, 1, 1, pasted, true));
        }
    }
}
