/**
 * The model registry: numbered, immutable model versions with their provenance, an append-only champion
 * pointer that serving reads and that can be rolled back, and a run lock, all as plain files under one root
 * on any Hadoop filesystem (local, {@code hdfs://}, {@code s3a://}). Layout, concurrency rules and the agreed
 * API: {@link io.augflow.train.registry.ModelRegistry}.
 */
package io.augflow.train.registry;
