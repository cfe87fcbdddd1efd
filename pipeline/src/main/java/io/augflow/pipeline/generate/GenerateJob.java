package io.augflow.pipeline.generate;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.synthetic.SyntheticConf;
import io.augflow.augment.synthetic.SyntheticDataset;
import io.augflow.pipeline.dataset.AtomicOutput;
import io.augflow.pipeline.dataset.DatasetMetadata;
import io.augflow.pipeline.dataset.DatasetSchema;
import io.augflow.pipeline.dataset.SampleRows;
import io.augflow.pipeline.output.OutputWriteException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws the synthetic dataset on executors (each partition a range of image indices) and writes it.
 * Only image indices travel from the driver; images never do.
 */
public final class GenerateJob {
    private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);

    private GenerateJob() {}

    /** What was written. */
    public record GenerateSummary(String output, String layout, long images, int[] imagesPerClass,
            List<String> classes) {}

    public static GenerateSummary run(SparkSession spark, SyntheticConf conf, GenerateLayout layout, String output,
            int partitions, boolean overwrite) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        AtomicOutput target = new AtomicOutput(output, overwrite, hadoop);
        target.checkTarget();
        SyntheticDataset dataset = new SyntheticDataset(conf);
        List<Integer> indices = IntStream.range(0, conf.images()).boxed().toList();
        JavaRDD<Integer> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(indices, Math.max(1, Math.min(partitions, conf.images())));
        LOG.info("generating {} images ({}x{}x{}, {} classes, imbalance {}) as {} into {}", conf.images(), conf.width(),
                conf.height(), conf.channels(), conf.classes(), conf.imbalanceRatio(), layout, output);
        try {
            switch (layout) {
                case DATASET -> writeDataset(spark, conf, rdd, target.temp(), hadoop);
                case YOLO -> writeYolo(conf, rdd, target.temp(), hadoop, dataset.classNames());
            }
            target.commit();
        } catch (Exception e) { // Spark's SparkException is checked to Java, and not declared
            try {
                target.abort();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw OutputWriteException.wrap(target.target().toString(), e);
        }
        int[] counts = SyntheticDataset.classCounts(conf);
        LOG.info("wrote {} images to {}", conf.images(), output);
        return new GenerateSummary(output, layout.name().toLowerCase(Locale.ROOT), conf.images(), counts,
                dataset.classNames());
    }

    private static void writeDataset(SparkSession spark, SyntheticConf conf, JavaRDD<Integer> indices, String output,
            Configuration hadoop) {
        JavaRDD<Row> rows = indices.mapPartitions(it -> {
            OpenCv.load();
            SyntheticDataset data = new SyntheticDataset(conf);
            return map(it, i -> toRow(data, i));
        });
        spark.createDataFrame(rows, DatasetSchema.SCHEMA).write().parquet(output);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("generator", "augflow generate");
        provenance.put("config", conf.toString());
        provenance.put("images", conf.images());
        provenance.put("created", java.time.Instant.now().toString());
        DatasetMetadata.of(new SyntheticDataset(conf).classNames(), provenance).write(output, hadoop);
    }

    private static Row toRow(SyntheticDataset data, int index) {
        Sample s = data.generate(index);
        return SampleRows.toRow(s.id(), SampleRows.encodePng(s.image()), s.width(), s.height(), s.channels(),
                s.label().isPresent() ? s.label().getAsInt() : null, s.boxes(), data.splitOf(index),
                "synthetic#" + index);
    }

    private static void writeYolo(SyntheticConf conf, JavaRDD<Integer> indices, String output,
            Configuration hadoop, List<String> classes) {
        SerializableConfiguration shipped = new SerializableConfiguration(hadoop);
        long written = indices.mapPartitions(it -> {
            OpenCv.load();
            SyntheticDataset data = new SyntheticDataset(conf);
            FileSystem fs = rawFileSystem(output, shipped.value());
            return map(it, i -> {
                Sample s = data.generate(i);
                String split = data.splitOf(i);
                write(fs, new Path(output, "images/" + split + "/" + s.id() + ".png"), SampleRows.encodePng(s.image()));
                write(fs, new Path(output, "labels/" + split + "/" + s.id() + ".txt"),
                        yoloLabels(s).getBytes(StandardCharsets.UTF_8));
                return 1;
            });
        }).count();
        FileSystem fs = rawFileSystem(output, hadoop);
        write(fs, new Path(output, "classes.txt"), (String.join("\n", classes) + "\n").getBytes(StandardCharsets.UTF_8));
        LOG.info("wrote {} YOLO images and labels", written);
    }

    /** YOLO labels: one {@code class cx cy w h} line per box, normalised to [0, 1]. */
    static String yoloLabels(Sample s) {
        StringBuilder sb = new StringBuilder();
        for (Box b : s.boxes()) {
            sb.append(String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f%n", b.classId(),
                    (b.x() + b.w() / 2) / s.width(), (b.y() + b.h() / 2) / s.height(),
                    b.w() / s.width(), b.h() / s.height()));
        }
        return sb.toString();
    }

    private static void write(FileSystem fs, Path path, byte[] bytes) {
        try (OutputStream out = fs.create(path, true)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /**
     * On a local disk, the file system without Hadoop's {@code .crc} side files: a landing folder is
     * edited by other tools, and a stale checksum would make the edited image unreadable to Hadoop.
     */
    private static FileSystem rawFileSystem(String output, Configuration hadoop) {
        try {
            FileSystem fs = new Path(output).getFileSystem(hadoop);
            return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
        } catch (IOException e) {
            throw new UncheckedIOException("no filesystem for " + output, e);
        }
    }

    private interface IndexFunction<T> extends java.io.Serializable {
        T apply(int index);
    }

    private static <T> Iterator<T> map(Iterator<Integer> it, IndexFunction<T> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return f.apply(it.next());
            }
        };
    }
}
