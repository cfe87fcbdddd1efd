/**
 * Multi-image transforms for detection: {@link io.augflow.augment.multi.Mosaic} (four images tiled around a random
 * centre) and {@link io.augflow.augment.multi.MixUp} (two images blended). Like every transform they are immutable
 * values that draw their parameters and then apply them purely; the other images ("partners") are an argument,
 * handed in by whoever holds decoded samples (the per-epoch stream: other rows of the same slice; the preview: its
 * selection), so this package stays free of Spark. {@link io.augflow.augment.multi.MultiImageStage} runs them, in
 * that order, before the single-image pipeline of {@link io.augflow.augment.transform.Compose}.
 */
package io.augflow.augment.multi;
