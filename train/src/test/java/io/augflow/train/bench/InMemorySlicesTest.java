package io.augflow.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the in-memory feed cuts its slices into rounds: as {@code EpochRunner} does. */
class InMemorySlicesTest {

    @Test
    void tenSlicesInRoundsOfFourAreFourFourAndTwo() {
        List<String> keys = IntStream.range(0, 10).mapToObj(i -> "k" + i).toList();
        assertEquals(List.of(List.of("k0", "k1", "k2", "k3"), List.of("k4", "k5", "k6", "k7"), List.of("k8", "k9")),
                InMemorySlices.rounds(keys, 4));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void roundsKeepEverySliceInOrderAndOnlyTheLastIsShort(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int slices = rng.nextInt(61);
        int perRound = 1 + rng.nextInt(12);
        List<String> keys = IntStream.range(0, slices).mapToObj(i -> "k" + i).toList();
        List<List<String>> rounds = InMemorySlices.rounds(keys, perRound);
        List<String> joined = new ArrayList<>();
        rounds.forEach(joined::addAll);
        assertEquals(keys, joined);
        assertEquals((slices + perRound - 1) / perRound, rounds.size());
        for (int r = 0; r < rounds.size(); r++) {
            int size = rounds.get(r).size();
            assertTrue(r == rounds.size() - 1 ? size >= 1 && size <= perRound : size == perRound,
                    "round " + r + " has " + size);
        }
    }
}
