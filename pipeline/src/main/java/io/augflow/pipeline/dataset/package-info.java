/** The on-disk dataset format (Parquet + {@code classes.json}) and the codec between rows and samples. */
package io.augflow.pipeline.dataset;
