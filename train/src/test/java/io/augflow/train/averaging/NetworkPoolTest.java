package io.augflow.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;

class NetworkPoolTest {
    private static final int CPU = -1;

    @Test
    void aRunsNetworkIsReusedAndAnotherRunsIsNot() {
        NetworkBlueprint run1 = NetworkBlueprint.of("run-1", ParameterAveragingEquivalenceTest.network());
        NetworkBlueprint run2 = new NetworkBlueprint("run-2", run1.json(), false);
        Model a = NetworkPool.take(run1, CPU);
        Model b = NetworkPool.take(run1, CPU);
        assertNotSame(a, b, "two tasks at once never share a network");
        NetworkPool.give(run1, CPU, a);
        assertSame(a, NetworkPool.take(run1, CPU), "the idle network of the same run");
        NetworkPool.give(run1, CPU, a);
        Model c = NetworkPool.take(run2, CPU);
        assertNotSame(a, c, "another run builds its own");
        NetworkPool.give(run2, CPU, c);
        assertEquals(1, NetworkPool.idle(), "giving back a network of a new run drops the old run's");
    }

    @Test
    void thePoolIsBounded() {
        NetworkBlueprint run = NetworkBlueprint.of("bounded", ParameterAveragingEquivalenceTest.network());
        Model[] taken = new Model[NetworkPool.MAX_IDLE + 3];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = NetworkPool.take(run, CPU);
        }
        for (Model m : taken) {
            NetworkPool.give(run, CPU, m);
        }
        assertEquals(NetworkPool.MAX_IDLE, NetworkPool.idle());
    }

    @Test
    void aNetworkIsReusedOnlyOnTheDeviceItWasBuiltOn() {
        NetworkBlueprint run = NetworkBlueprint.of("devices", ParameterAveragingEquivalenceTest.network());
        Model onZero = NetworkPool.take(run, 0);
        NetworkPool.give(run, 0, onZero);
        Model onOne = NetworkPool.take(run, 1);
        assertNotSame(onZero, onOne, "a task on device 1 never trains device 0's network");
        NetworkPool.give(run, 1, onOne);
        assertSame(onZero, NetworkPool.take(run, 0));
        assertSame(onOne, NetworkPool.take(run, 1));
    }
}
