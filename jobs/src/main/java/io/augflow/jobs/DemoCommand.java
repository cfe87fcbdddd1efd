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
        description = {"Run the whole pipeline on generated data: generate (a YOLO folder) -> ingest -> report -> preview ->",
            "train (with evaluation on the test split). Uses conf/demo.conf unless --conf is given."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where outputs go (augflow.work-dir, default work/).")
    Path workDir;

    @Option(names = "--images", description = "Number of generated images (default: augflow.generate.images of conf/demo.conf).")
    Integer images;

    @Override
    public Integer call() {
        if (common.confFile == null) {
            common.confFile = DemoConfig.extract();
        }
        Path dir = workDir != null ? workDir : Path.of(common.resolve(java.util.Map.of()).getString("work-dir"));
        Path landing = dir.resolve("landing-yolo");
        Path dataset = dir.resolve("dataset");
        Path model = dir.resolve("model");
        Path preview = dir.resolve("preview.png");
        String[] imagesOption = images == null ? new String[0] : new String[] {"--images", images.toString()};
        step(concat(new String[] {"generate", "--layout", "yolo", "--overwrite", "-o", landing.toString()},
                imagesOption));
        step("ingest", "--layout", "yolo", "--overwrite", "-i", landing.toString(), "-o", dataset.toString());
        step("report", "-d", dataset.toString(), "-o", dir.resolve("report").toString());
        step("preview", "-d", dataset.toString(), "-o", preview.toString(), "--samples", "6",
                "--augmentations", "5");
        step("train", "-d", dataset.toString(), "-o", model.toString());
        System.out.println("demo: done. Outputs in " + dir.toAbsolutePath().normalize() + ":");
        System.out.println("  landing-yolo/        the generated raw data (YOLO layout)");
        System.out.println("  dataset/             the ingested augflow dataset (Parquet)");
        System.out.println("  dataset_quarantine/  rows set aside by ingest, with reasons");
        System.out.println("  report/              report.html (open it in a browser) and report.json: balance before/after");
        System.out.println("  preview.png          original samples and augmentation draws, with boxes");
        System.out.println("  model/               model.zip, model.json (history, test metrics), checkpoints/");
        return 0;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
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
