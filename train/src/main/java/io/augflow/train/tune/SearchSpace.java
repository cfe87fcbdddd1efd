package io.augflow.train.tune;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The parameters a study searches, validated up front and ordered so that a condition's key always comes before
 * the parameters it guards. Written in HOCON as one block per full training key:
 *
 * <pre>
 * "augflow.optimizer.type"          { choice = [sgd, adam] }
 * "augflow.optimizer.learning-rate" { log-uniform = [1e-4, 1e-1] }
 * "augflow.optimizer.momentum"      { uniform = [0.8, 0.99], when { "augflow.optimizer.type" = sgd } }
 * "augflow.train.batch-size"        { choice = [32, 64, 128] }
 * "augflow.train.epochs"            { int = [2, 8] }
 * </pre>
 *
 * Every error is an {@link IllegalArgumentException} naming the space, the key, the value and the rule.
 */
public final class SearchSpace {
    /** The distribution names a parameter block may use, exactly one of them. */
    public static final List<String> DISTRIBUTIONS = List.of("choice", "uniform", "log-uniform", "int");
    /** The optional condition of a parameter block. */
    public static final String WHEN = "when";
    /** Every searched key is a full training key. */
    public static final String KEY_PREFIX = "augflow.";
    /** The run's seed: never a searched key. */
    public static final String SEED_KEY = "augflow.seed";

    private final List<Parameter> parameters;

    private SearchSpace(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    /** The parameters, each after the keys its condition reads; keys otherwise in alphabetical order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameter of {@code key}; fails naming the known keys. */
    public Parameter parameter(String key) {
        for (Parameter p : parameters) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException(key + " is not in the search space (keys: " + keys() + ")");
    }

    /** The searched keys in {@link #parameters()} order. */
    public List<String> keys() {
        return parameters.stream().map(Parameter::key).toList();
    }

    /** A configuration drawn from the prior: each active parameter drawn in order, inactive ones left out. */
    public TrialConfig sample(SplittableRandom rng) {
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (p.activeGiven(chosen)) {
                chosen.put(p.key(), p.distribution().sample(rng));
            }
        }
        return new TrialConfig(chosen);
    }

