package io.augflow.pipeline.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AtomicFile} on the paths every caller takes: a plain local path, a {@code file:///} URI, and a file system
 * that is not the default local one ({@link OtherFileSystem}, Hadoop's raw local file system under its own scheme,
 * standing for HDFS or S3A: the Hadoop code path). On each: a new file, a replaced one, a failure mid-write (old content
 * kept, no temporary file left), and the new file's mode.
 */
class AtomicFileTest {
    @TempDir
    Path dir;

    /** How a test names its target. */
    enum Target {
        PLAIN_PATH, FILE_URI, OTHER_FILE_SYSTEM;

        org.apache.hadoop.fs.Path of(Path local) {
            return switch (this) {
                case PLAIN_PATH -> new org.apache.hadoop.fs.Path(local.toString());
                case FILE_URI -> new org.apache.hadoop.fs.Path(URI.create("file://" + local.toAbsolutePath()));
                case OTHER_FILE_SYSTEM -> new org.apache.hadoop.fs.Path(OtherFileSystem.uri(local));
            };
        }
    }

    static Configuration hadoop() {
        Configuration conf = new Configuration();
        OtherFileSystem.register(conf);
        return conf;
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void writesANewFileCreatingItsFolder(Target how) throws IOException {
        Path file = dir.resolve("new/deeper/result.json");
        AtomicFile.replace(how.of(file), out -> out.write("{\"a\": 1}".getBytes(StandardCharsets.UTF_8)), hadoop());
        assertEquals("{\"a\": 1}", Files.readString(file));
        assertOnly(file.getParent(), "result.json");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void replacesAnExistingFile(Target how) throws IOException {
        Path file = Files.writeString(dir.resolve("report.html"), "old, and longer than the new content");
        AtomicFile.replace(how.of(file), out -> out.write("new".getBytes(StandardCharsets.UTF_8)), hadoop());
        assertEquals("new", Files.readString(file));
        assertOnly(dir, "report.html");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aFailureMidWriteKeepsTheOldFileAndLeavesNoTemporaryFile(Target how) throws IOException {
        Path file = Files.writeString(dir.resolve("retrain.json"), "old");
        org.apache.hadoop.fs.Path target = how.of(file);
        OutputWriteException e = assertThrows(OutputWriteException.class, () -> AtomicFile.replace(target, out -> {
            out.write(new byte[100_000]); // past any buffer: bytes reached the temporary file
            throw new IOException("No space left on device");
        }, hadoop()));
        assertEquals("cannot write " + target + ": No space left on device", e.getMessage());
        assertEquals("old", Files.readString(file));
        assertOnly(dir, "retrain.json");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aBugInTheWriterIsRethrownAsItIsAndCleansUpToo(Target how) throws IOException {
        Path file = Files.writeString(dir.resolve("preview.png"), "old");
        IllegalStateException bug = new IllegalStateException("a bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFile.replace(how.of(file), out -> {
            out.write(1);
            throw bug;
        }, hadoop())));
        assertEquals("old", Files.readString(file));
        assertOnly(dir, "preview.png");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aTargetUnderARegularFileFailsNamingTheTarget(Target how) throws IOException {
        Path inTheWay = Files.writeString(dir.resolve("a-file"), "not a folder");
        org.apache.hadoop.fs.Path target = how.of(inTheWay.resolve("out.json"));
        OutputWriteException e = assertThrows(OutputWriteException.class,
                () -> AtomicFile.replace(target, out -> out.write(1), hadoop()));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("a-file"), "the file system's reason names the file in the way: "
                + e.getMessage());
        assertEquals("not a folder", Files.readString(inTheWay));
        assertOnly(dir, "a-file");
    }

    /** A file Hadoop wrote with a checksum beside it is read back through Hadoop after the replacement. */
    @Test
    void aChecksumLeftByHadoopsLocalFileSystemGoesWithTheOldContent() throws IOException {
        Configuration conf = hadoop();
        LocalFileSystem local = FileSystem.getLocal(conf);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("_ingest_summary.json").toString());
        try (OutputStream out = local.create(target, true)) {
            out.write("{\"rowsIn\": 3}".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(Files.exists(dir.resolve("._ingest_summary.json.crc")), "Hadoop's local file system wrote one");
        AtomicFile.replace(target, out -> out.write("{\"rowsIn\": 7, \"more\": true}".getBytes(StandardCharsets.UTF_8)),
                conf);
        try (InputStream in = local.open(target)) {
            assertEquals("{\"rowsIn\": 7, \"more\": true}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertOnly(dir, "_ingest_summary.json");
    }

    /** Local files get the process umask's mode, as a file the user creates beside them: not createTempFile's 0600. */
    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"PLAIN_PATH", "FILE_URI"})
    void aLocalFileGetsTheModeOfAnyNewFile(Target how) throws IOException {
        assumePosix();
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path file = dir.resolve("report.json");
        AtomicFile.replace(how.of(file), out -> out.write('{'), hadoop());
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
        // a replacement is a new file too, whatever the old one's mode (or a killed run's temporary file's) was
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Path stale = Files.writeString(dir.resolve(AtomicFile.tempName("report.json")), "left by a killed run");
        Files.setPosixFilePermissions(stale, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.replace(how.of(file), out -> out.write('['), hadoop());
        assertEquals("[", Files.readString(file));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
        assertOnly(dir, "plain.txt", "report.json");
    }

    /** Elsewhere the mode follows Hadoop's umask, {@code fs.permissions.umask-mode}, as every Hadoop client's files. */
    @Test
    void aFileOnAnotherFileSystemFollowsHadoopsUmask() throws IOException {
        assumePosix();
        Configuration conf = hadoop();
        conf.set("fs.permissions.umask-mode", "027");
        Path file = dir.resolve("model.json");
        AtomicFile.replace(Target.OTHER_FILE_SYSTEM.of(file), out -> out.write('{'), conf);
        assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(file));
        conf.set("fs.permissions.umask-mode", "022");
        AtomicFile.replace(Target.OTHER_FILE_SYSTEM.of(file), out -> out.write('['), conf);
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(file));
    }

    private static void assumePosix() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
    }

    /** {@code folder} holds exactly these names: no temporary sibling, no checksum file. */
    private static void assertOnly(Path folder, String... names) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(Set.of(names), Set.copyOf(files.map(p -> p.getFileName().toString()).toList()),
                    "in " + folder);
        }
    }

    /** Hadoop's raw local file system under the scheme {@code other://}: not the default local file system. */
    public static class OtherFileSystem extends RawLocalFileSystem {
        static final String SCHEME = "other";

        static void register(Configuration conf) {
            conf.set("fs." + SCHEME + ".impl", OtherFileSystem.class.getName());
            // a cached instance would keep the configuration (and umask) of the first test that created it
            conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
        }

        static String uri(Path local) {
            return SCHEME + "://" + local.toAbsolutePath();
        }

        @Override
        public URI getUri() {
            return URI.create(SCHEME + ":///");
        }

        @Override
        public String getScheme() {
            return SCHEME;
        }
    }
}
