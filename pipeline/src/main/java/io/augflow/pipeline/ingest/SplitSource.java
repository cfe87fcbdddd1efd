package io.augflow.pipeline.ingest;

/** Where a row's split came from; counted in the ingest summary so it says which rows {@code split} assigned. */
public enum SplitSource {
    /** The layout names it: split folders ({@code train/}, {@code images/val/}), an IDX file's prefix. */
    LAYOUT("layout"),
    /** The layout names none and no {@code split} fractions are set: {@code default-split}. */
    DEFAULT("default-split"),
    /** The layout names none: drawn from (split-seed, id) by the {@code split} fractions. */
    ASSIGNED("assigned");

    private final String configName;

    SplitSource(String configName) {
        this.configName = configName;
    }

    /** The name in the summary and the validated rows' {@code split_source} column. */
    public String configName() {
        return configName;
    }
}
