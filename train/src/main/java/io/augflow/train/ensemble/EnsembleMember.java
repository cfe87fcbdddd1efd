package io.augflow.train.ensemble;

import io.augflow.train.spark.TrainedModel;
import java.util.Objects;

/**
 * One member of a saved ensemble.
 *
 * @param name   how it was named on the command line ({@code v3}, a folder, ...)
 * @param origin the {@code model.zip} it was copied from when the ensemble was built
 * @param folder its copy inside the ensemble folder, relative to it ({@code members/m1})
 * @param model  the copy, read
 */
public record EnsembleMember(String name, String origin, String folder, TrainedModel model) {
    public EnsembleMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(model, "model");
    }
}