    /**
     * Parses the space block; {@code name} is how messages call it (e.g. the file, {@code space.conf}).
     *
     * @throws IllegalArgumentException on the first rule broken, naming the key, the value and the rule
     */
    public static SearchSpace parse(Config block, String name) {
        ConfigObject root = block.root();
        if (root.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty: a search space needs at least one parameter,"
                    + " e.g. \"augflow.optimizer.learning-rate\" { log-uniform = [1e-4, 1e-1] }");
        }
        Map<String, Parameter> byKey = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : root.entrySet()) {
            byKey.put(e.getKey(), parseParameter(name, e.getKey(), e.getValue()));
        }
        checkConditions(name, byKey);
        return new SearchSpace(conditionOrder(name, byKey));
    }

    private static Parameter parseParameter(String space, String key, ConfigValue value) {
        String where = space + ": " + key;
        if (!key.startsWith(KEY_PREFIX)) {
            throw new IllegalArgumentException(where + " must be a full training key starting with " + KEY_PREFIX
                    + " (quote it: \"augflow.optimizer.learning-rate\" { ... })");
        }
        if (key.equals(SEED_KEY)) {
            throw new IllegalArgumentException(where + " cannot be searched: each trial's seed derives from the"
                    + " study's seed and the trial's number (seeds are not a hyper-parameter to tune)");
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new IllegalArgumentException(where + " must be a block { <distribution> = [...] }, got "
                    + show(value));
        }
        ConfigObject body = (ConfigObject) value;
        List<String> found = new ArrayList<>();
        for (String k : body.keySet()) {
            if (DISTRIBUTIONS.contains(k)) {
                found.add(k);
            } else if (!k.equals(WHEN)) {
                throw new IllegalArgumentException(where + ": unknown distribution '" + k + "' (known: "
                        + DISTRIBUTIONS + ", plus an optional " + WHEN + " { ... })");
            }
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException(where + " must give exactly one distribution of " + DISTRIBUTIONS
                    + ", got " + (found.isEmpty() ? "none" : found));
        }
        String kind = found.get(0);
        Distribution distribution = parseDistribution(where + "." + kind, kind, body.get(kind));
        return new Parameter(key, distribution, parseWhen(where + "." + WHEN, body.get(WHEN)));
    }

    private static Distribution parseDistribution(String where, String kind, ConfigValue value) {
        if (value.valueType() != ConfigValueType.LIST) {
            throw new IllegalArgumentException(where + " must be a list [...], got " + show(value));
        }
        ConfigList list = (ConfigList) value;
        if (kind.equals("choice")) {
            if (list.isEmpty()) {
                throw new IllegalArgumentException(where + " must list at least one value, got []");
            }
            List<Object> values = new ArrayList<>();
            for (ConfigValue v : list) {
                if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
                        || v.valueType() == ConfigValueType.NULL) {
                    throw new IllegalArgumentException(where + " values must be strings, numbers or booleans, got "
                            + show(v));
                }
                Object plain = v.unwrapped();
                if (new Distribution.Choice(values).indexOf(plain) >= 0) {
                    throw new IllegalArgumentException(where + " lists " + show(v) + " twice: " + show(list));
                }
                values.add(plain);
            }
            return new Distribution.Choice(values);
        }
        if (list.size() != 2 || list.stream().anyMatch(v -> v.valueType() != ConfigValueType.NUMBER)) {
            throw new IllegalArgumentException(where + " must be two numbers [a, b], got " + show(list));
        }
        double a = ((Number) list.get(0).unwrapped()).doubleValue();
        double b = ((Number) list.get(1).unwrapped()).doubleValue();
        if (!(a < b)) {
            throw new IllegalArgumentException(where + " needs a < b, got " + show(list));
        }
        return switch (kind) {
            case "uniform" -> new Distribution.Uniform(a, b);
            case "log-uniform" -> {
                if (!(a > 0)) {
                    throw new IllegalArgumentException(where + " needs 0 < a (a logarithm is taken), got "
                            + show(list));
                }
                yield new Distribution.LogUniform(a, b);
            }
            case "int" -> {
                if (a != Math.rint(a) || b != Math.rint(b)) {
                    throw new IllegalArgumentException(where + " needs whole numbers, got " + show(list));
                }
                yield new Distribution.IntRange((long) a, (long) b);
            }
            default -> throw new IllegalStateException("unreachable: " + kind);
        };
    }

    private static Map<String, Object> parseWhen(String where, ConfigValue value) {
        if (value == null) {
            return Map.of();
        }
        if (value.valueType() != ConfigValueType.OBJECT || ((ConfigObject) value).isEmpty()) {
            throw new IllegalArgumentException(where + " must be a non-empty block { \"augflow.key\" = value },"
                    + " got " + show(value));
        }
        Map<String, Object> when = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : ((ConfigObject) value).entrySet()) {
            ConfigValueType t = e.getValue().valueType();
            if (t == ConfigValueType.OBJECT || t == ConfigValueType.LIST || t == ConfigValueType.NULL) {
                throw new IllegalArgumentException(where + ".\"" + e.getKey() + "\" must be one value, got "
                        + show(e.getValue()) + " (a dotted key needs quotes)");
            }
            when.put(e.getKey(), e.getValue().unwrapped());
        }
        return when;
    }

    /** A condition reads a choice parameter of the space, and asks for one of its values. */
    private static void checkConditions(String space, Map<String, Parameter> byKey) {
        for (Parameter p : byKey.values()) {
            for (Map.Entry<String, Object> c : p.when().entrySet()) {
                String where = space + ": " + p.key() + ".when.\"" + c.getKey() + "\"";
                Parameter on = byKey.get(c.getKey());
                if (on == null) {
                    throw new IllegalArgumentException(where + " is not a key of the search space (keys: "
                            + byKey.keySet() + ")");
                }
                if (on == p) {
                    throw new IllegalArgumentException(where + ": a parameter cannot depend on itself");
                }
                if (!(on.distribution() instanceof Distribution.Choice choice)) {
                    throw new IllegalArgumentException(where + " must be a choice parameter to condition on, but "
                            + c.getKey() + " is a range");
                }
                if (choice.indexOf(c.getValue()) < 0) {
                    throw new IllegalArgumentException(where + " = " + c.getValue() + " is not one of its choices "
                            + choice.values() + ", so " + p.key() + " would never be searched");
                }
            }
        }
    }

    /** Orders parameters so that each comes after the keys of its condition (Kahn's algorithm, alphabetical ties). */
    private static List<Parameter> conditionOrder(String space, Map<String, Parameter> byKey) {
        List<Parameter> ordered = new ArrayList<>();
        Set<String> placed = new java.util.HashSet<>();
        while (ordered.size() < byKey.size()) {
            Parameter next = null;
            for (Parameter p : byKey.values()) {
                if (!placed.contains(p.key()) && placed.containsAll(p.when().keySet())) {
                    next = p;
                    break;
                }
            }
            if (next == null) {
                List<String> cycle = byKey.keySet().stream().filter(k -> !placed.contains(k)).toList();
                throw new IllegalArgumentException(space + ": the conditions of " + cycle
                        + " form a cycle; a condition must read a parameter that does not depend on it");
            }
            ordered.add(next);
            placed.add(next.key());
        }
        return ordered;
    }

    /** A value on one line as written in HOCON/JSON, for messages. */
    private static String show(ConfigValue value) {
        return value.render(ConfigRenderOptions.concise());
    }
}
