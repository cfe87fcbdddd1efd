package io.augflow.jobs;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code augflow demo}: the main job end to end on the embedded default data, as the README's first
 * command. Each step is the same command a user would run by hand. With conf/demo.conf it trains a detector on
 * the generated YOLO folder and ends with its test AP, AP50 and AP_small and where the COCO JSON pair is.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline on generated data: generate (a YOLO folder) -> ingest -> report -> preview ->",
            "train (a detector, evaluated on the test split: COCO AP). Uses conf/demo.conf unless --conf is given."})
public final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where outputs go (augflow.work-dir, default work/).")
    Path workDir;

    @Option(names = "--images", description = "Number of generated images (default: augflow.generate.images of conf/demo.conf).")
    Integer images;

    @Override
    public Integer call() {
        if (common.confFile == null) {
            common.confFile = DemoConfig.extract();
        }
        Config conf = common.resolve(java.util.Map.of());
        Path dir = workDir != null ? workDir : Path.of(conf.getString("work-dir"));
        Path landing = dir.resolve("landing-yolo");
        Path dataset = dir.resolve("dataset");
        Path model = dir.resolve("model");
        Path preview = dir.resolve("preview.png");
        String[] imagesOption = images == null ? new String[0] : new String[] {"--images", images.toString()};
        List<String[]> steps = List.of(
                concat(new String[] {"generate", "--layout", "yolo", "--overwrite", "-o", landing.toString()},
                        imagesOption),
                new String[] {"ingest", "--layout", "yolo", "--overwrite", "-i", landing.toString(), "-o",
                    dataset.toString()},
                new String[] {"report", "-d", dataset.toString(), "-o", dir.resolve("report").toString()},
                new String[] {"preview", "-d", dataset.toString(), "-o", preview.toString(), "--samples", "6",
                    "--augmentations", "5"},
                new String[] {"train", "-d", dataset.toString(), "-o", model.toString()});
        for (String[] step : steps) {
            int code = step(step);
            if (code != ExitCodes.OK) {
                // the step printed its own message; its exit code says what kind of failure it was
                spec.commandLine().getErr().println("augflow demo: stopped at 'augflow " + step[0] + "' (exit code "
                        + code + ")");
                return code;
            }
        }
        DemoOutcome.lines(model, conf.getString("train.test-split")).forEach(System.out::println);
        System.out.println("demo: done. Outputs in " + dir.toAbsolutePath().normalize() + ":");
        System.out.println("  landing-yolo/        the generated raw data (YOLO layout)");
        System.out.println("  dataset/             the ingested augflow dataset (Parquet)");
        System.out.println("  dataset_quarantine/  rows set aside by ingest, with reasons");
        System.out.println("  report/              report.html (open it in a browser) and report.json: balance before/after");
        System.out.println("  preview.png          original samples and augmentation draws, with boxes");
        System.out.println("  model/               model.zip, model.json (history, anchors, test metrics: testDetection),");
        System.out.println("                       coco/ (the test split as COCO JSON), checkpoints/");
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
        if (AugflowCli.verbose(spec.root().commandLine().getParseResult())) {
            withCommon = concat(withCommon, new String[] {"--verbose"});
        }
        return AugflowCli.run(withCommon);
    }
}
