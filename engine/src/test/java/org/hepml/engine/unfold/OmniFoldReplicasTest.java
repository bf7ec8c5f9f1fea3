package org.hepml.engine.unfold;

import org.hepml.engine.TaskRunner;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.nn.TrainingSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replicas of an unfolding (other classifier seeds, bootstrap samples of the data) run in step, their classifiers
 * fused per step, against the same replicas run one after another: each replica's weights after the last iteration
 * must agree per event to float rounding. The toy has lost events and fakes, so the averaging reweighters are fused
 * too, and the classifiers warm-start over two iterations, so Adam's state is carried between fused fits. The fused
 * and separate runs group float sums differently (batched products, per-member reductions), so they agree to rounding
 * amplified over a few hundred training steps, not bit for bit (about 1e-7 here): the tolerance, 1e-5 relative, is far
 * below the replicas' differences from each other and from the nominal run (checked: above 1e-4; they are of order
 * one), which is what a replica trained on another replica's weights or seed, or missing a step, would show.
 */
class OmniFoldReplicasTest {
    static final double TOLERANCE = 1e-5;

    @Test
    void replicasInStepMatchReplicasRunOneAfterAnother() {
        Dataset sim = new GaussianToy().efficiency(0.8).fakes(0.1, 0, 1.5).seed(1).generate("sim", 1500);
        Dataset data = new GaussianToy().mu(0.2).sigma(0.8).efficiency(0.8).fakes(0.1, 0, 1.5).seed(2).generate("data", 1500);
        PairedSimulation paired = Unfolding.pairedSimulation(sim, List.of("x.gen"), List.of("x.reco"));
        MeasuredData measured = Unfolding.measuredData(data, List.of("x.reco"));
        assertThat(paired.lost()).isNotEmpty();
        assertThat(paired.fakes()).isNotEmpty();
        TrainingSettings t = TrainingSettings.UNFOLDING.withHidden(16, 16).withEpochs(3).withBatchSize(128);
        BootstrapReplicas.Configured configured = k -> new OmniFold().iterations(2)
                .reweighters(new ClassifierReweighter(t.withSeed(5 + 10L * k)), new ClassifierReweighter(t.withSeed(6 + 10L * k)));
        Unfolding.Replicas replicas = new Unfolding.Replicas(1, 2, 3);
        BootstrapReplicas inStep = BootstrapReplicas.run(configured, paired, measured, replicas, TaskRunner.LOCAL, true);
        BootstrapReplicas separate = BootstrapReplicas.run(configured, paired, measured, replicas, TaskRunner.LOCAL, false);
        assertThat(inStep.stopped()).isNull();
        List<double[]> a = all(inStep), b = all(separate);
        assertThat(a).hasSize(3);
        assertThat(b).hasSize(3);
        for (int r = 0; r < a.size(); r++) {
            assertThat(maxDifference(a.get(r), b.get(r))).as("replica %d: in step against one after another", r + 1).isLessThan(TOLERANCE);
        }
        // the replicas differ from each other and from the nominal run far more: a mix-up would show
        double[] nominal = inStep.nominal().finalWeights();
        for (int r = 0; r < a.size(); r++) {
            assertThat(maxDifference(a.get(r), nominal)).as("replica %d against the nominal run", r + 1).isGreaterThan(10 * TOLERANCE);
            for (int q = r + 1; q < a.size(); q++) assertThat(maxDifference(a.get(r), a.get(q))).as("replicas %d and %d", r + 1, q + 1).isGreaterThan(10 * TOLERANCE);
        }
    }

    private static List<double[]> all(BootstrapReplicas runs) {
        List<double[]> out = new ArrayList<>(runs.seeds());
        out.addAll(runs.bootstrap());
        return out;
    }

    /** The largest per-event difference relative to the larger of the weight and 1 (weights are of order one). */
    private static double maxDifference(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
        return worst;
    }
}
