package io.augflow.jobs.models;

import io.augflow.train.registry.ChampionChange;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.RegistryLock;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code augflow models promote V}: makes a version the champion, under the registry lock. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Make a version the champion (appends a champion pointer; takes the registry lock).")
public final class ModelsPromoteCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "VERSION", converter = VersionConverter.class,
            description = "The version: 3, v3 or v0003.")
    int version;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, kept in the pointer history.")
    String reason = "promoted with augflow models promote";

    @Override
    int run(ModelRegistry registry, PrintWriter out) {
        try (RegistryLock lock = registry.lock("models promote")) {
            ChampionChange change = registry.promote(version, reason);
            out.println(ChampionText.describe(change));
            return 0;
        }
    }
}
