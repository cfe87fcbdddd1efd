package io.augflow.augment.transform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Builds transforms from configuration by name. A pipeline is a HOCON list of blocks, each with a
 * {@code type} and its parameters:
 *
 * <pre>
 * pipeline = [
 *   { type = horizontal-flip, p = 0.5 }
 *   { type = rotate, p = 0.3, limit = 15 }
 * ]
 * </pre>
 *
 * Composite transforms ({@code one-of}, {@code some-of}) get the registry to build their children.
 */
public final class TransformRegistry {
    private final Map<String, BiFunction<TransformConfig, TransformRegistry, Transform<?>>> factories;

    private TransformRegistry(Map<String, BiFunction<TransformConfig, TransformRegistry, Transform<?>>> factories) {
        this.factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
    }

    /** Every built-in transform. */
    public static TransformRegistry builtIn() {
        Builder b = new Builder();
        BuiltInTransforms.registerAll(b);
        return b.build();
    }

    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** Builds one transform from a block with a {@code type} key. */
    public Transform<?> create(Config block) {
        if (!block.hasPath("type")) {
            throw new IllegalArgumentException("a transform block needs a 'type' (one of " + names() + "), got "
                    + block.root().render());
        }
        String type = block.getString("type");
        var factory = factories.get(type);
        if (factory == null && io.augflow.augment.multi.MultiImageStage.NAMES.contains(type)) {
            throw new IllegalArgumentException("'" + type + "' is not a pipeline transform: it combines several images"
                    + " and runs before the pipeline; configure it as its own block, augment." + type + " { p = ... }");
        }
        if (factory == null) {
            throw new IllegalArgumentException("unknown transform type '" + type + "'; known: " + names());
        }
        return factory.apply(new TransformConfig(type, block), this);
    }

    /** Builds a list of transforms, in order. */
    public List<Transform<?>> createAll(List<? extends Config> blocks) {
        return blocks.stream().<Transform<?>>map(this::create).toList();
    }

    /** Convenience for tests and code: builds a transform from a HOCON snippet. */
    public Transform<?> parse(String hocon) {
        return create(ConfigFactory.parseString(hocon));
    }

    /** Collects factories; names must be unique. */
    public static final class Builder {
        private final Map<String, BiFunction<TransformConfig, TransformRegistry, Transform<?>>> factories =
                new LinkedHashMap<>();

        public Builder register(String name, Function<TransformConfig, Transform<?>> factory) {
            return registerComposite(name, (cfg, registry) -> factory.apply(cfg));
        }

        public Builder registerComposite(String name, BiFunction<TransformConfig, TransformRegistry, Transform<?>> f) {
            if (factories.putIfAbsent(name, f) != null) {
                throw new IllegalStateException("transform '" + name + "' registered twice");
            }
            return this;
        }

        public TransformRegistry build() {
            return new TransformRegistry(factories);
        }
    }
}
