package io.augflow.jobs;

import io.augflow.jobs.models.ModelsListCommand;
import io.augflow.jobs.models.ModelsPromoteCommand;
import io.augflow.jobs.models.ModelsRollbackCommand;
import io.augflow.jobs.models.ModelsShowCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code augflow models <list|show|promote|rollback>}: the model registry from the command line. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Look at and move the model registry (augflow.registry.path): numbered model versions with"
                + " their data, metrics and lineage, and the champion pointer serving reads.",
        subcommands = {ModelsListCommand.class, ModelsShowCommand.class, ModelsPromoteCommand.class,
            ModelsRollbackCommand.class})
public final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("augflow models: name a subcommand: list, show, promote or rollback");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
