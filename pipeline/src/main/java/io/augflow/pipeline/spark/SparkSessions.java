package io.augflow.pipeline.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the session from the {@code augflow.spark} block. Under spark-submit, {@code spark.master} and
 * every {@code --conf} are already in the JVM's system properties and win; the block only fills the gaps,
 * so the same jar runs on {@code local[*]}, standalone, YARN or Kubernetes.
 */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession getOrCreate(Config sparkBlock, String jobName) {
        return getOrCreate(sparkBlock, jobName, UnaryOperator.identity());
    }

    /** @param customize last word on the SparkConf (e.g. the training backend's executor settings) */
    public static SparkSession getOrCreate(Config sparkBlock, String jobName, UnaryOperator<SparkConf> customize) {
        SparkConf conf = new SparkConf(); // loads spark.* system properties set by spark-submit
        if (!conf.contains("spark.master")) {
            conf.setMaster(sparkBlock.getString("master"));
        }
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(sparkBlock.getString("app-name") + " " + jobName);
        }
        if (sparkBlock.hasPath("conf")) {
            for (Map.Entry<String, ConfigValue> e : sparkBlock.getConfig("conf").entrySet()) {
                String key = e.getKey().replace("\"", "");
                if (!conf.contains(key)) {
                    conf.set(key, String.valueOf(e.getValue().unwrapped()));
                }
            }
        }
        return SparkSession.builder().config(customize.apply(conf)).getOrCreate();
    }
}
