package io.augflow.augment.transform;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.augflow.augment.Sample;
import java.util.ArrayList;
import java.util.List;

/** What the composite transforms share: reading their {@code transforms} list and applying a child. */
final class Children {
    static final String KEY = "transforms";

    private Children() {}

    /** Builds the children of a composite block; errors name the composite and the child's position. */
    static List<Transform<?>> fromConfig(TransformConfig cfg, TransformRegistry registry) {
        String name = cfg.transformName();
        if (!cfg.has(KEY)) {
            throw new IllegalArgumentException(name + "." + KEY + " is required (a list of transform blocks), got nothing");
        }
        List<? extends Config> blocks;
        try {
            blocks = cfg.raw().getConfigList(KEY);
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(name + "." + KEY + " must be a list of transform blocks, got "
                    + cfg.raw().getValue(KEY).render(), e);
        }
        List<Transform<?>> children = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            try {
                children.add(registry.create(blocks.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + "." + KEY + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return children;
    }

    static void requireNonEmpty(String name, List<Transform<?>> children) {
        if (children.isEmpty()) {
            throw new IllegalArgumentException(name + "." + KEY + " must hold at least one transform, got []");
        }
    }

    /** Applies a child's own parameters: they were drawn by that child, so the cast holds. */
    @SuppressWarnings("unchecked")
    static <P> Sample apply(Transform<P> child, Sample sample, Object params) {
        return child.apply(sample, (P) params);
    }
}
