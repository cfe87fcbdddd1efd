package io.augflow.augment;

/** Bad data (not bad configuration): names the sample and what is wrong with it. */
public class InvalidSampleException extends DataException {
    private final String sampleId;

    public InvalidSampleException(String sampleId, String reason) {
        super("sample '" + sampleId + "': " + reason);
        this.sampleId = sampleId;
    }

    public String sampleId() {
        return sampleId;
    }
}
