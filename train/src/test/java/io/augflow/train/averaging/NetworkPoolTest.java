package io.augflow.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.api.Test;

class NetworkPoolTest {

    @Test
    void aRunsNetworkIsReusedAndAnotherRunsIsNot() {
        NetworkBlueprint run1 = NetworkBlueprint.of("run-1", ParameterAveragingEquivalenceTest.network());
        NetworkBlueprint run2 = new NetworkBlueprint("run-2", run1.json(), false);
        Model a = NetworkPool.take(run1);
        Model b = NetworkPool.take(run1);
        assertNotSame(a, b, "two tasks at once never share a network");
        NetworkPool.give(run1, a);
        assertSame(a, NetworkPool.take(run1), "the idle network of the same run");
        NetworkPool.give(run1, a);
        Model c = NetworkPool.take(run2);
        assertNotSame(a, c, "another run builds its own");
        NetworkPool.give(run2, c);
        assertEquals(1, NetworkPool.idle(), "giving back a network of a new run drops the old run's");
    }

    @Test
    void thePoolIsBounded() {
        NetworkBlueprint run = NetworkBlueprint.of("bounded", ParameterAveragingEquivalenceTest.network());
        Model[] taken = new Model[NetworkPool.MAX_IDLE + 3];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = NetworkPool.take(run);
        }
        for (Model m : taken) {
            NetworkPool.give(run, m);
        }
        assertEquals(NetworkPool.MAX_IDLE, NetworkPool.idle());
    }
}
