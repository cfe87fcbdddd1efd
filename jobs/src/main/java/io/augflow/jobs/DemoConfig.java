package io.augflow.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The demo's configuration, conf/demo.conf, as a file: the jar carries it (beside the defaults it
 * includes) so the demo runs from the jar alone.
 */
final class DemoConfig {
    private DemoConfig() {}

    static Path extract() {
        try {
            Path dir = Files.createTempDirectory("augflow-demo-conf");
            for (String name : new String[] {"demo.conf", "augflow.conf"}) {
                try (InputStream in = DemoConfig.class.getClassLoader().getResourceAsStream("io/augflow/conf/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("io/augflow/conf/" + name + " is missing from the jar");
                    }
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            dir.toFile().deleteOnExit();
            dir.resolve("demo.conf").toFile().deleteOnExit();
            dir.resolve("augflow.conf").toFile().deleteOnExit();
            return dir.resolve("demo.conf");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo configuration", e);
        }
    }
}
