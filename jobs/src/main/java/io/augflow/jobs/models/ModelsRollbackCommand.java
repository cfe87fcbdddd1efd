package io.augflow.jobs.models;

import io.augflow.train.registry.ChampionChange;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.RegistryLock;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code augflow models rollback}: points the champion back to the one before, under the registry lock. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Point the champion back to the previous one (undoes promotions in order; appends a"
                + " champion pointer; takes the registry lock).")
public final class ModelsRollbackCommand extends RegistryCommand {
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, kept in the pointer history.")
    String reason = "rolled back with augflow models rollback";

    @Override
    int run(ModelRegistry registry, PrintWriter out) {
        try (RegistryLock lock = registry.lock("models rollback")) {
            ChampionChange change = registry.rollback(reason);
            out.println(ChampionText.describe(change));
            return 0;
        }
    }
}
