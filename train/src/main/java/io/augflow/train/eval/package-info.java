/**
 * Classification metrics from a confusion matrix (what augflow reports and what promotion rules compare), a
 * classifier's calibration curve and ECE, and how a network travels to the executors as bytes.
 */
package io.augflow.train.eval;
