/**
 * {@code augflow report}: one dataset's class balance before and after the configured sampling plan, as a
 * self-contained HTML page and the same figures as JSON. Everything on the page is rendered from one
 * {@link io.augflow.jobs.report.ReportModel} (which is {@code report.json}), so the two agree by
 * construction; charts are JFreeChart drawings inlined as SVG.
 */
package io.augflow.jobs.report;
