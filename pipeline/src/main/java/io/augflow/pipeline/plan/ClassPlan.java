package io.augflow.pipeline.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;

/**
 * The fitted plan of one class.
 *
 * @param images images that contain the class (ranks classes for the primary-class rule; LVIS {@code f(c)})
 * @param rows rows whose primary class this is, when fitted
 * @param requested what the target asked for ({@code rows} for strategies without a target)
 * @param target rows per epoch: exact for count strategies (after the strategy's direction and the
 *        {@code max-repeat} cap), {@code rows} otherwise
 * @param repeatFactor repeat-factor: the LVIS {@code r(c)} after the cap; count strategies:
 *        {@code target / rows}; otherwise 1
 */
public record ClassPlan(
        @JsonProperty("classId") int classId,
        @JsonProperty("images") long images,
        @JsonProperty("rows") long rows,
        @JsonProperty("requested") long requested,
        @JsonProperty("target") long target,
        @JsonProperty("repeatFactor") double repeatFactor) implements Serializable {}
