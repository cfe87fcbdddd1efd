package io.augflow.train.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The search space's HOCON: parsing, every validation error, conditions and the rendered overrides. */
class SearchSpaceTest {
    static final String SPACE = """
            "augflow.optimizer.momentum"      { uniform = [0.8, 0.99], when { "augflow.optimizer.type" = sgd } }
            "augflow.optimizer.learning-rate" { log-uniform = [1e-4, 1e-1] }
            "augflow.optimizer.type"          { choice = [sgd, adam] }
            "augflow.train.batch-size"        { choice = [32, 64, 128] }
            "augflow.train.epochs"            { int = [2, 8] }
            """;

    static SearchSpace parse(String hocon) {
        return SearchSpace.parse(ConfigFactory.parseString(hocon), "space.conf");
    }

    @Test
    void parsesEveryDistributionWithConditionKeysBeforeThoseTheyGuard() {
        SearchSpace space = parse(SPACE);
        List<String> keys = space.keys();
        assertEquals(5, keys.size());
        assertTrue(keys.indexOf("augflow.optimizer.type") < keys.indexOf("augflow.optimizer.momentum"), keys::toString);
        assertEquals(new Distribution.LogUniform(1e-4, 1e-1),
                space.parameter("augflow.optimizer.learning-rate").distribution());
        assertEquals(new Distribution.Uniform(0.8, 0.99), space.parameter("augflow.optimizer.momentum").distribution());
        assertEquals(new Distribution.IntRange(2, 8), space.parameter("augflow.train.epochs").distribution());
        assertEquals(List.of(32, 64, 128),
                ((Distribution.Choice) space.parameter("augflow.train.batch-size").distribution()).values());
        assertEquals(Map.of("augflow.optimizer.type", "sgd"), space.parameter("augflow.optimizer.momentum").when());
    }

    @Test
    void aConditionalKeyIsSampledExactlyWhenItsConditionHolds() {
        SearchSpace space = parse(SPACE);
        int sgd = 0;
        for (int seed = 0; seed < 300; seed++) {
            TrialConfig c = space.sample(new SplittableRandom(seed));
            boolean isSgd = c.values().get("augflow.optimizer.type").equals("sgd");
            sgd += isSgd ? 1 : 0;
            assertEquals(isSgd, c.values().containsKey("augflow.optimizer.momentum"), c::toString);
            assertEquals(isSgd ? 5 : 4, c.values().size());
        }
        assertTrue(sgd > 100 && sgd < 200, "sgd drawn " + sgd + " times of 300, expected about 150");
    }

    @Test
    void renderedOverridesReadBackAsTheSameValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("augflow.optimizer.learning-rate", 1.0e-4);
        values.put("augflow.optimizer.type", "sgd");
        values.put("augflow.train.batch-size", 64L);
        values.put("augflow.augment.name", "needs quotes: yes");
        values.put("augflow.train.shuffle", true);
        TrialConfig config = new TrialConfig(values);

        Config read = ConfigFactory.parseString(config.toHocon());
        assertEquals(1.0e-4, read.getDouble("augflow.optimizer.learning-rate"));
        assertEquals("sgd", read.getString("augflow.optimizer.type"));
        assertEquals(64, read.getInt("augflow.train.batch-size"));
        assertEquals("needs quotes: yes", read.getString("augflow.augment.name"));
        assertTrue(read.getBoolean("augflow.train.shuffle"));

