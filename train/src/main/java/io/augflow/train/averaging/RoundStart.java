package io.augflow.train.averaging;

import java.io.Serializable;

/**
 * What every worker of one round starts from: the averaged parameters and updater state (null when the updater keeps
 * none or updaters are not averaged), and the network's iteration and epoch counts (schedules read them).
 */
public record RoundStart(float[] params, float[] updaterState, int iteration, int epoch) implements Serializable {}
