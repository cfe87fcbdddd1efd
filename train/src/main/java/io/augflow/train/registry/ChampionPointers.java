package io.augflow.train.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only champion pointer history, {@code <root>/champion/000001.json, 000002.json, ...}. A file is
 * never changed or removed: the newest readable one is the champion, and a rollback is one more file. Each
 * is created exclusively ({@link ExclusiveFiles}), so two concurrent appenders cannot both take a number;
 * the loser re-reads the history and tries the next one.
 *
 * <p>Rollback undoes promotions like a stack: replaying the history, a promotion pushes its version and a
 * rollback pops back to the version it names. Rolling back from the stack's top goes to the nearest entry
 * below it naming a different version; with none left, there is nothing to roll back to.
 */
final class ChampionPointers {
    private static final Logger LOG = LoggerFactory.getLogger(ChampionPointers.class);
    private static final Pattern NAME = Pattern.compile("(\\d{6,})\\.json");
    private static final int MAX_ATTEMPTS = 100;

    private final ExclusiveFiles files;
    private final Path dir;

    ChampionPointers(ExclusiveFiles files, Path dir) {
        this.files = files;
        this.dir = dir;
    }

    /** Every readable pointer, oldest first. */
    List<ChampionPointer> history() {
        return read(pointerFiles());
    }

    private List<ChampionPointer> read(List<Path> listed) {
        List<ChampionPointer> pointers = new ArrayList<>();
        for (Path p : listed) {
            try {
                pointers.add(RegistryJson.read(files.read(p), ChampionPointer.class));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("champion pointer {} is unreadable and ignored: {}", p, e.toString());
            }
        }
        return pointers;
    }

    /** The version the newest readable pointer names. */
    Optional<Integer> current() {
        List<ChampionPointer> h = history();
        return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1).version());
    }

    /**
     * Each attempt works from ONE listing: the pointer it supersedes and the number it takes come from the same
     * snapshot, so when another appender got in first, the exclusive create of that number fails and the attempt
     * is redone on the new state (the history stays a chain: every pointer names the one before it).
     */
    ChampionPointer promote(int version, String reason, String root) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<Path> listed = pointerFiles();
            List<ChampionPointer> h = read(listed);
            Optional<Integer> current = h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1).version());
            if (current.isPresent() && current.get() == version) {
                throw new ChampionUnchangedException(ModelVersion.label(version) + " is already the champion of " + root);
            }
            ChampionPointer next = new ChampionPointer(nextSequence(listed), version, current.orElse(null),
                    ChampionPointer.Kind.PROMOTE, reason, Instant.now());
            if (append(next)) {
                return next;
            }
        }
        throw contended(root);
    }

    ChampionPointer rollback(String reason, String root) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<Path> listed = pointerFiles();
            Deque<Integer> stack = replay(read(listed));
            if (stack.isEmpty()) {
                throw new ChampionUnchangedException("nothing to roll back in " + root + ": no version was ever promoted");
            }
            int current = stack.pop();
            while (!stack.isEmpty() && stack.peek() == current) {
                stack.pop();
            }
            if (stack.isEmpty()) {
                throw new ChampionUnchangedException("nothing to roll back to in " + root + ": "
                        + ModelVersion.label(current) + " is the champion and no earlier champion is left"
                        + " (earlier promotions were already rolled back)");
            }
            ChampionPointer next = new ChampionPointer(nextSequence(listed), stack.peek(), current,
                    ChampionPointer.Kind.ROLLBACK, reason, Instant.now());
            if (append(next)) {
                return next;
            }
        }
        throw contended(root);
    }

    /** The champions still to roll back to, top = current: promotions push, rollbacks pop to their version. */
    static Deque<Integer> replay(List<ChampionPointer> history) {
        Deque<Integer> stack = new ArrayDeque<>();
        for (ChampionPointer p : history) {
            if (p.kind() == ChampionPointer.Kind.ROLLBACK) {
                while (!stack.isEmpty() && stack.peek() != p.version()) {
                    stack.pop();
                }
                if (stack.isEmpty()) {
                    stack.push(p.version()); // a history cut by unreadable files: keep what it says
                }
            } else {
                stack.push(p.version());
            }
        }
        return stack;
    }

    private boolean append(ChampionPointer pointer) {
        Path file = new Path(dir, String.format("%06d.json", pointer.sequence()));
        try {
            return files.createNew(file, RegistryJson.write(pointer));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the champion pointer " + file, e);
        }
    }

    /** One past the highest listed pointer file name, readable or not, so a number is never reused. */
    private static int nextSequence(List<Path> all) {
        return all.isEmpty() ? 1 : sequence(all.get(all.size() - 1)) + 1;
    }

    private List<Path> pointerFiles() {
        try {
            if (!files.fs().exists(dir)) {
                return List.of();
            }
            List<Path> found = new ArrayList<>();
            for (FileStatus s : files.fs().listStatus(dir)) {
                if (s.isFile() && NAME.matcher(s.getPath().getName()).matches()) {
                    found.add(s.getPath());
                }
            }
            found.sort(Comparator.comparingInt(ChampionPointers::sequence));
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the champion pointers in " + dir, e);
        }
    }

    private static int sequence(Path p) {
        Matcher m = NAME.matcher(p.getName());
        if (!m.matches()) {
            throw new IllegalStateException("not a champion pointer file: " + p);
        }
        return Integer.parseInt(m.group(1));
    }

    private IllegalStateException contended(String root) {
        return new IllegalStateException("could not append a champion pointer in " + root + " after " + MAX_ATTEMPTS
                + " attempts: other processes keep moving it; take the registry lock first");
    }
}
