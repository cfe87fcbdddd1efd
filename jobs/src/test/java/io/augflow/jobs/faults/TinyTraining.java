package io.augflow.jobs.faults;

/** The smallest training the fault tests run: one epoch of a small LeNet-5 on 28x28 grey, no evaluation. */
final class TinyTraining {
    static final String CONF = """
            augflow {
              train { epochs = 1, workers = 2, batch-size-per-worker = 16, averaging-frequency = 2,
                      prefetch-batches = 0, rows-per-shard = 16, evaluate-split = "", test-split = "" }
              model { architecture = lenet5, batch-norm = false, l2 = 0, input-size = "28x28" }
              augment { pipeline = [] }
            }
            """;

    private TinyTraining() {}
}
