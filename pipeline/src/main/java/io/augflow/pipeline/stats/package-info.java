/**
 * Dataset statistics computed in Spark (per-class counts, COCO size buckets, imbalance, effective number
 * of samples, duplicate ids, ingest quarantine counts): the fitted input of sampling plans, class weights
 * and reports. Only a small per-class table ever reaches the driver.
 */
package io.augflow.pipeline.stats;
