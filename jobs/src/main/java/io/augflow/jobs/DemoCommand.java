package io.augflow.jobs;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code augflow demo}: the main job end to end on the embedded default data, as the README's first
 * command. Each step is the same command a user would run by hand.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on generated data: generate (YOLO folder) -> ingest.")
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where outputs go (augflow.work-dir, default work/).")
    Path workDir;

    @Option(names = "--images", description = "Number of generated images.", defaultValue = "2000")
    int images;

    @Override
    public Integer call() {
        Path dir = workDir != null ? workDir : Path.of(common.resolve(java.util.Map.of()).getString("work-dir"));
        Path landing = dir.resolve("landing-yolo");
        Path dataset = dir.resolve("dataset");
        step("generate", "--layout", "yolo", "--images", Integer.toString(images), "--overwrite",
                "-o", landing.toString());
        step("ingest", "--layout", "yolo", "--overwrite", "-i", landing.toString(), "-o", dataset.toString());
        System.out.println("demo: done. Outputs in " + dir.toAbsolutePath() + ":");
        System.out.println("  landing-yolo/        the generated raw data (YOLO layout)");
        System.out.println("  dataset/             the ingested augflow dataset (Parquet)");
        System.out.println("  dataset_quarantine/  rows set aside by ingest, with reasons");
        return 0;
    }

    private int step(String... args) {
        System.out.println("demo: augflow " + String.join(" ", args));
        String[] withCommon = common.forward(args);
        int code = AugflowCli.run(withCommon);
        if (code != 0) {
            throw new IllegalStateException("demo step 'augflow " + args[0] + "' exited with " + code);
        }
        return code;
    }
}
