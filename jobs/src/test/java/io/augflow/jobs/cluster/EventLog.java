package io.augflow.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One application's Spark event log ({@code spark.eventLog.enabled}; one JSON object per line), read after the
 * application ended: which executors joined and left, and where every task attempt ran and how it ended. This is
 * the scheduler's own record, so it shows where work really ran, independent of what the job prints.
 */
final class EventLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One task attempt: its executor, and its end reason ({@code Success}, {@code ExecutorLostFailure}, ...). */
    record TaskAttempt(int stage, long taskId, String executor, String reason) {
        boolean succeeded() {
            return reason.equals("Success");
        }
    }

    private final List<JsonNode> events;

    private EventLog(List<JsonNode> events) {
        this.events = events;
    }

    /**
     * Reads the single event log in {@code dir} (still named {@code .inprogress} if the driver died); no events if
     * there is none (the driver failed before Spark started).
     */
    static EventLog read(Path dir) {
        try (var files = Files.list(dir)) {
            List<Path> logs = files.filter(Files::isRegularFile).toList();
            if (logs.isEmpty()) {
                return new EventLog(List.of());
            }
            if (logs.size() != 1) {
                throw new IllegalStateException("expected one event log in " + dir + ", found " + logs);
            }
            List<JsonNode> events = new ArrayList<>();
            List<String> lines = Files.readAllLines(logs.get(0));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                try {
                    events.add(JSON.readTree(lines.get(i)));
                } catch (IOException e) {
                    if (i < lines.size() - 1) {
                        throw e;
                    }
                    // the last line of a log whose driver was killed may be cut short
                }
            }
            return new EventLog(events);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event log in " + dir, e);
        }
    }

    Set<String> executorsAdded() {
        return executorIds("SparkListenerExecutorAdded");
    }

    Set<String> executorsRemoved() {
        return executorIds("SparkListenerExecutorRemoved");
    }

    /** Every task attempt that ended, in order. */
    List<TaskAttempt> taskAttempts() {
        List<TaskAttempt> attempts = new ArrayList<>();
        for (JsonNode e : named("SparkListenerTaskEnd")) {
            JsonNode info = e.path("Task Info");
            attempts.add(new TaskAttempt(e.path("Stage ID").asInt(), info.path("Task ID").asLong(),
                    info.path("Executor ID").asText(), e.path("Task End Reason").path("Reason").asText()));
        }
        return attempts;
    }

    /** Successful task attempts per executor id. */
    Map<String, Long> successfulTasksByExecutor() {
        Map<String, Long> counts = new TreeMap<>();
        taskAttempts().stream().filter(TaskAttempt::succeeded)
                .forEach(t -> counts.merge(t.executor(), 1L, Long::sum));
        return counts;
    }

    /** Task attempts that did not succeed. */
    List<TaskAttempt> failedTaskAttempts() {
        return taskAttempts().stream().filter(t -> !t.succeeded()).toList();
    }

    /** Result of every job, e.g. {@code JobSucceeded}, by job id. */
    Map<Integer, String> jobResults() {
        Map<Integer, String> results = new TreeMap<>();
        for (JsonNode e : named("SparkListenerJobEnd")) {
            results.put(e.path("Job ID").asInt(), e.path("Job Result").path("Result").asText());
        }
        return results;
    }

    boolean applicationEnded() {
        return !named("SparkListenerApplicationEnd").isEmpty();
    }

    private Set<String> executorIds(String event) {
        Set<String> ids = new TreeSet<>();
        named(event).forEach(e -> ids.add(e.path("Executor ID").asText()));
        return ids;
    }

    private List<JsonNode> named(String event) {
        return events.stream().filter(e -> event.equals(e.path("Event").asText())).toList();
    }
}
