package io.augflow.pipeline.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.multi.Partners;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Partners are the slice's other rows, drawn from (seed, epoch, id, repeat), whatever order the rows come in. */
class PartnerPickerTest {

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    private static List<Sample> rows(int n) {
        List<Sample> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Sample("row-" + i, Mat.zeros(4, 4, CvType.CV_8UC1), List.of(), Sample.NO_LABEL));
        }
        return rows;
    }

    private static List<String> partnerIds(Partners partners, int count) {
        return partners.take(0, count).stream().map(Sample::id).toList();
    }

    @Test
    void theSameSeedEpochIdAndRepeatGiveTheSamePartners() {
        List<Sample> rows = rows(9);
        PartnerPicker a = new PartnerPicker(7, 3, rows);
        PartnerPicker b = new PartnerPicker(7, 3, rows(9));
        for (int i = 0; i < rows.size(); i++) {
            for (int repeat = 0; repeat < 3; repeat++) {
                assertEquals(partnerIds(a.partnersOf(i, repeat), 8), partnerIds(b.partnersOf(i, repeat), 8));
            }
        }
        assertNotEquals(partnerIds(a.partnersOf(0, 0), 8), partnerIds(new PartnerPicker(7, 4, rows).partnersOf(0, 0), 8),
                "another epoch draws another order");
        assertNotEquals(partnerIds(a.partnersOf(0, 0), 8), partnerIds(a.partnersOf(0, 1), 8),
                "another repeat draws another order");
    }

    @Test
    void partnersAreTheOtherRowsOfTheSliceDistinctUntilTheyRunOutThenRepeated() {
        List<Sample> rows = rows(5);
        PartnerPicker picker = new PartnerPicker(1, 0, rows);
        for (int i = 0; i < rows.size(); i++) {
            List<String> ids = partnerIds(picker.partnersOf(i, 0), 8);
            Set<String> expected = new HashSet<>(rows.stream().map(Sample::id).toList());
            expected.remove("row-" + i);
            assertEquals(expected, new HashSet<>(ids.subList(0, 4)), "the first 4 partners are the 4 other rows");
            assertEquals(ids.subList(0, 4), ids.subList(4, 8), "then the same order again");
        }
    }

    @Test
    void aOneRowSliceIsItsOwnPartner() {
        List<Sample> rows = rows(1);
        Partners partners = new PartnerPicker(1, 0, rows).partnersOf(0, 0);
        for (int k = 0; k < 4; k++) {
            assertSame(rows.get(0), partners.get(k));
        }
    }

    @Test
    void theOrderTheRowsAreListedInDoesNotMatter() {
        List<Sample> rows = rows(12);
        List<Sample> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new java.util.Random(3));
        PartnerPicker a = new PartnerPicker(5, 2, rows);
        PartnerPicker b = new PartnerPicker(5, 2, shuffled);
        for (int i = 0; i < rows.size(); i++) {
            int j = shuffled.indexOf(rows.get(i));
            assertEquals(partnerIds(a.partnersOf(i, 0), 11), partnerIds(b.partnersOf(j, 0), 11), "row " + i);
        }
    }

    @Test
    void theFirstPartnerIsUniformOverTheOtherRows() {
        List<Sample> rows = rows(6);
        PartnerPicker picker = new PartnerPicker(11, 0, rows);
        int[] counts = new int[6];
        int draws = 6000;
        for (int repeat = 0; repeat < draws; repeat++) {
            String id = picker.partnersOf(0, repeat).get(0).id();
            counts[Integer.parseInt(id.substring(4))]++;
        }
        assertEquals(0, counts[0], "never the row itself");
        // 1,200 expected for each of the 5 others, standard deviation ~31
        for (int r = 1; r < 6; r++) {
            assertTrue(Math.abs(counts[r] - 1200) < 150, "row " + r + " first partner " + counts[r] + " of " + draws);
        }
    }
}
