package io.augflow.train.spark;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import io.augflow.augment.tensor.ToTensor;
import io.augflow.pipeline.spark.BoundedJob;
import io.augflow.pipeline.stream.DatasetShards;
import io.augflow.pipeline.stream.EpochShards;
import io.augflow.pipeline.stream.EpochStream;
import io.augflow.pipeline.stream.Shard;
import io.augflow.pipeline.stream.ShardSlice;
import io.augflow.pipeline.stream.StreamCounters;
import io.augflow.pipeline.stream.StreamTask;
import io.augflow.train.backend.TaskDevice;
import io.augflow.train.detect.DetectorInference;
import io.augflow.train.eval.ModelBytes;
import io.augflow.train.detect.eval.CocoEvaluator;
import io.augflow.train.detect.eval.CocoGroundTruth;
import io.augflow.train.detect.eval.CocoImage;
import io.augflow.train.detect.eval.CocoMetrics;
import io.augflow.train.detect.eval.Detection;
import io.augflow.train.detect.eval.GroundTruthBox;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a detector on one split, COCO-style: the executors decode each row of the split once (background images
 * too: they are where false positives show), run the {@link DetectorInference} path and return only boxes (the
 * image's true boxes and the detections, in the original image's pixels); the driver scores them with the
 * {@link CocoEvaluator}. Runs under {@code train.round-timeout}.
 */
public final class DetectionEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionEvaluator.class);

    /** What the evaluation found, with everything needed to export it as COCO JSON. */
    public record Outcome(CocoMetrics metrics, CocoGroundTruth groundTruth, List<Detection> detections) {}

    private final SparkSession spark;
    private final TrainConf conf;
    private final long seed;
    private final DetectorInference inference;

    public DetectionEvaluator(SparkSession spark, TrainConf conf, long seed, DetectorInference inference) {
        this.spark = spark;
        this.conf = conf;
        this.seed = seed;
        this.inference = inference;
    }

    /** COCO metrics of {@code split} of the dataset at {@code datasetPath}, listed in {@code train.rows-per-shard}. */
    public Outcome evaluate(Model network, String datasetPath, String split, List<String> classes) {
        return evaluate(network, DatasetShards.list(spark, datasetPath, conf.rowsPerShard()), split, classes);
    }

    /** COCO metrics of {@code split} over the listed {@code shards}; {@code classes} name the categories. */
    public Outcome evaluate(Model network, List<Shard> shards, String split, List<String> classes) {
        return BoundedJob.run(spark.sparkContext(), "detection evaluation of split '" + split + "'",
                conf.roundTimeout(), () -> run(network, shards, split, classes));
    }

    private Outcome run(Model network, List<Shard> shards, String split, List<String> classes) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // no input step in the stream: the inference path fits each image itself and maps boxes back
        EpochStream stream = EpochStream.evaluation(split, seed).forTask(StreamTask.DETECT);
        EpochShards planned = EpochShards.plan(spark, shards, stream, 0, conf.batchSizePerWorker() * 4);
        List<ImageResult> results = new ArrayList<>();
        if (planned.samples() == 0) {
            LOG.warn("split '{}' is empty: nothing to evaluate", split);
        } else {
            List<String> paths = planned.slices().stream().map(ShardSlice::encode).toList();
            int workers = conf.workers() > 0 ? conf.workers() : sc.defaultParallelism();
            int partitions = Math.min(paths.size(), Math.max(workers, sc.defaultParallelism()));
            Broadcast<byte[]> model = sc.broadcast(ModelBytes.of(network));
            boolean graph = network instanceof ComputationGraph;
            SerializableConfiguration hadoop = new SerializableConfiguration(
                    spark.sparkContext().hadoopConfiguration());
            DetectorInference path = inference;
            int batch = conf.batchSizePerWorker();
            try {
                results = sc.parallelize(paths, partitions).mapPartitions((Iterator<String> it) -> {
                    List<ImageResult> out = new ArrayList<>();
                    if (!it.hasNext()) {
                        return out.iterator();
                    }
                    TaskDevice.forCurrentTask(); // GPU executors: the task's GPU
                    Model net = ModelBytes.restore(model.value(), graph);
                    while (it.hasNext()) {
                        List<Sample> samples = stream.samples(ShardSlice.parse(it.next()), 0, hadoop.value(),
                                StreamCounters.NONE);
                        for (int from = 0; from < samples.size(); from += batch) {
                            List<Sample> chunk = samples.subList(from, Math.min(samples.size(), from + batch));
                            List<List<io.augflow.train.detect.Detection>> found = path.detect(net, chunk);
                            for (int i = 0; i < chunk.size(); i++) {
                                out.add(ImageResult.of(chunk.get(i), found.get(i)));
                            }
                        }
                        samples.forEach(s -> s.image().release());
                    }
                    return out.iterator();
                }).collect();
            } finally {
                model.destroy();
            }
        }
        return score(results, classes);
    }

    /** The driver's half: ground truth and detections in the evaluator's records, then COCO's figures. */
    static Outcome score(List<ImageResult> results, List<String> classes) {
        List<CocoImage> images = new ArrayList<>();
        List<GroundTruthBox> truth = new ArrayList<>();
        List<Detection> detections = new ArrayList<>();
        for (ImageResult r : results) {
            images.add(new CocoImage(r.id(), r.width(), r.height()));
            for (int k = 0; k < r.truth().length; k += 6) {
                float[] t = r.truth();
                truth.add(GroundTruthBox.of(r.id(), (int) t[k], t[k + 1], t[k + 2], t[k + 3], t[k + 4], t[k + 5] > 0));
            }
            for (int k = 0; k < r.found().length; k += 6) {
                float[] d = r.found();
                detections.add(new Detection(r.id(), (int) d[k], d[k + 1], d[k + 2], d[k + 3], d[k + 4], d[k + 5]));
            }
        }
        CocoGroundTruth gt = CocoGroundTruth.of(images, classes, truth);
        return new Outcome(CocoEvaluator.evaluate(gt, detections), gt, detections);
    }

    /**
     * One image's boxes, packed flat for the trip to the driver: {@code truth} holds (class, x, y, w, h, crowd) and
     * {@code found} (class, x, y, w, h, score) per box, in the original image's pixels.
     */
    record ImageResult(String id, int width, int height, float[] truth, float[] found) implements Serializable {
        static ImageResult of(Sample s, List<io.augflow.train.detect.Detection> found) {
            float[] t = new float[s.boxes().size() * 6];
            int k = 0;
            for (Box b : s.boxes()) {
                t[k++] = b.classId();
                t[k++] = b.x();
                t[k++] = b.y();
                t[k++] = b.w();
                t[k++] = b.h();
                t[k++] = b.crowd() ? 1 : 0;
            }
            float[] f = new float[found.size() * 6];
            k = 0;
            for (io.augflow.train.detect.Detection d : found) {
                f[k++] = d.box().classId();
                f[k++] = d.box().x();
                f[k++] = d.box().y();
                f[k++] = d.box().w();
                f[k++] = d.box().h();
                f[k++] = d.score();
            }
            return new ImageResult(s.id(), s.width(), s.height(), t, f);
        }
    }
}
