package io.augflow.train.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.train.model.Architecture;
import io.augflow.train.model.InputShape;
import io.augflow.train.model.ModelConf;
import io.augflow.train.model.ModelFactory;
import io.augflow.train.model.ModelSpec;
import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class ModelSummaryTest {

    private static ModelSpec spec(String model, InputShape input, int classes) {
        // a detector needs its head (classifiers ignore it): the default stride and anchors
        return ModelFactory.build(ModelConf.parse("model { " + model + " }"), input, classes, new Sgd(0.1),
                new LossMCXENT(), io.augflow.train.detect.YoloHead.defaults());
    }

    private static ModelSpec lenet5() {
        return spec("architecture = lenet5, batch-norm = false", new InputShape(1, 28, 28), 10);
    }

    @Test
    void lenet5ParameterCountIsTheNetworks() {
        ModelSpec spec = lenet5();
        MultiLayerNetwork net = (MultiLayerNetwork) spec.newNetwork();
        ModelSummary s = ModelSummary.of(spec);
        assertEquals(net.numParams(), s.totalParameters());
        for (int i = 0; i < net.getnLayers(); i++) {
            assertEquals(net.getLayer(i).numParams(), s.layers().get(i).parameters(), s.layers().get(i).name());
        }
        assertEquals(s, ModelSummary.of(net, spec.input().inputType()));
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void everyArchitecturesParameterCountIsTheNetworksWithAndWithoutBatchNorm(Architecture a) {
        for (boolean bn : new boolean[] {true, false}) {
            ModelSpec spec = spec("architecture = " + a.key() + ", batch-norm = " + bn + ", base-filters = 4,"
                    + " stages = 2", new InputShape(3, 32, 32), 5);
            long numParams = spec.newNetwork().params().length();
            assertEquals(numParams, ModelSummary.of(spec).totalParameters(), a + " batch-norm " + bn);
        }
    }

    @Test
    void convolutionAndDenseMacsFollowTheFormula() {
        ModelSummary s = ModelSummary.of(lenet5());
        List<LayerSummary> rows = s.layers();
        for (int i = 0; i < rows.size(); i++) {
            LayerSummary l = rows.get(i);
            long inChannels = i == 0 ? 1 : rows.get(i - 1).outputShape().get(0);
            if (l.type().equals("ConvolutionLayer")) {
                List<Long> o = l.outputShape();
                // Hout * Wout * Cout * (kH * kW * Cin), kernel 5x5 in LeNet-5
                assertEquals(o.get(1) * o.get(2) * o.get(0) * 5 * 5 * inChannels, l.macs(), l.name());
            }
            long elements = l.outputShape().stream().reduce(1L, (a, b) -> a * b);
            assertEquals(4 * elements, l.activationBytes(), l.name());
        }
        // conv1 on 28x28: 24x24 outputs, 20 filters of 5x5x1
        assertEquals(24 * 24 * 20 * 25, s.layer("conv1").macs());
        assertEquals(800L * 500, s.layer("dense").macs());
        assertEquals(0, s.layer("pool1").macs());
        assertEquals(s.layers().stream().mapToLong(LayerSummary::macs).sum(), s.totalMacs());
    }

    @Test
    void lenet5ReceptiveFieldsByHand() {
        ModelSummary s = ModelSummary.of(lenet5());
        // r' = r + (k - 1) * j, j' = j * s, starting from r = 1, j = 1 at the input:
        // conv1 5x5 s1: r = 1 + 4 * 1 = 5,  j = 1
        // pool1 2x2 s2: r = 5 + 1 * 1 = 6,  j = 2
        // conv2 5x5 s1: r = 6 + 4 * 2 = 14, j = 2   (the 5 + (5 - 1) * 2 = 13 of conv-on-conv, plus 1 from the pool)
        // pool2 2x2 s2: r = 14 + 1 * 2 = 16, j = 4
        assertRf(s.layer("conv1"), 5, 1);
        assertRf(s.layer("pool1"), 6, 2);
        assertRf(s.layer("conv2"), 14, 2);
        assertRf(s.layer("pool2"), 16, 4);
        // dense sees all 4x4 pool2 outputs: 16 + (4 - 1) * 4 = 28, the whole image
        assertRf(s.layer("dense"), 28, 4);
    }

    private static void assertRf(LayerSummary l, long rf, long jump) {
        assertEquals(List.of(rf, rf, jump, jump), List.of(l.rfHeight(), l.rfWidth(), l.jumpHeight(), l.jumpWidth()),
                l.name());
    }

    @Test
    void depthwiseAndPointwiseMacsInMobileNet() {
        ModelSummary s = ModelSummary.of(spec("architecture = mobilenet-small, base-filters = 4, stages = 2",
                new InputShape(3, 16, 16), 3));
        LayerSummary dw = s.layer("block1_dw");
        assertEquals("DepthwiseConvolution2D", dw.type());
        List<Long> o = dw.outputShape();
        assertEquals(List.of(4L, 8L, 8L), o);
        // Hout * Wout * C * 3 * 3 (one 3x3 filter per channel)
        assertEquals(8 * 8 * 4 * 9, dw.macs());
        // 1x1 pointwise: Hout * Wout * Cout * Cin
        assertEquals(8 * 8 * 8 * 4, s.layer("block1_pw").macs());
        // stride 2 depthwise: jump doubles
        assertEquals(2 * s.layer("block0_pw").jumpHeight(), dw.jumpHeight());
    }

    @Test
    void resNetAddVertexMergesBranchesWithoutParametersOrMacs() {
        ModelSummary s = ModelSummary.of(spec("architecture = resnet-small, base-filters = 4, stages = 2",
                new InputShape(1, 16, 16), 3));
        LayerSummary add = s.layer("block1_add");
        assertEquals("ElementWiseVertex(Add)", add.type());
        assertEquals(List.of("block1_b_bn", "block1_proj_bn"), add.inputs());
        assertEquals(0, add.parameters());
        assertEquals(0, add.macs());
        // the residual branch (two 3x3) sees more than the 1x1 projection; the sum sees the larger
        assertEquals(s.layer("block1_b_bn").rfHeight(), add.rfHeight());
        assertTrue(add.rfHeight() > s.layer("block1_proj_bn").rfHeight());
        // identity shortcut in block 0 (same channels, stride 1)
        assertEquals(List.of("block0_b_bn", "stem_relu"), s.layer("block0_add").inputs());
        // topological order: every layer comes after its inputs
        List<String> names = s.layers().stream().map(LayerSummary::name).toList();
        for (LayerSummary l : s.layers()) {
            for (String in : l.inputs()) {
                assertTrue(in.equals("input") || names.indexOf(in) < names.indexOf(l.name()), l.name() + " <- " + in);
            }
        }
    }

    @Test
    void jsonAndTableCarryEveryLayerAndTheTotals() throws IOException {
        ModelSummary s = ModelSummary.of(lenet5());
        JsonNode doc = new ObjectMapper().readTree(s.toJson());
        assertEquals("1x28x28", doc.get("input").asText());
        assertEquals(s.layers().size(), doc.get("layers").size());
        assertEquals(s.totalParameters(), doc.get("totalParameters").asLong());
        assertEquals(s.totalMacs(), doc.get("totalMacs").asLong());
        assertEquals("conv2", doc.get("layers").get(2).get("name").asText());
        assertEquals(14, doc.get("layers").get(2).get("rfHeight").asLong());

        String table = s.toString();
        for (LayerSummary l : s.layers()) {
            assertTrue(table.contains(l.name()), l.name());
        }
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "%,d", s.totalParameters())), table);
        assertTrue(table.contains("14x14 (2)"), table);
    }
}
