/**
 * {@code augflow preview}: one PNG grid of dataset samples by augmentation draws, so people see what the
 * configured pipeline does to their data (boxes, pasted objects, colour shifts) before they train.
 * A small driver-side job: only the chosen samples and a bounded donor bank reach the driver.
 */
package io.augflow.jobs.preview;
