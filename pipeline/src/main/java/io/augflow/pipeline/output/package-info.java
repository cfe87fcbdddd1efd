/**
 * Writing outputs safely: a target is checked for writability before any work is done, and a failed write
 * (permission denied, no space left) is reported as one sentence naming the target and the cause.
 */
package io.augflow.pipeline.output;
