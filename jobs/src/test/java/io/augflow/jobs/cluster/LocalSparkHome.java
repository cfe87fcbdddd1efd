package io.augflow.jobs.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A SPARK_HOME without a Spark distribution: what Spark's launcher needs to start executor JVMs on a
 * {@code local-cluster} master. That is an empty {@code RELEASE} file (so {@code jars/} is taken as a distribution's),
 * {@code jars/} holding Spark's runtime jars (symbolic links into the Maven repository) and {@code conf/} with the
 * cluster's {@code log4j2.properties}; the environment must also say {@code SPARK_SCALA_VERSION=2.12}.
 *
 * <p>Each spark-submit gets its own home ({@link #newHome(Path)}): the workers put every executor's working directory
 * (its copy of the application jar, its stdout and stderr) under {@code SPARK_HOME/work}. The homes share one
 * {@code jars/} and {@code conf/} through links.
 */
final class LocalSparkHome {
    static final String LOG_CONFIG_RESOURCE = "cluster-it/log4j2.properties";

    private final Path jars;
    private final Path conf;

    private LocalSparkHome(Path jars, Path conf) {
        this.jars = jars;
        this.conf = conf;
    }

    /**
     * Links every jar listed in {@code classpathFiles} (Maven {@code dependency:build-classpath} outputs) into
     * {@code dir/jars}, and writes {@code dir/conf/log4j2.properties}.
     *
     * @throws IllegalStateException if a listed file is missing or a list is empty
     */
    static LocalSparkHome prepare(Path dir, List<Path> classpathFiles) {
        try {
            Path jars = recreate(dir.resolve("jars"));
            Set<Path> seen = new LinkedHashSet<>();
            for (Path list : classpathFiles) {
                if (!Files.isRegularFile(list)) {
                    throw new IllegalStateException("missing class path list " + list + " (written by"
                            + " maven-dependency-plugin in pre-integration-test: run through `mvn verify`)");
                }
                String text = Files.readString(list).trim();
                if (text.isEmpty()) {
                    throw new IllegalStateException("class path list " + list + " is empty");
                }
                for (String entry : text.split(java.io.File.pathSeparator)) {
                    Path jar = Path.of(entry.trim());
                    if (!Files.isRegularFile(jar)) {
                        throw new IllegalStateException(list + " names " + jar + ", which does not exist");
                    }
                    if (seen.add(jar)) {
                        Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
                    }
                }
            }
            Path conf = recreate(dir.resolve("conf"));
            try (InputStream in = LocalSparkHome.class.getClassLoader().getResourceAsStream(LOG_CONFIG_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("test resource " + LOG_CONFIG_RESOURCE + " not found");
                }
                Files.copy(in, conf.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
            }
            return new LocalSparkHome(jars, conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a SPARK_HOME in " + dir, e);
        }
    }

    /** A fresh SPARK_HOME at {@code runDir/spark-home} sharing this one's jars and conf. */
    Path newHome(Path runDir) {
        try {
            Path home = Files.createDirectories(runDir.resolve("spark-home"));
            Files.writeString(home.resolve("RELEASE"), "");
            Files.createSymbolicLink(home.resolve("jars"), jars);
            Files.createSymbolicLink(home.resolve("conf"), conf);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a SPARK_HOME under " + runDir, e);
        }
    }

    /** The number of jars on Spark's class path. */
    int jarCount() {
        try (var files = Files.list(jars)) {
            return (int) files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path recreate(Path dir) throws IOException {
        if (Files.exists(dir)) {
            List<Path> old = new ArrayList<>();
            try (var files = Files.walk(dir)) {
                files.forEach(old::add);
            }
            for (int i = old.size() - 1; i >= 0; i--) {
                Files.delete(old.get(i));
            }
        }
        return Files.createDirectories(dir);
    }
}
