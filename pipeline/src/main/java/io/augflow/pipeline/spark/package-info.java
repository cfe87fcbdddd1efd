/** Creating the Spark session from augflow's configuration, for the CLI and for spark-submit alike. */
package io.augflow.pipeline.spark;
