/** Network definitions augflow trains, as DL4J configurations built from typed, validated parameters. */
package io.augflow.train.model;
