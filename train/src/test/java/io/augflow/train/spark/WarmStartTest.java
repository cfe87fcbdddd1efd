package io.augflow.train.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.DataException;
import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelFactory;
import io.augflow.train.model.ModelSpec;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Warm start without Spark: what is checked, and that exactly the saved parameters arrive. */
class WarmStartTest {
    private static final List<String> CLASSES = List.of("circle", "square");
    private static final InputShape INPUT = new InputShape(1, 28, 28);

    @TempDir
    Path dir;

    private static ModelSpec spec(String modelHocon, int classes) {
        return ModelFactory.build(ModelConf.parse(modelHocon), INPUT, classes, new Adam(1e-3), new LossMCXENT());
    }

    /** A saved model.zip (weights from seed 7) with a model.json describing it, as training writes them. */
    private TrainedModel saved(ModelSpec spec, String architecture, List<String> classes) throws Exception {
        Path zip = dir.resolve(SparkTrainer.MODEL_FILE);
        Model net = (Model) spec.newNetwork();
        try (OutputStream out = Files.newOutputStream(zip)) {
            ModelSerializer.writeModel(net, out, true);
        }
        Files.writeString(dir.resolve(SparkTrainer.RESULT_FILE), "{\"architecture\": \"" + architecture
                + "\", \"classes\": [\"" + String.join("\", \"", classes) + "\"], \"input\": [1, 28, 28],"
                + " \"provenance\": {\"config\": \"train { epochs = 5, mean = [0.4], std = [0.2] }\"}}");
        return TrainedModel.read(zip.toString(), new Configuration());
    }

    @Test
    void copiesEveryParameterOfTheSavedModelIntoTheConfiguredNetwork() throws Exception {
        ModelSpec trained = spec("seed = 7, model { architecture = lenet5, batch-norm = true }", 2);
        TrainedModel from = saved(trained, "lenet5", CLASSES);
        ModelSpec configured = spec("seed = 99, model { architecture = lenet5, batch-norm = true }", 2);
        Model fresh = (Model) configured.newNetwork();
        Model original = from.load(new Configuration()).network();
        assertNotEquals(original.params(), fresh.params(), "other seeds draw other initial weights");

        DistributedNetwork started = WarmStart.from(from, configured, "lenet5", CLASSES, new Configuration());
        assertEquals(original.params(), started.network().params());
        assertEquals(original.paramTable().keySet(), started.network().paramTable().keySet());
    }

    @Test
    void readsArchitectureClassesInputAndTheTrainingConfiguration() throws Exception {
        TrainedModel from = saved(spec("model { architecture = lenet5 }", 2), "lenet5", CLASSES);
        assertEquals("lenet5", from.architecture());
        assertEquals(CLASSES, from.classes());
        assertEquals(List.of(1, 28, 28), java.util.Arrays.stream(from.input()).boxed().toList());
        TrainConf current = TrainConf.parse("train { epochs = 2 }");
        TrainConf own = from.trainConf(current);
        assertEquals(0.4, own.mean()[0], "evaluated with the normalisation it was trained with");
        TrainedModel bare = new TrainedModel(from.modelPath(), "lenet5", CLASSES, from.input(),
                io.augflow.augment.transform.geometric.ResizePolicy.RESIZE, Optional.empty());
        assertEquals(current, bare.trainConf(current));
    }

    @Test
    void changedClassesAreRefusedNamingBothListsAndTheWayOut() throws Exception {
        TrainedModel from = saved(spec("model { architecture = lenet5 }", 2), "lenet5", CLASSES);
        List<String> now = List.of("circle", "square", "star");
        String message = assertThrows(IllegalArgumentException.class, () -> WarmStart.from(from,
                spec("model { architecture = lenet5 }", 3), "lenet5", now, new Configuration())).getMessage();
        assertTrue(message.contains("the classes changed (model [circle, square], dataset [circle, square, star])"),
                message);
        assertTrue(message.contains("train from scratch"), message);
    }

    @Test
    void anotherArchitectureOrLayerLayoutIsRefused() throws Exception {
        TrainedModel from = saved(spec("model { architecture = lenet5, batch-norm = true }", 2), "lenet5", CLASSES);
        String architecture = assertThrows(IllegalArgumentException.class, () -> WarmStart.from(from,
                spec("model { architecture = lenet5 }", 2), "vgg-small", CLASSES, new Configuration())).getMessage();
        assertTrue(architecture.contains("the model is a lenet5 but model.architecture is vgg-small"), architecture);

        String layers = assertThrows(IllegalArgumentException.class, () -> WarmStart.from(from,
                spec("model { architecture = lenet5, batch-norm = false }", 2), "lenet5", CLASSES,
                new Configuration())).getMessage();
        assertTrue(layers.contains("differ from the configured network's"), layers);
    }

    @Test
    void aModelWithoutItsTrainingResultIsRefused() throws Exception {
        Path zip = Files.writeString(dir.resolve("model.zip"), "zip");
        String message = assertThrows(DataException.class,
                () -> TrainedModel.read(zip.toString(), new Configuration())).getMessage();
        assertTrue(message.contains("has no model.json beside it"), message);
    }
}
