package io.augflow.jobs.models;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.augflow.jobs.CommonOptions;
import io.augflow.train.registry.ModelRegistry;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code models} subcommand shares: the configuration and {@code --registry}, opening the
 * existing registry (a command never creates one: a mistyped path must not leave an empty registry). The registry's
 * refusals become one line on stderr through {@link io.augflow.jobs.FailureReport}: an unknown version is a bad
 * argument (exit code 2), no registry at the path is a missing input (3), a held lock or a promotion or rollback
 * that would change nothing is exit code 4.
 */
abstract class RegistryCommand implements Callable<Integer> {
    /** Hadoop settings given to Spark as {@code spark.hadoop.*} apply to the registry's filesystem too. */
    private static final String SPARK_HADOOP = "spark.hadoop.";

    @Mixin
    CommonOptions common;

    @Option(names = "--registry", paramLabel = "PATH",
            description = "The registry root, a local path or Hadoop URI (default: augflow.registry.path).")
    String registry;

    @Spec
    CommandSpec spec;

    /** The registry's filesystem settings, for the files a subcommand reads besides the registry's own. */
    Configuration hadoop;

    @Override
    public final Integer call() {
        Config conf = common.resolve(Map.of());
        String root = registry != null ? registry : conf.getString("registry.path");
        if (root.isBlank()) {
            throw new IllegalArgumentException("--registry / augflow.registry.path must name a folder, got \"\"");
        }
        hadoop = hadoop(conf);
        PrintWriter out = spec.commandLine().getOut();
        try {
            return run(ModelRegistry.openExisting(root, hadoop), out);
        } finally {
            out.flush();
        }
    }

    /** The subcommand's work on an existing registry; returns the exit code. */
    abstract int run(ModelRegistry registry, PrintWriter out);

    /** Hadoop's defaults and site files, then {@code spark.hadoop.*} of the spark block and of system properties. */
    static Configuration hadoop(Config conf) {
        Configuration hadoop = new Configuration();
        if (conf.hasPath("spark.conf")) {
            for (Map.Entry<String, ConfigValue> e : conf.getConfig("spark.conf").entrySet()) {
                String key = e.getKey().replace("\"", "");
                if (key.startsWith(SPARK_HADOOP)) {
                    hadoop.set(key.substring(SPARK_HADOOP.length()), String.valueOf(e.getValue().unwrapped()));
                }
            }
        }
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(SPARK_HADOOP))
                .forEach(k -> hadoop.set(k.substring(SPARK_HADOOP.length()), System.getProperty(k)));
        return hadoop;
    }
}
