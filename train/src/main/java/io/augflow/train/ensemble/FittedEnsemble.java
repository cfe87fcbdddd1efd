package io.augflow.train.ensemble;

import java.util.List;

/**
 * A combiner and what it scored on the validation split, next to each member alone.
 *
 * @param validation the ensemble's figures; out-of-fold for a fitted method
 * @param members    each member's own figures on the same rows, in member order
 */
public record FittedEnsemble(Combiner combiner, ValidationFigures validation, List<ValidationFigures> members) {
    public FittedEnsemble {
        members = List.copyOf(members);
    }
}
