package io.augflow.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.augflow.train.backend.CpuBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Options every job takes, and the resolution of the configuration with its documented precedence:
 * job options and {@code --set} &gt; JVM system properties &gt; {@code --conf FILE} &gt; the packaged
 * {@code conf/augflow.conf}.
 */
public final class CommonOptions {
    static final String DEFAULTS_RESOURCE = "io/augflow/conf/augflow.conf";
    /** Only system properties under this prefix are configuration ({@code -Daugflow.train.epochs=5}). */
    static final String PROPERTY_PREFIX = "augflow.";
    /**
     * JVM switches under {@code augflow.} that are not configuration: each is read with {@link System#getProperty}
     * where it acts, and is left out of the resolved configuration (so no block has to tolerate it as a key).
     */
    static final Set<String> JVM_SWITCHES = Set.of(
            // CpuBackend: oneDNN helpers on or off (it also sets this property itself)
            CpuBackend.ONEDNN_KEY,
            // CpuBackend: ND4J's element-wise threshold for multi-threading
            CpuBackend.ELEMENTWISE_THRESHOLD_KEY,
            // AugflowCli: print stack traces of expected failures, like --verbose
            AugflowCli.STACKTRACE_PROPERTY,
            // ExecutorCache: the executors' cache bound in MiB
            io.augflow.pipeline.stream.ExecutorCache.SIZE_PROPERTY);

    @Option(names = "--conf", paramLabel = "FILE", description = "A HOCON file overriding conf/augflow.conf.")
    Path confFile;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Override one key, e.g. --set augflow.seed=7 (repeatable).")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not under spark-submit (default from augflow.spark.master: local[*]).")
    String master;

    /** {@code args} of a sub-step with these common options appended (the demo runs jobs in a row). */
    String[] forward(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        if (confFile != null) {
            all.add("--conf");
            all.add(confFile.toString());
        }
        sets.forEach((k, v) -> {
            all.add("--set");
            all.add(k + "=" + v);
        });
        if (master != null) {
            all.add("--master");
            all.add(master);
        }
        return all.toArray(String[]::new);
    }

    /**
     * The resolved {@code augflow} block, with {@code jobOverrides} (full keys) on top; an unknown root key
     * ({@code augflow.trian}) is refused here, for every command ({@link AugflowConf#check}).
     */
    public Config resolve(Map<String, Object> jobOverrides) {
        Map<String, Object> top = new LinkedHashMap<>(sets);
        if (master != null) {
            top.put("augflow.spark.master", master);
        }
        top.putAll(jobOverrides);
        Config defaults = ConfigFactory.parseResources(CommonOptions.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config file = ConfigFactory.empty();
        if (confFile != null) {
            if (!Files.isReadable(confFile)) {
                throw new IllegalArgumentException("--conf " + confFile + ": no such readable file");
            }
            file = ConfigFactory.parseFile(confFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        }
        Config augflow = ConfigFactory.parseMap(top, "command line")
                .withFallback(configurationProperties(System.getProperties())) // read now: systemProperties() is cached
                .withFallback(file)
                .withFallback(defaults)
                .resolve()
                .getConfig("augflow");
        AugflowConf.check(augflow);
        return augflow;
    }

    /**
     * The configuration among the JVM system properties: those under {@code augflow.}, without the
     * {@link #JVM_SWITCHES}. Everything else (java.*, spark.*, -Dfoo.bar) is not configuration.
     */
    static Config configurationProperties(Properties system) {
        Properties conf = new Properties();
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX) && !JVM_SWITCHES.contains(name)) {
                conf.setProperty(name, system.getProperty(name));
            }
        }
        return ConfigFactory.parseProperties(conf,
                ConfigParseOptions.defaults().setOriginDescription("JVM system properties"));
    }
}
