package io.augflow.train.predict;

import io.augflow.train.detect.ScoredBox;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The columns of a prediction run. One internal row format ({@link #RESULT}) carries a prediction or a quarantine
 * verdict; the outputs select from it:
 * <pre>
 * classification  id, source, predicted (class name), predicted_index, score (its probability),
 *                 top_k array&lt;struct&lt;class, index, probability&gt;&gt; (most probable first)
 * detection       id, source, width, height (the original image's pixels),
 *                 boxes array&lt;struct&lt;class, class_id, x, y, w, h, score&gt;&gt;
 *                 (top-left + size, original pixels, best first)
 * quarantine      id, source, reason, detail
 * </pre>
 */
public final class PredictionRows {
    public static final String ID = "id";
    public static final String SOURCE = "source";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String PREDICTED = "predicted";
    public static final String PREDICTED_INDEX = "predicted_index";
    public static final String SCORE = "score";
    public static final String TOP_K = "top_k";
    public static final String BOXES = "boxes";
    public static final String REASON = "reason";
    public static final String DETAIL = "detail";

    public static final StructType TOP_CLASS = new StructType()
            .add("class", DataTypes.StringType, false)
            .add("index", DataTypes.IntegerType, false)
            .add("probability", DataTypes.FloatType, false);

    public static final StructType BOX = new StructType()
            .add("class", DataTypes.StringType, false)
            .add("class_id", DataTypes.IntegerType, false)
            .add("x", DataTypes.FloatType, false)
            .add("y", DataTypes.FloatType, false)
            .add("w", DataTypes.FloatType, false)
            .add("h", DataTypes.FloatType, false)
            .add("score", DataTypes.FloatType, false);

    /** Every row of a run, predicted (reason null) or quarantined (reason set, no prediction). */
    public static final StructType RESULT = new StructType()
            .add(ID, DataTypes.StringType, false)
            .add(SOURCE, DataTypes.StringType, false)
            .add(WIDTH, DataTypes.IntegerType, true)
            .add(HEIGHT, DataTypes.IntegerType, true)
            .add(PREDICTED, DataTypes.StringType, true)
            .add(PREDICTED_INDEX, DataTypes.IntegerType, true)
            .add(SCORE, DataTypes.FloatType, true)
            .add(TOP_K, DataTypes.createArrayType(TOP_CLASS, false), true)
            .add(BOXES, DataTypes.createArrayType(BOX, false), true)
            .add(REASON, DataTypes.StringType, true)
            .add(DETAIL, DataTypes.StringType, true);

    /** The columns of a classifier's predictions. */
    public static final List<String> CLASSIFICATION = List.of(ID, SOURCE, PREDICTED, PREDICTED_INDEX, SCORE, TOP_K);
    /** The columns of a detector's predictions. */
    public static final List<String> DETECTION = List.of(ID, SOURCE, WIDTH, HEIGHT, BOXES);
    /** The columns of the quarantine (as ingest writes it). */
    public static final List<String> QUARANTINE = List.of(ID, SOURCE, REASON, DETAIL);

    private PredictionRows() {}

    public static Row classified(String id, String source, int width, int height, ClassPrediction p,
            List<String> classes) {
        int[] top = p.classes();
        float[] probabilities = p.probabilities();
        List<Row> topK = new ArrayList<>(top.length);
        for (int i = 0; i < top.length; i++) {
            topK.add(new GenericRowWithSchema(new Object[] {classes.get(top[i]), top[i], probabilities[i]}, TOP_CLASS));
        }
        return new GenericRowWithSchema(new Object[] {id, source, width, height, classes.get(p.predicted()),
            p.predicted(), p.score(), JavaConverters.asScalaBuffer(topK), null, null, null}, RESULT);
    }

    public static Row detected(String id, String source, int width, int height, List<ScoredBox> found,
            List<String> classes) {
        List<Row> boxes = new ArrayList<>(found.size());
        for (ScoredBox d : found) {
            boxes.add(new GenericRowWithSchema(new Object[] {classes.get(d.classId()), d.classId(), d.box().x(),
                d.box().y(), d.box().w(), d.box().h(), d.score()}, BOX));
        }
        return new GenericRowWithSchema(new Object[] {id, source, width, height, null, null, null, null,
            JavaConverters.asScalaBuffer(boxes), null, null}, RESULT);
    }

    public static Row quarantined(String id, String source, String reason, String detail) {
        return new GenericRowWithSchema(new Object[] {id, source, null, null, null, null, null, null, null, reason,
            detail}, RESULT);
    }
}
