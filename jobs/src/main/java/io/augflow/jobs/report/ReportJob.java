package io.augflow.jobs.report;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.augflow.jobs.report.ReportModel.Provenance;
import io.augflow.pipeline.dataset.CorruptFilePolicy;
import io.augflow.pipeline.dataset.DatasetFiles;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetReader;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.output.AtomicFile;
import io.augflow.pipeline.plan.EpochClassCounts;
import io.augflow.pipeline.plan.PlanConf;
import io.augflow.pipeline.plan.SamplingPlan;
import io.augflow.pipeline.plan.SamplingPlanner;
import io.augflow.pipeline.stats.DatasetStatistics;
import io.augflow.pipeline.stats.DatasetStats;
import io.augflow.pipeline.stats.ImageProfile;
import io.augflow.pipeline.stats.StatsConf;
import io.augflow.train.model.InputChoice;
import io.augflow.train.model.ModelConf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The report end to end: statistics of the dataset ({@code stats} block), the plan fitted on them
 * ({@code balance} block), one epoch of the plan counted per class, the sample grid, then
 * {@code report.json} and {@code report.html}. Spark runs a few narrow jobs over the label and box
 * columns; only per-class counts and the grid's few rows reach the driver.
 */
public final class ReportJob {
    public static final String JSON_FILE = "report.json";
    public static final String HTML_FILE = "report.html";
    /** The epoch whose counts the "after" figures show. */
    public static final int EPOCH = 0;

    /**
     * What a report is made with.
     *
     * @param configHash SHA-256 of the resolved configuration ({@link #configHash})
     * @param seed {@code augflow.seed}: picks the grid's rows and seeds its augmentation draws
     */
    public record Settings(StatsConf stats, PlanConf plan, ReportConf report, String configHash, long seed,
            CorruptFilePolicy onCorruptFile, ModelConf model, Optional<int[]> pipelineOutputSize) {

        /**
         * Settings that stop on a corrupt Parquet file (the default policy) and show the network input the default
         * model block would choose.
         */
        public Settings(StatsConf stats, PlanConf plan, ReportConf report, String configHash, long seed) {
            this(stats, plan, report, configHash, seed, CorruptFilePolicy.FAIL, ModelConf.DEFAULT, Optional.empty());
        }
    }

    private final Settings settings;
    private final SampleGridSource grid;

    public ReportJob(Settings settings, SampleGridSource grid) {
        this.settings = settings;
        this.grid = grid;
    }

    /** The report of the dataset in {@code datasetDir}, made now. */
    public ReportModel build(SparkSession spark, String datasetDir, Instant createdAt) {
        DatasetMetadata metadata = DatasetReader.readMetadata(spark, datasetDir);
        DatasetFiles files = DatasetReader.open(spark, datasetDir, settings.onCorruptFile());
        Dataset<Row> all = DatasetReader.read(spark, files);
        DatasetStats stats = DatasetStatistics.ofDataset(spark, files, settings.stats());
        SamplingPlan plan = SamplingPlanner.fit(stats, settings.plan());
        Dataset<Row> counted = all.filter(col(DatasetSchema.SPLIT).isin(settings.stats().splits().toArray()));
        EpochClassCounts epoch = EpochClassCounts.of(counted, plan, EPOCH);
        var request = new SampleGridSource.Request(settings.report().samples(), settings.seed(),
                settings.stats().smallArea(), metadata.classes());
        Provenance provenance = new Provenance(datasetDir, all.count(), settings.configHash(), settings.seed(),
                createdAt.toString(), augflowVersion(), files.skipped());
        return ReportModelBuilder.build(provenance, stats, settings.plan(), plan, epoch, metadata.classes(),
                settings.report(), grid.tiles(counted, request), imageSizes(all));
    }

    /** The train split's sizes and the input training would choose for them (none without train rows). */
    private ReportModel.ImageSizes imageSizes(Dataset<Row> all) {
        ImageProfile train = ImageProfile.bySplit(all).getOrDefault("train", ImageProfile.EMPTY);
        if (train.images() == 0) {
            return new ReportModel.ImageSizes(train, "", "", "no training images");
        }
        InputChoice choice = InputChoice.choose(settings.model(), train, settings.pipelineOutputSize());
        return new ReportModel.ImageSizes(train, choice.fit().size().toString(), choice.fit().policy().key(),
                choice.reason());
    }

    /**
     * Writes {@code report.json} and {@code report.html} into {@code outputDir} (created if needed), each replacing an
     * earlier one as a whole, with the mode any new file of the user gets.
     */
    public static List<Path> write(ReportModel model, Path outputDir) {
        Configuration hadoop = new Configuration();
        Path json = replace(outputDir.resolve(JSON_FILE), model.toJson(), hadoop);
        Path html = replace(outputDir.resolve(HTML_FILE), ReportHtml.render(model), hadoop);
        return List.of(html, json);
    }

    private static Path replace(Path target, String content, Configuration hadoop) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        AtomicFile.replace(new org.apache.hadoop.fs.Path(target.toAbsolutePath().toUri()), out -> out.write(bytes),
                hadoop);
        return target;
    }

    /** SHA-256 (hex) of the configuration rendered as concise JSON, whose keys HOCON renders sorted. */
    public static String configHash(Config conf) {
        try {
            byte[] rendered = conf.root().render(ConfigRenderOptions.concise()).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rendered));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** The jar's Implementation-Version, or "development build" when run from classes. */
    public static String augflowVersion() {
        String v = ReportJob.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
