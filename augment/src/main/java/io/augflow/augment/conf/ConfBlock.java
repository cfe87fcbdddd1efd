package io.augflow.augment.conf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One HOCON block and its dotted path in the run's configuration, with typed getters whose errors name
 * the full key, the value and the rule. Absent keys take the caller's default; keys the caller does not
 * know are rejected by {@link #rejectUnknown}, so a typo never silently falls back to a default.
 */
public final class ConfBlock {
    /** The root block of a run's configuration; every key's full name starts with {@code augflow.}. */
    public static final String ROOT = "augflow";
    /** Root key: the run's one seed; augmentation, weight initialisation and sampling all derive from it. */
    public static final String SEED = "seed";
    /** The default of {@link #SEED} (conf/augflow.conf). */
    public static final long DEFAULT_SEED = 42;
    /** Why a block's own {@code seed} key is refused. */
    public static final String SEED_GONE = "augflow.seed seeds every random stream (augmentation, initialisation,"
            + " sampling)";

    /** The run's seed {@code augflow.seed} of a whole configuration ({@code root} is the augflow block); 42 if absent. */
    public static long rootSeed(Config root) {
        return new ConfBlock(root, ROOT).longInteger(SEED, DEFAULT_SEED);
    }

    /** Refuses a key that no longer exists, with where its job went: "augflow.model.seed is gone: ...". */
    public void refuseGone(String key, String instead) {
        if (has(key)) {
            throw new IllegalArgumentException(key(key) + " is gone: " + instead);
        }
    }

    private final Config block;
    private final String path;

    public ConfBlock(Config block, String path) {
        this.block = Objects.requireNonNull(block, "block");
        this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * The block at {@code path} of a whole configuration ({@code root} is the {@code augflow} block), named in
     * messages by its full key ({@code augflow.path}); an absent block reads as empty (all defaults).
     */
    public static ConfBlock of(Config root, String path) {
        String full = ROOT + "." + path;
        if (!root.hasPath(path)) {
            return new ConfBlock(ConfigFactory.empty(), full);
        }
        if (root.getValue(path).valueType() != ConfigValueType.OBJECT) {
            throw new IllegalArgumentException(full + " must be a block { ... }, got " + root.getValue(path).render());
        }
        return new ConfBlock(root.getConfig(path), full);
    }

    /**
     * A block of the {@code augflow} root, named in messages by its full key: {@code under(balance, "balance")}
     * reports {@code augflow.balance.strategi is not a known key}.
     */
    public static ConfBlock under(Config block, String name) {
        return new ConfBlock(block, ROOT + "." + name);
    }

    /** The dotted path of this block, as used in messages. */
    public String path() {
        return path;
    }

    /** The full dotted name of a key of this block, as used in messages. */
    public String key(String key) {
        return path + "." + key;
    }

    /** The underlying block, for values this class has no typed reader for (lists of objects). */
    public Config raw() {
        return block;
    }

    public boolean has(String key) {
        return block.hasPath(key);
    }

    /** Fails on the first top-level key of the block that is not in {@code known}. */
    public void rejectUnknown(Collection<String> known) {
        for (String key : block.root().keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(key(key) + " is not a known key (known: " + known + ")");
            }
        }
    }

    /** A sub-block; absent reads as empty. */
    public ConfBlock child(String key) {
        if (!block.hasPath(key)) {
            return new ConfBlock(ConfigFactory.empty(), key(key));
        }
        if (block.getValue(key).valueType() != ConfigValueType.OBJECT) {
            throw new IllegalArgumentException(key(key) + " must be a block { ... }, got " + render(key));
        }
        return new ConfBlock(block.getConfig(key), key(key));
    }

    public String string(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        ConfigValue v = block.getValue(key);
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw new IllegalArgumentException(key(key) + " must be a name, got " + v.render());
        }
        return block.getString(key);
    }

    public double number(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        try {
            return block.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(key(key) + " must be a number, got " + render(key), e);
        }
    }

    public int integer(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        try {
            integral(key);
            return block.getInt(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw new IllegalArgumentException(key(key) + " must be an integer, got " + render(key), e);
        }
    }

    public long longInteger(String key, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        try {
            integral(key);
            return block.getLong(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw new IllegalArgumentException(key(key) + " must be an integer, got " + render(key), e);
        }
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        try {
            return block.getBoolean(key);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(key(key) + " must be true or false, got " + render(key), e);
        }
    }

    /** A duration ({@code 90 s}, {@code 15 minutes}, or a number of milliseconds). */
    public java.time.Duration duration(String key, java.time.Duration fallback) {
        if (!has(key)) {
            return fallback;
        }
        try {
            return block.getDuration(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw new IllegalArgumentException(key(key) + " must be a duration such as \"90 s\" or \"15 minutes\", got "
                    + render(key), e);
        }
    }

    /** A number or a list of numbers; a single number reads as a one-element array. Empty when absent. */
    public Optional<double[]> numbers(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        ConfigValue v = block.getValue(key);
        if (v.valueType() == ConfigValueType.NUMBER) {
            return Optional.of(new double[] {block.getDouble(key)});
        }
        if (v.valueType() == ConfigValueType.STRING) {
            // --set KEY=VALUE and system properties give strings: "0.5" is the number 0.5
            try {
                return Optional.of(new double[] {Double.parseDouble(((String) v.unwrapped()).strip())});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key(key) + " must be a number or a list of numbers, got "
                        + render(key), e);
            }
        }
        try {
            List<Double> list = block.getDoubleList(key);
            return Optional.of(list.stream().mapToDouble(Double::doubleValue).toArray());
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(key(key) + " must be a number or a list of numbers, got " + render(key), e);
        }
    }

    /** Throws an {@link IllegalArgumentException} "path.key must be rule, got value" unless {@code ok}. */
    public void check(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(key(key) + " must be " + rule + ", got " + value);
        }
    }

    /** Typesafe Config truncates 2.5 to 2 in getInt/getLong; an integer key refuses it instead. */
    private void integral(String key) {
        double d;
        try {
            d = block.getDouble(key);
        } catch (ConfigException.WrongType e) {
            return; // the integer getter reports it
        }
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException(key(key) + " must be an integer, got " + render(key));
        }
    }

    private String render(String key) {
        return block.getValue(key).render();
    }
}
