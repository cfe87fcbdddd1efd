/** Classification metrics from a confusion matrix: what augflow reports and what promotion rules compare. */
package io.augflow.train.eval;
