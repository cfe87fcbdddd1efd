package io.augflow.train.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fake training outputs and metadata: the registry copies bytes and never opens the model. */
final class RegistryFixtures {
    private RegistryFixtures() {}

    /** A training output folder whose model.zip and model.json hold {@code tag}-dependent bytes. */
    static Path trainingOutput(Path parent, String tag) {
        try {
            Path dir = Files.createDirectories(parent.resolve("train-" + tag));
            Files.write(dir.resolve(ModelRegistry.MODEL), ("model bytes " + tag).getBytes(StandardCharsets.UTF_8));
            Files.writeString(dir.resolve(ModelRegistry.RESULT), "{\"tag\": \"" + tag + "\"}");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static VersionMetadata metadata(Integer parent, String trainedFrom, double accuracy) {
        Map<String, Long> byClass = new LinkedHashMap<>();
        byClass.put("cat", 70L);
        byClass.put("dog", 30L);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", accuracy);
        metrics.put("macro_f1", accuracy - 0.05);
        return new VersionMetadata(parent, new DatasetSnapshot("data/pets", 100, byClass,
                List.of("in/batch-1.zip", "in/batch-2.zip")), "cafe01", 42L, metrics,
                Instant.parse("2024-05-01T10:15:30Z"), trainedFrom, "test run");
    }

    static VersionMetadata metadata() {
        return metadata(null, VersionMetadata.SCRATCH, 0.9);
    }
}
