package io.augflow.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/gpu-discovery.sh against a fake {@code nvidia-smi}: the JSON Spark expects, and a clear failure otherwise.
 * The PATH holds only the fake, so a real driver on the test machine cannot leak in.
 */
class GpuDiscoveryScriptTest {
    private static final Path SCRIPT = Path.of("..", "conf", "gpu-discovery.sh").toAbsolutePath().normalize();
    private static final String BASH = "/bin/bash";

    @TempDir
    Path bin;

    private record Run(int exit, String stdout, String stderr) {
    }

    /** Installs {@code nvidia-smi} printing {@code output} and exiting with {@code exit}. */
    private void fakeNvidiaSmi(String output, int exit) throws IOException {
        Path fake = bin.resolve("nvidia-smi");
        Files.writeString(fake, "#!/bin/sh\nprintf '" + output + "'\nexit " + exit + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run discover() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(BASH, SCRIPT.toString());
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script hangs");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void isExecutable() {
        assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " must be executable: Spark runs it directly");
    }

    @Test
    void listsEveryGpuIndexAsSparkResourceJson() throws Exception {
        fakeNvidiaSmi("0\\n1\\n", 0);
        Run r = discover();
        assertEquals(0, r.exit(), r.stderr());
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertEquals("gpu", json.get("name").asText());
        List<String> addresses = new ArrayList<>();
        json.get("addresses").forEach(a -> {
            assertTrue(a.isTextual(), "Spark wants addresses as strings: " + r.stdout());
            addresses.add(a.asText());
        });
        assertEquals(List.of("0", "1"), addresses);
        assertEquals(2, json.size(), "only name and addresses: " + r.stdout());
    }

    @Test
    void toleratesSpacesAndBlankLines() throws Exception {
        fakeNvidiaSmi(" 3 \\n\\n7\\n", 0);
        Run r = discover();
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("{\"name\": \"gpu\", \"addresses\": [\"3\",\"7\"]}\n", r.stdout());
    }

    @Test
    void failsClearlyWithoutNvidiaSmi() throws Exception {
        Run r = discover();
        assertEquals(1, r.exit());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("nvidia-smi not found on PATH"), r.stderr());
    }

    @Test
    void failsWhenNvidiaSmiFails() throws Exception {
        fakeNvidiaSmi("NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.\\n", 9);
        Run r = discover();
        assertEquals(1, r.exit());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("nvidia-smi --query-gpu=index"), r.stderr());
    }

    @Test
    void failsOnOutputThatIsNotAnIndex() throws Exception {
        fakeNvidiaSmi("No devices were found\\n", 0);
        Run r = discover();
        assertEquals(1, r.exit());
        assertTrue(r.stderr().contains("'No devices were found' where a GPU index was expected"), r.stderr());
    }

    @Test
    void failsWhenNoGpuIsListed() throws Exception {
        fakeNvidiaSmi("", 0);
        Run r = discover();
        assertEquals(1, r.exit());
        assertTrue(r.stderr().contains("lists no GPU"), r.stderr());
    }
}
