package io.augflow.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code augflow <job> [options]}. Exit codes: 0 done, 1 the job failed, 2 bad usage or configuration, 3 the model
 * registry is locked by another run ({@code retrain}).
 * Under spark-submit: {@code spark-submit --class io.augflow.jobs.AugflowCli augflow-jobs-submit.jar <job> ...}.
 */
@Command(name = "augflow", mixinStandardHelpOptions = true, versionProvider = AugflowCli.Version.class,
        description = "Box-aware augmentation, balancing and streaming DL4J training on Spark.",
        subcommands = {GenerateCommand.class, IngestCommand.class, PreviewCommand.class, ReportCommand.class,
            TrainCommand.class, DemoCommand.class, ModelsCommand.class, RetrainCommand.class,
            CommandLine.HelpCommand.class})
public final class AugflowCli {
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_LOCKED = 3;

    public static void main(String[] args) {
        int code = run(args);
        stopSpark();
        // Spark and ND4J leave non-daemon threads behind; a CLI must still end.
        System.exit(code);
    }

    /**
     * Stops the job's Spark session before the JVM exits. Without it, {@code System.exit} runs Spark's shutdown hooks
     * in no particular order: on a cluster the executors die with the driver instead of being released (a standalone
     * master may even start replacements while the driver shuts down), the application is not marked finished and
     * its event log keeps its {@code .inprogress} name, so the history server lists it as incomplete.
     */
    static void stopSpark() {
        scala.Option<org.apache.spark.sql.SparkSession> session = org.apache.spark.sql.SparkSession.getDefaultSession();
        if (session.isDefined()) {
            session.get().stop();
        }
    }

    /** Runs without exiting the JVM (tests, embedding). */
    public static int run(String... args) {
        return new CommandLine(new AugflowCli())
                .setExecutionExceptionHandler(AugflowCli::handleFailure)
                .execute(args);
    }

    private static int handleFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean usage = e instanceof IllegalArgumentException;
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + (usage ? "configuration error: " : "failed: ")
                + rootMessage(e));
        if (!usage || Boolean.getBoolean("augflow.stacktrace")) {
            e.printStackTrace(cmd.getErr());
        }
        return usage ? EXIT_USAGE : EXIT_FAILED;
    }

    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        return message != null ? message : cause != null ? rootMessage(cause) : e.getClass().getName();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AugflowCli.class.getPackage().getImplementationVersion();
            return new String[] {"augflow " + (v == null ? "development build" : v)};
        }
    }
}
