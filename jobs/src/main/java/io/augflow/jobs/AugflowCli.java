package io.augflow.jobs;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code augflow <job> [options]}. Exit codes ({@link ExitCodes}): 0 done, 1 the output could not be written or an
 * unexpected failure, 2 bad usage or configuration, 3 data refused or invalid, 4 a lock is held or nothing to do.
 * Under spark-submit: {@code spark-submit --class io.augflow.jobs.AugflowCli augflow-jobs-submit.jar <job> ...}.
 */
@Command(name = "augflow", mixinStandardHelpOptions = true, versionProvider = AugflowCli.Version.class,
        description = "Box-aware augmentation, balancing and streaming DL4J training on Spark.",
        subcommands = {GenerateCommand.class, IngestCommand.class, PreviewCommand.class, ReportCommand.class,
            TrainCommand.class, PredictCommand.class, EvaluateCommand.class, EnsembleCommand.class, DemoCommand.class,
            ModelsCommand.class, RetrainCommand.class, TuneCommand.class, CommandLine.HelpCommand.class})
public final class AugflowCli {
    /** Aliases of {@link ExitCodes}, which holds every code, for the callers that use these names. */
    public static final int EXIT_FAILED = ExitCodes.FAILED;
    public static final int EXIT_USAGE = ExitCodes.USAGE;
    public static final int EXIT_DATA = ExitCodes.DATA;
    public static final int EXIT_LOCKED = ExitCodes.LOCKED;
    /** The JVM property that also turns on stack traces of expected failures (for launchers that cannot add options). */
    static final String STACKTRACE_PROPERTY = "augflow.stacktrace";

    // INHERIT: every job accepts it, before or after the job's name; read back from the parse result
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On a failure, print the stack trace too (also -D" + STACKTRACE_PROPERTY + "=true).")
    boolean verbose;

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
        CommandLine cli = new CommandLine(new AugflowCli())
                .setExecutionStrategy(AugflowCli::execute)
                .setExecutionExceptionHandler(AugflowCli::handleFailure);
        listExitCodes(cli);
        return cli.execute(args);
    }

    /** Runs the job; unless verbose, Spark's report of a task failed on bad data is left to the one message. */
    private static int execute(CommandLine.ParseResult parsed) {
        if (verbose(parsed)) {
            return new CommandLine.RunLast().execute(parsed);
        }
        Runnable uninstall = quietExpectedTaskFailures();
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            uninstall.run();
        }
    }

    private static Runnable quietExpectedTaskFailures() {
        try {
            return ExpectedTaskFailureFilter.install();
        } catch (LinkageError e) { // no log4j-core on the class path: nothing to filter
            return () -> { };
        }
    }

    /** Every job's --help ends with the exit codes, as the top command's does. */
    private static void listExitCodes(CommandLine cmd) {
        if (!(cmd.getCommand() instanceof CommandLine.HelpCommand)) {
            cmd.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.HELP);
        }
        cmd.getSubcommands().values().forEach(AugflowCli::listExitCodes);
    }

    /** One message and what to do; the stack trace for bugs, or when asked for with --verbose. */
    private static int handleFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        FailureReport report = FailureReport.of(e);
        boolean trace = !report.kind().expected() || verbose(parsed);
        PrintWriter err = cmd.getErr();
        report.lines(cmd.getCommandSpec().qualifiedName(), trace).forEach(err::println);
        if (trace) {
            e.printStackTrace(err);
        }
        err.flush();
        return report.exitCode();
    }

    /** Whether --verbose was given at any level of the command line, or -Daugflow.stacktrace=true. */
    static boolean verbose(CommandLine.ParseResult parsed) {
        if (Boolean.getBoolean(STACKTRACE_PROPERTY)) {
            return true;
        }
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AugflowCli.class.getPackage().getImplementationVersion();
            return new String[] {"augflow " + (v == null ? "development build" : v)};
        }
    }
}