        List<String> set = config.toSetArguments();
        assertEquals("augflow.optimizer.type=sgd", set.get(1));
        // as the CLI reads --set KEY=VALUE: the text after the first '=' is the value, typed when read
        Map<String, Object> sets = new LinkedHashMap<>();
        for (String argument : set) {
            int eq = argument.indexOf('=');
            sets.put(argument.substring(0, eq), argument.substring(eq + 1));
        }
        Config fromSet = ConfigFactory.parseMap(sets);
        for (String key : values.keySet()) {
            assertEquals(read.getString(key), fromSet.getString(key), key);
        }
        assertEquals(1.0e-4, fromSet.getDouble("augflow.optimizer.learning-rate"));
        assertEquals(64, fromSet.getInt("augflow.train.batch-size"));
        assertTrue(fromSet.getBoolean("augflow.train.shuffle"));
    }

    static Stream<Arguments> invalidSpaces() {
        return Stream.of(
                Arguments.of("", List.of("space.conf is empty")),
                Arguments.of("\"augflow.a\" { uniform = [1, 0.5] }", List.of("augflow.a.uniform", "a < b", "[1,0.5]")),
                Arguments.of("\"augflow.a\" { uniform = [1, 1] }", List.of("augflow.a.uniform", "a < b")),
                Arguments.of("\"augflow.a\" { log-uniform = [0, 1] }",
                        List.of("augflow.a.log-uniform", "0 < a", "[0,1]")),
                Arguments.of("\"augflow.a\" { log-uniform = [-1, 1] }", List.of("augflow.a.log-uniform", "0 < a")),
                Arguments.of("\"augflow.a\" { normal = [0, 1] }",
                        List.of("augflow.a", "unknown distribution 'normal'", "log-uniform")),
                Arguments.of("\"augflow.a\" { choice = [] }", List.of("augflow.a.choice", "at least one value")),
                Arguments.of("\"augflow.a\" { choice = [x, y, x] }", List.of("augflow.a.choice", "\"x\" twice")),
                Arguments.of("\"augflow.a\" { choice = [[1], 2] }", List.of("augflow.a.choice", "[1]")),
                Arguments.of("\"augflow.a\" { uniform = [0, 1], choice = [x] }",
                        List.of("augflow.a", "exactly one distribution")),
                Arguments.of("\"augflow.a\" { when { \"augflow.b\" = x } }",
                        List.of("augflow.a", "exactly one distribution", "none")),
                Arguments.of("\"augflow.a\" { uniform = [0, 1, 2] }", List.of("augflow.a.uniform", "two numbers")),
                Arguments.of("\"augflow.a\" { uniform = [0, high] }", List.of("augflow.a.uniform", "two numbers")),
                Arguments.of("\"augflow.a\" { uniform = 3 }", List.of("augflow.a.uniform", "must be a list")),
                Arguments.of("\"augflow.a\" { int = [1, 2.5] }", List.of("augflow.a.int", "whole numbers", "2.5")),
                Arguments.of("\"augflow.a\" = 3", List.of("augflow.a", "must be a block")),
                Arguments.of("optimizer.lr { uniform = [0, 1] }", List.of("optimizer", "full training key")),
                Arguments.of("\"augflow.seed\" { int = [1, 9] }", List.of("augflow.seed", "cannot be searched")),
                Arguments.of("\"augflow.a\" { uniform = [0, 1], when { \"augflow.b\" = x } }",
                        List.of("augflow.a.when.\"augflow.b\"", "not a key of the search space")),
                Arguments.of("\"augflow.a\" { uniform = [0, 1], when { \"augflow.a\" = 1 } }",
                        List.of("augflow.a.when.\"augflow.a\"", "depend on itself")),
                Arguments.of("""
                        "augflow.a" { uniform = [0, 1], when { "augflow.b" = 1 } }
                        "augflow.b" { uniform = [0, 2] }
                        """, List.of("augflow.a.when.\"augflow.b\"", "must be a choice parameter")),
                Arguments.of("""
                        "augflow.a" { uniform = [0, 1], when { "augflow.b" = lion } }
                        "augflow.b" { choice = [cat, dog] }
                        """, List.of("augflow.a.when.\"augflow.b\" = lion", "[cat, dog]", "never be searched")),
                Arguments.of("""
                        "augflow.a" { choice = [x, y], when { "augflow.b" = x } }
                        "augflow.b" { choice = [x, y], when { "augflow.a" = x } }
                        """, List.of("[augflow.a, augflow.b]", "cycle")),
                Arguments.of("\"augflow.a\" { uniform = [0, 1], when = sgd }",
                        List.of("augflow.a.when", "non-empty block")),
                Arguments.of("\"augflow.a\" { uniform = [0, 1], when { augflow.b = x } }",
                        List.of("augflow.a.when.\"augflow\"", "a dotted key needs quotes")));
    }

    @ParameterizedTest
    @MethodSource("invalidSpaces")
    void everyBrokenRuleIsRefusedNamingTheKeyTheValueAndTheRule(String hocon, List<String> fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(hocon));
        assertTrue(e.getMessage().startsWith("space.conf"), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void aChoiceNumberMatchesAConditionWrittenAsAnotherNumberType() {
        SearchSpace space = parse("""
                "augflow.a" { uniform = [0, 1], when { "augflow.b" = 32.0 } }
                "augflow.b" { choice = [32, 64] }
                """);
        Parameter a = space.parameter("augflow.a");
        assertTrue(a.activeGiven(Map.of("augflow.b", 32)));
        assertFalse(a.activeGiven(Map.of("augflow.b", 64)));
        assertFalse(a.activeGiven(Map.of()), "absent condition key: inactive");
    }
}
