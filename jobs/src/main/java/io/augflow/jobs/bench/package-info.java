/**
 * Benchmarks run from {@code bench/}: plain {@code main} programs that time a job on real data and write
 * JSON (see {@code bench/balance.sh}).
 */
package io.augflow.jobs.bench;
