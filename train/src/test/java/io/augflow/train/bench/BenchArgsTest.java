package io.augflow.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

    @Test
    void givenOptionsOverrideDefaultsAndTheRestKeepThem() {
        Map<String, String> o = BenchArgs.parse(new String[] {"--dataset", "d", "--epochs", "3"},
                Map.of("--epochs", "2", "--repeats", "2"), "--dataset");
        assertEquals(Map.of("--dataset", "d", "--epochs", "3", "--repeats", "2"), o);
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchArgs.parse(new String[] {"--dataset", "d", "--epoch", "3"}, Map.of("--epochs", "2"),
                        "--dataset"));
        assertTrue(e.getMessage().contains("--epoch "), e.getMessage());
    }

    @Test
    void aMissingRequiredOptionOrValueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchArgs.parse(new String[] {}, Map.of(), "--dataset"));
        assertThrows(IllegalArgumentException.class,
                () -> BenchArgs.parse(new String[] {"--dataset"}, Map.of(), "--dataset"));
    }
}
