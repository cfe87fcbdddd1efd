/**
 * Per-layer model summaries for the training report: parameters, multiply-accumulates, activation memory and
 * receptive field of every layer of a DL4J network, computed from its configuration and input type (no weights
 * are allocated), as JSON-ready records and a plain-text table.
 */
package io.augflow.train.summary;
