/**
 * Geometric transforms: they move pixels, so each maps the boxes with the same parameters. Each class's
 * Javadoc gives its coordinate formula.
 */
package io.augflow.augment.transform.geometric;
