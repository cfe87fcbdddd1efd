package io.augflow.jobs;

import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.jobs.preview.PngOutput;
import io.augflow.jobs.preview.PreviewConf;
import io.augflow.jobs.preview.PreviewJob;
import io.augflow.train.model.ModelConf;
import io.augflow.pipeline.dataset.CorruptFilePolicy;
import io.augflow.pipeline.spark.SparkSessions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code augflow preview}: one PNG of N samples by M augmentation draws of the {@code augment} pipeline. A small
 * driver-side job (see {@link PreviewJob}).
 */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Draw one PNG grid: N samples of a dataset by M draws of the augment pipeline, boxes in class"
                + " colours, copy-pasted objects dashed and marked *.", "Look at it before you train."})
public final class PreviewCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "PATH", description = "An augflow dataset.")
    String dataset;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.png",
            description = "The picture to write (replaced if it exists).")
    String output;

    @Option(names = "--samples", paramLabel = "N", description = "Rows of the grid (augflow.preview.samples, 8).")
    Integer samples;

    @Option(names = "--augmentations", paramLabel = "M",
            description = "Augmented columns after the original (augflow.preview.augmentations, 6).")
    Integer augmentations;

    @Option(names = "--split", description = "train, val or test (augflow.preview.split, train).")
    String split;

    @Option(names = "--seed", description = "The run's seed (augflow.seed, 42), as training uses it.")
    Long seed;

    @Option(names = "--epoch", description = "The epoch whose draws are shown (augflow.preview.epoch, 0).")
    Integer epoch;

    @Option(names = "--cell", paramLabel = "PX", description = "Side of a cell in pixels (augflow.preview.cell, 160).")
    Integer cell;

    /** The resolved configuration with this command's options on top ({@code --seed} is {@code augflow.seed}). */
    Config resolve() {
        Map<String, Object> o = new LinkedHashMap<>();
        GenerateCommand.putIfSet(o, "augflow.preview.samples", samples);
        GenerateCommand.putIfSet(o, "augflow.preview.augmentations", augmentations);
        GenerateCommand.putIfSet(o, "augflow.preview.split", split);
        GenerateCommand.putIfSet(o, "augflow.preview.epoch", epoch);
        GenerateCommand.putIfSet(o, "augflow.preview.cell", cell);
        GenerateCommand.putIfSet(o, "augflow.seed", seed);
        return common.resolve(o);
    }

    @Override
    public Integer call() {
        Config conf = resolve();
        PreviewConf preview = PreviewConf.from(conf.getConfig(PreviewConf.PATH));
        AugmentConf augment = AugmentConf.fromRoot(conf);
        Path target = PngOutput.check(output);
        OpenCv.load();
        var s = PreviewJob.run(SparkSessions.getOrCreate(conf.getConfig("spark"), "preview"), dataset, target,
                preview, augment, ModelConf.fromRoot(conf), CorruptFilePolicy.fromRoot(conf));
        System.out.printf("preview: %d samples x (original + %d draws), %dx%d px, pipeline %s, %d donors%n"
                + "network input %s%n%s%n", s.ids().size(), preview.augmentations(), s.width(), s.height(), s.pipeline(),
                s.donors(), s.input().describe(), s.output());
        if (s.skippedFiles() > 0) {
            System.out.printf("preview: %d corrupt Parquet files left out (%s = skip; see the WARNING above)%n",
                    s.skippedFiles(), "augflow." + CorruptFilePolicy.KEY);
        }
        return 0;
    }
}
