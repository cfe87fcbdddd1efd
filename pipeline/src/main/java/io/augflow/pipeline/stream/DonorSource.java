package io.augflow.pipeline.stream;

import io.augflow.augment.copypaste.DonorBank;
import io.augflow.pipeline.donor.DonorPatches;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * Where the stream's copy-paste transforms get their donor bank on an executor. The bank is built once per
 * training run on the executors ({@link io.augflow.pipeline.donor.DonorBankBuilder}), broadcast as PNG patches,
 * and decoded once per executor JVM; {@link #none()} leaves copy-paste with its empty bank (same-image pasting).
 */
public sealed interface DonorSource extends Serializable {
    /** Identifies the bank within a JVM (a broadcast by its id). */
    String key();

    /** The decoded bank; decoded at most once per JVM and bank. */
    DonorBank bank();

    /** Donors in the bank (0 for none). */
    int size();

    static DonorSource none() {
        return None.INSTANCE;
    }

    static DonorSource broadcast(Broadcast<DonorPatches> patches) {
        return new Broadcasted(patches);
    }

    /** No bank. */
    enum None implements DonorSource {
        INSTANCE;

        @Override
        public String key() {
            return "";
        }

        @Override
        public DonorBank bank() {
            return DonorBank.empty();
        }

        @Override
        public int size() {
            return 0;
        }
    }

    /** A bank shipped by a Spark broadcast. */
    record Broadcasted(Broadcast<DonorPatches> patches) implements DonorSource {
        @Override
        public String key() {
            return "broadcast-" + patches.id();
        }

        @Override
        public DonorBank bank() {
            // decoded once per executor; an old run's bank ages out of the bounded cache
            // broadcast ids restart with each SparkContext: the application id tells two runs in one JVM apart
            org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
            String app = env == null ? "" : env.conf().getAppId();
            return ExecutorCache.get("donors:" + app + ":" + patches.id(), () -> patches.value().decode(),
                    Broadcasted::bytes);
        }

        private static long bytes(DonorBank bank) {
            long sum = 0;
            for (io.augflow.augment.copypaste.Donor d : bank.all()) {
                sum += d.patch().total() * d.patch().elemSize();
            }
            return sum;
        }

        @Override
        public int size() {
            return patches.value().size();
        }
    }
}
