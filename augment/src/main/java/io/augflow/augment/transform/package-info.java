/**
 * Transforms: immutable values that first draw their random parameters ({@code sample}) and then apply
 * them, purely, to the image and its boxes together ({@code apply}). Built from configuration by
 * {@link io.augflow.augment.transform.TransformRegistry}.
 */
package io.augflow.augment.transform;
