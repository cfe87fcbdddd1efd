package io.augflow.augment.copypaste;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Donor objects for copy-paste, grouped by class. Immutable; built by the pipeline (bounded in size per
 * class) or, in tests and for same-image pasting, from a list.
 */
public final class DonorBank implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private static final DonorBank EMPTY = new DonorBank(List.of());

    private final List<Donor> donors;
    private final Map<Integer, List<Donor>> byClass;

    private DonorBank(List<Donor> donors) {
        this.donors = List.copyOf(donors);
        this.byClass = Collections.unmodifiableMap(this.donors.stream().collect(Collectors.groupingBy(
                Donor::classId, TreeMap::new, Collectors.collectingAndThen(Collectors.toList(), List::copyOf))));
    }

    public static DonorBank of(List<Donor> donors) {
        return donors.isEmpty() ? EMPTY : new DonorBank(donors);
    }

    public static DonorBank empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return donors.isEmpty();
    }

    public int size() {
        return donors.size();
    }

    public List<Donor> all() {
        return donors;
    }

    /** Classes with at least one donor, ascending. */
    public Set<Integer> classes() {
        return byClass.keySet();
    }

    public List<Donor> forClass(int classId) {
        return byClass.getOrDefault(classId, List.of());
    }

    /**
     * Only the empty bank travels inside a serialised transform (a pipeline shipped to executors holds
     * copy-paste without its bank); a fitted bank is shipped once as a broadcast and attached on the executor.
     */
    private Object writeReplace() throws java.io.ObjectStreamException {
        if (donors.isEmpty()) {
            return new Empty();
        }
        throw new java.io.NotSerializableException("a DonorBank of " + donors.size() + " donors is not serialised"
                + " inside a transform: ship it as a broadcast and attach it on the executor (CopyPasteBanks.withBank)");
    }

    /** The serial form of the empty bank. */
    private record Empty() implements java.io.Serializable {
        private Object readResolve() {
            return EMPTY;
        }
    }
}
