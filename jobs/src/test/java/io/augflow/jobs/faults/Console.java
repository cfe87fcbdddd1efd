package io.augflow.jobs.faults;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * What an in-process job printed: its standard error (the CLI's one-line failure message), its log at WARN and
 * above (log4j's console appender keeps the stream it started with, so the log is captured by an appender) and its
 * standard output (the command's summary).
 *
 * @param exitCode the job's exit code
 * @param err      standard error
 * @param log      log lines, {@code LEVEL Logger: message}
 * @param out      standard output
 */
public record Console(int exitCode, String err, String log, String out) {

    /** Runs {@code job} (e.g. {@code () -> AugflowCli.run(...)}) and captures what it printed. */
    public static Console capture(IntSupplier job) {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        PrintStream original = System.err;
        PrintStream originalOut = System.out;
        StringWriter logText = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        String name = "captured-" + UUID.randomUUID();
        WriterAppender appender = WriterAppender.newBuilder().setName(name).setTarget(logText)
                .setLayout(PatternLayout.newBuilder().withPattern("%-5p %c{1}: %m%n").build()).build();
        appender.start();
        config.getRootLogger().addAppender(appender, Level.WARN, null);
        context.updateLoggers();
        int code;
        try {
            System.setErr(new PrintStream(new TeeStream(errBytes, original), true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new TeeStream(outBytes, originalOut), true, StandardCharsets.UTF_8));
            code = job.getAsInt();
        } finally {
            System.setErr(original);
            System.setOut(originalOut);
            config.getRootLogger().removeAppender(name);
            context.updateLoggers();
            appender.stop();
        }
        return new Console(code, errBytes.toString(StandardCharsets.UTF_8), logText.toString(),
                outBytes.toString(StandardCharsets.UTF_8));
    }

    /** Exit code, standard output and standard error, for a failing assertion's message. */
    public String describe() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }

    /** Writes to the capture and still to the real stream, so a failing test's output stays readable. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
