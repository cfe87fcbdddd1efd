package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;
import io.augflow.augment.OpenCv;
import io.augflow.pipeline.dataset.SampleRows;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IDX pairs as shipped by MNIST and Fashion-MNIST ({@code <prefix>-images-idx3-ubyte[.gz]} with
 * {@code <prefix>-labels-idx1-ubyte[.gz]}). Headers are checked on the driver; each pair is then streamed by one
 * executor task (gzip cannot be split), which encodes every image as PNG, and the rows are repartitioned so
 * validation and writing spread over the cluster.
 *
 * <p>Split from the prefix: {@code t10k}/{@code test} -> test, {@code train} -> train, {@code val} -> val, else
 * as for any row whose layout names no split ({@code split} fractions, or {@code default-split}). Classes: the
 * {@code classes} option, else Fashion-MNIST's ten names when the folder or file names say "fashion", else
 * "0".."9". Ids: {@code <name>/<prefix>/<index, 5 digits>}; source
 * {@code <images file>#<index>}.
 */
public final class IdxImporter implements Importer {
    private static final Logger LOG = LoggerFactory.getLogger(IdxImporter.class);
    static final Pattern IMAGES = Pattern.compile("(.+?)-images[.-]idx3-ubyte(\\.gz)?");
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    @Override
    public ImportedCandidates load(SparkSession spark, IngestConf conf) {
        List<IdxFiles> pairs = pairs(spark, conf);
        boolean fashion = (conf.input() + pairs.stream().map(IdxFiles::images).toList())
                .toLowerCase(Locale.ROOT).contains("fashion");
        List<String> classes = !conf.classes().isEmpty() ? conf.classes() : fashion ? FASHION_MNIST_CLASSES : DIGITS;
        for (IdxFiles p : pairs) {
            LOG.info("idx {}: {} images of {}x{} -> {}", p.images(), p.count(), p.cols(), p.rows(),
                    p.split() != null ? "split " + p.split() : ImageFolderImporter.describe(conf));
        }
        SerializableConfiguration hadoop = new SerializableConfiguration(InputFiles.hadoop(spark));
        String name = conf.datasetName();
        SplitAssigner unsplit = conf.unsplitRows();
        FlatMapFunction<IdxFiles, Row> read = pair -> new IdxRows(pair, name, unsplit, hadoop);
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(pairs, pairs.size()).flatMap(read);
        int partitions = conf.partitions() > 0 ? conf.partitions()
                : Math.max(spark.sparkContext().defaultParallelism(), pairs.size());
        Dataset<Row> candidates = spark.createDataFrame(rows, Candidate.SCHEMA).repartition(partitions);
        return new ImportedCandidates(candidates, classes, IngestLayout.IDX);
    }

    private static List<IdxFiles> pairs(SparkSession spark, IngestConf conf) {
        List<IdxFiles> pairs = new ArrayList<>();
        List<String> names = InputFiles.children(spark, conf.input()).stream().filter(FileStatus::isFile)
                .map(s -> s.getPath().getName()).toList();
        for (String file : names) {
            Matcher m = IMAGES.matcher(file);
            if (!m.matches()) {
                continue;
            }
            String prefix = m.group(1);
            String labels = names.stream().filter(n -> n.matches(Pattern.quote(prefix) + "-labels[.-]idx1-ubyte(\\.gz)?"))
                    .findFirst().orElseThrow(() -> new DataException(
                            "idx input " + conf.input() + " has " + file + " but no " + prefix + "-labels-idx1-ubyte[.gz]"));
            pairs.add(IdxFiles.inspect(conf.input() + "/" + file, conf.input() + "/" + labels, prefix,
                    splitOf(prefix), InputFiles.hadoop(spark)));
        }
        if (pairs.isEmpty()) {
            throw new DataException("idx input " + conf.input()
                    + " has no <prefix>-images-idx3-ubyte[.gz] file; found " + names);
        }
        return pairs;
    }

    /** The split a file prefix names, or null when it names none (each row's split is then drawn). */
    static String splitOf(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        if (p.contains("t10k") || p.contains("test")) {
            return "test";
        }
        if (p.contains("val")) {
            return "val";
        }
        return p.contains("train") ? "train" : null;
    }

    /**
     * Streams one pair lazily (one image in memory at a time). A file that ends early yields UNDECODABLE rows for
     * the images its header promised but did not hold, so the counts still add up.
     */
    private static final class IdxRows implements Iterator<Row> {
        private final IdxFiles pair;
        private final String name;
        private final SplitAssigner unsplit;
        private final DataInputStream images;
        private final DataInputStream labels;
        private final byte[] pixels;
        private final Mat mat;
        private int next;
        private String failure;

        IdxRows(IdxFiles pair, String name, SplitAssigner unsplit, SerializableConfiguration hadoop) throws IOException {
            OpenCv.load();
            this.pair = pair;
            this.name = name;
            this.unsplit = unsplit;
            this.images = IdxFiles.open(pair.images(), hadoop.value());
            this.labels = IdxFiles.open(pair.labels(), hadoop.value());
            images.skipNBytes(16);
            labels.skipNBytes(8);
            this.pixels = new byte[pair.rows() * pair.cols()];
            this.mat = new Mat(pair.rows(), pair.cols(), CvType.CV_8UC1);
        }

        @Override
        public boolean hasNext() {
            if (next < pair.count()) {
                return true;
            }
            close();
            return false;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int index = next++;
            String id = String.format(Locale.ROOT, "%s/%s/%05d", name, pair.prefix(), index);
            String source = pair.images() + "#" + index;
            RowSplit split = pair.split() != null ? RowSplit.fromLayout(pair.split()) : unsplit.of(id);
            if (failure == null) {
                try {
                    images.readFully(pixels);
                    int label = labels.readUnsignedByte();
                    mat.put(0, 0, pixels);
                    return Candidate.of(id, source, split, label, List.of(), RawBox.Units.PIXELS_XYWH,
                            SampleRows.encodePng(mat), index).toRow();
                } catch (EOFException e) {
                    failure = "IDX file ends before image " + index + " of the " + pair.count() + " its header promises";
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + pair.images() + " at image " + index, e);
                }
            }
            return Candidate.rejected(id, source, split, QuarantineReason.UNDECODABLE, failure).toRow();
        }

        private void close() {
            try {
                images.close();
                labels.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            mat.release();
        }
    }
}
