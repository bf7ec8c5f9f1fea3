package org.hepml.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FusedMlpTest {

    static List<Mlp> nets(int members, float[][] x) {
        List<Mlp> out = new ArrayList<>();
        // different standardisations per member too: each member built on its own part of the inputs
        for (int m = 0; m < members; m++) {
            out.add(Mlp.builder().hidden(12, 7).outputs(2).activation(Activation.TANH).seed(40 + m)
                    .build(java.util.Arrays.copyOfRange(x, m * 10, x.length)));
        }
        return out;
    }

    /** Member k of the stacked network computes Mlp k's outputs and input tangents on its own rows (float rounding apart). */
    @Test
    void eachMemberComputesWhatItsNetworkComputes() {
        float[][] x = TrainerTest.uniform(90, 3, -2, 2, 30);
        List<Mlp> nets = nets(3, x);
        int rows = 30;
        try (FusedMlp fused = FusedMlp.of(nets); NDManager m = NDManager.newBaseManager()) {
            float[] flat = new float[90 * 3];
            for (int i = 0; i < 90; i++) System.arraycopy(x[i], 0, flat, i * 3, 3);
            NDArray in = m.create(flat, new Shape(3, rows, 3));
            int[] selected = {2, 0};
            Mlp.WithTangents f = fused.forwardWithTangents(in, selected);
            float[] out = f.outputs().toFloatArray(), tan = f.tangents().toFloatArray(); // [3, rows, 2], [2, 3, rows, 2]
            float[] plain = fused.forward(in).toFloatArray();
            for (int k = 0; k < 3; k++) {
                NDArray own = m.create(java.util.Arrays.copyOfRange(flat, k * rows * 3, (k + 1) * rows * 3), new Shape(rows, 3));
                Mlp.WithTangents s = nets.get(k).forwardWithTangents(own, selected);
                float[] so = s.outputs().toFloatArray(), st = s.tangents().toFloatArray(); // [rows, 2], [2, rows, 2]
                for (int i = 0; i < rows * 2; i++) {
                    assertThat((double) out[k * rows * 2 + i]).isCloseTo(so[i], within(1e-6 * Math.max(1, Math.abs(so[i]))));
                    assertThat(plain[k * rows * 2 + i]).isEqualTo(out[k * rows * 2 + i]);
                }
                for (int sel = 0; sel < 2; sel++) {
                    for (int i = 0; i < rows * 2; i++) {
                        double expected = st[sel * rows * 2 + i];
                        assertThat((double) tan[(sel * 3 + k) * rows * 2 + i]).isCloseTo(expected, within(1e-6 * Math.max(1, Math.abs(expected))));
                    }
                }
            }
        } finally {
            nets.forEach(Mlp::close);
        }
    }

    /**
     * Everything a training step makes belongs to the step's manager, never to the network's (docs/DJL-NOTES.md,
     * gotcha 1: an operation's result belongs to its first operand's manager): after the first step (which keeps the
     * tangents' selection matrix) the network holds the same arrays however many steps follow.
     */
    @Test
    void trainingStepsLeaveNoArraysWithTheNetwork() {
        float[][] x = TrainerTest.uniform(90, 3, -2, 2, 31);
        List<Mlp> nets = nets(3, x);
        try (FusedMlp fused = FusedMlp.of(nets); NDManager data = NDManager.newBaseManager()) {
            NDManager own = fused.parameters().get(0).getManager();
            int[] held = new int[6];
            for (int step = 0; step < held.length; step++) {
                try (NDManager m = data.newSubManager()) {
                    NDArray in = m.create(new float[90 * 3], new Shape(3, 30, 3));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        Mlp.WithTangents f = fused.forwardWithTangents(in, new int[]{1});
                        gc.backward(f.outputs().sum().add(f.tangents().square().sum()));
                    }
                    for (NDArray p : fused.parameters()) p.getGradient().attach(m);
                }
                held[step] = own.getManagedArrays().size();
            }
            for (int step = 1; step < held.length; step++) assertThat(held[step]).as("arrays held after step %d", step + 1).isEqualTo(held[0]);
        } finally {
            nets.forEach(Mlp::close);
        }
    }
}
