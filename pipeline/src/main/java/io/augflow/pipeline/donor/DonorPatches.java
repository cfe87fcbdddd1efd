package io.augflow.pipeline.donor;

import io.augflow.augment.OpenCv;
import io.augflow.augment.InvalidSampleException;
import io.augflow.augment.copypaste.Donor;
import io.augflow.augment.copypaste.DonorBank;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The donor bank in its shippable form: the donors' patches as PNG bytes, in the bank's stable order. An OpenCV
 * {@code Mat} cannot be serialised, so this is what a Spark broadcast carries to the executors, each of which
 * decodes it once ({@link #decode}).
 */
public record DonorPatches(List<Patch> patches) implements Serializable {
    /** One donor: the row it was cut from, its class, and its pixels as PNG. */
    public record Patch(String sourceId, int classId, byte[] png) implements Serializable {}

    public DonorPatches {
        patches = List.copyOf(patches);
    }

    public int size() {
        return patches.size();
    }

    /** The bank, decoded with OpenCV; a patch that does not decode is an error naming its source row. */
    public DonorBank decode() {
        OpenCv.load();
        List<Donor> donors = new ArrayList<>(patches.size());
        for (Patch p : patches) {
            Mat patch = Imgcodecs.imdecode(new MatOfByte(p.png()), Imgcodecs.IMREAD_UNCHANGED);
            if (patch.empty()) {
                throw new InvalidSampleException(p.sourceId(), "donor patch of class " + p.classId()
                        + " does not decode as PNG");
            }
            donors.add(new Donor(p.sourceId(), p.classId(), patch));
        }
        return DonorBank.of(donors);
    }
}
