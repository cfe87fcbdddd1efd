/** Test fixtures shared by the jobs module's tests (headless Chromium for the HTML reports). */
package io.augflow.jobs.testing;
