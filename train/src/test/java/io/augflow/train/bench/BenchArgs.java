package io.augflow.train.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The benches' command lines: {@code --option value} pairs, each option known (it has a default or is required). */
final class BenchArgs {
    private BenchArgs() {}

    /**
     * @param defaults the optional options and their values
     * @param required options without a default
     * @throws IllegalArgumentException for an unknown option, one without a value, or a required one missing
     */
    static Map<String, String> parse(String[] args, Map<String, String> defaults, String... required) {
        Map<String, String> out = new HashMap<>(defaults);
        Set<String> known = new java.util.HashSet<>(defaults.keySet());
        known.addAll(Set.of(required));
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + " (known: " + known + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            out.put(args[i], args[i + 1]);
        }
        for (String r : required) {
            if (!out.containsKey(r)) {
                throw new IllegalArgumentException(r + " is required");
            }
        }
        return out;
    }
}
