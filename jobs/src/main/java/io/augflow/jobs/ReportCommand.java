package io.augflow.jobs;

import com.typesafe.config.Config;
import io.augflow.augment.OpenCv;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.train.model.ModelConf;
import io.augflow.jobs.report.OriginalSamplesGrid;
import io.augflow.jobs.report.ReportConf;
import io.augflow.jobs.report.ReportJob;
import io.augflow.jobs.report.ReportModel;
import io.augflow.pipeline.dataset.CorruptFilePolicy;
import io.augflow.pipeline.output.OutputPreflight;
import io.augflow.pipeline.plan.PlanConf;
import io.augflow.pipeline.spark.SparkSessions;
import io.augflow.pipeline.stats.StatsConf;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code augflow report}: a dataset's balance before and after the plan, as HTML and JSON. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write report.html (self-contained, opens offline) and report.json for a dataset: class"
                + " histogram before and after the balance plan, object sizes per class, small-object share,"
                + " imbalance, effective numbers, warnings and sample images.",
            "Reads the augflow.stats, augflow.balance and augflow.report blocks."})
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-d", "--dataset"}, required = true, paramLabel = "PATH", description = "The dataset folder.")
    String dataset;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Folder for report.html and report.json (created; existing reports are replaced).")
    Path output;

    @Option(names = "--log-scale", description = "Class histogram on a log axis (augflow.report.log-scale).")
    boolean logScale;

    @Override
    public Integer call() {
        Map<String, Object> o = new LinkedHashMap<>();
        if (logScale) {
            o.put("augflow.report.log-scale", true);
        }
        Config conf = common.resolve(o);
        OpenCv.load();
        var settings = new ReportJob.Settings(StatsConf.from(conf.getConfig("stats")),
                PlanConf.fromRoot(conf), ReportConf.from(conf.getConfig("report")),
                ReportJob.configHash(conf), io.augflow.augment.conf.ConfBlock.rootSeed(conf), CorruptFilePolicy.fromRoot(conf),
                ModelConf.fromRoot(conf), AugmentConf.fromRoot(conf).compose().fixedOutputSize());
        OutputPreflight.checkWritableFolder(output.toAbsolutePath().toString(), new Configuration());
        var spark = SparkSessions.getOrCreate(conf.getConfig("spark"), "report");
        ReportModel model = new ReportJob(settings, new OriginalSamplesGrid()).build(spark, dataset, Instant.now());
        List<Path> files = ReportJob.write(model, output);
        System.out.printf("report of %s: %d rows counted, %d classes, imbalance %.2f -> %.2f (%s), %d warnings%n",
                dataset, model.totals().images(), model.classes().size(), model.totals().imbalanceBefore(),
                model.totals().imbalanceAfter(), model.plan().strategy(), model.warnings().size());
        model.warnings().forEach(w -> System.out.println("  warning: " + w.message()));
        files.forEach(f -> System.out.println("  " + f));
        return 0;
    }
}
