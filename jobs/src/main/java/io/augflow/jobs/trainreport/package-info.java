/** The training report: a self-contained HTML page drawn from a run's {@code model.json}. */
package io.augflow.jobs.trainreport;
