package io.augflow.train.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertSame(a, NetworkPool.take(run1, CPU), "a second run giving back its network keeps the first run's");
        assertSame(c, NetworkPool.take(run2, CPU));
        NetworkPool.give(run1, CPU, a);
        NetworkPool.give(run2, CPU, c);
    }

    @Test
    void concurrentRunsEachKeepTheirNetworksAcrossTheOthersRounds() {
        // two trials of a study alternating rounds on one executor of 2 cores: each round takes 2 networks and
        // gives them back; after the first round no trial builds a network again
        NetworkBlueprint base = NetworkBlueprint.of("trial-a", ParameterAveragingEquivalenceTest.network());
        NetworkBlueprint a = new NetworkBlueprint("trial-a", base.json(), false);
        NetworkBlueprint b = new NetworkBlueprint("trial-b", base.json(), false);
        java.util.Map<NetworkBlueprint, java.util.Set<Model>> built = new java.util.HashMap<>();
        for (int round = 0; round < 4; round++) {
            for (NetworkBlueprint run : java.util.List.of(a, b)) {
                Model one = NetworkPool.take(run, CPU);
                Model two = NetworkPool.take(run, CPU);
                assertNotSame(one, two);
                built.computeIfAbsent(run, r -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()))
                        .addAll(java.util.List.of(one, two));
                NetworkPool.give(run, CPU, one);
                NetworkPool.give(run, CPU, two);
            }
        }
        assertEquals(2, built.get(a).size(), "trial a reused its two networks in every round");
        assertEquals(2, built.get(b).size(), "trial b reused its two networks in every round");
        assertEquals(2, NetworkPool.idle("trial-a"));
        assertEquals(2, NetworkPool.idle("trial-b"));
    }

    @Test
    void aFullPoolDropsTheLeastRecentlyActiveRunsNetworksFirst() {
        NetworkBlueprint old = NetworkBlueprint.of("old-run", ParameterAveragingEquivalenceTest.network());
        NetworkBlueprint fresh = new NetworkBlueprint("fresh-run", old.json(), false);
        Model[] olds = new Model[NetworkPool.MAX_IDLE];
        for (int i = 0; i < olds.length; i++) {
            olds[i] = NetworkPool.take(old, CPU);
        }
        for (Model m : olds) {
            NetworkPool.give(old, CPU, m);
        }
        Model f = NetworkPool.take(fresh, CPU);
        NetworkPool.give(fresh, CPU, f);
        assertTrue(NetworkPool.idle() <= NetworkPool.MAX_IDLE);
        assertEquals(1, NetworkPool.idle("fresh-run"), "the active run's network is kept");
        assertSame(f, NetworkPool.take(fresh, CPU));
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
