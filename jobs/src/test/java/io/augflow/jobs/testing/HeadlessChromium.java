package io.augflow.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as every HTML report test runs it: a fresh profile per call (no state between
 * tests), no network, its own console on stderr (where a page's uncaught script error shows), a virtual time budget
 * so the page's scripts finish, and a bound of 120 s so a stuck browser fails the test instead of hanging it.
 */
public final class HeadlessChromium {
    public static final Path BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    /** What Chromium printed: the dumped DOM (for {@code --dump-dom}) and its console log. */
    public record Output(String stdout, String stderr) {}

    /** Runs Chromium with {@code args} (e.g. {@code --dump-dom URL}, {@code --screenshot=PNG URL}), files in
     * {@code workDir}; fails the test when Chromium is missing, times out or exits non-zero. */
    public static Output run(Path workDir, String... args) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is missing: the page test needs Debian's chromium (apt-get install chromium)");
        }
        Path profile = Files.createTempDirectory(workDir, "chromium");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=5000"));
        cmd.addAll(List.of(args));
        Path stdout = workDir.resolve(profile.getFileName() + ".out");
        Path stderr = workDir.resolve(profile.getFileName() + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s: " + cmd);
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium failed: " + err);
        return new Output(Files.readString(stdout, StandardCharsets.UTF_8), err);
    }

    /** The page's DOM after its scripts ran. */
    public static String dumpDom(Path workDir, Path html) throws Exception {
        return run(workDir, "--dump-dom", html.toUri().toString()).stdout();
    }
}
