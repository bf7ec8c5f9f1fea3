package org.hepml.spark;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.OmniFoldOptions;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.nn.TrainingSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Same seeds, same numbers: an OmniFold whose replicas run as Spark tasks (local mode, two task slots) gives the
 * same weight columns, bit for bit, as one after another in this JVM. Each replica is one task that trains with the
 * engine exactly as the local loop does (same seeds from the replica's index, same Poisson counts drawn on the driver
 * in replica order, one intra-op thread), so there is no tolerance: any difference is a bug.
 */
class SparkOmniFoldTest {

    @AfterAll
    static void stopSpark() {
        SparkContexts.stop();
    }

    /** A small Gaussian toy unfolding: small networks and few epochs, the test is about where replicas run, not physics. */
    static OmniFoldOptions options(int bootstrap, int seeds, String on) {
        OmniFoldOptions o = new OmniFoldOptions();
        o.training = TrainingSettings.UNFOLDING.withHidden(16, 16).withEpochs(3).withBatchSize(500).withLearningRate(5e-3).withSeed(11);
        o.iterations = 2;
        o.bootstrap = bootstrap;
        o.seeds = seeds;
        o.on = on;
        return o;
    }

    static Hep toy(int events) {
        Hep hep = new Hep(new Workspace());
        Workspace w = hep.workspace();
        w.put("sim", new GaussianToy().mu(0).sigma(1).seed(1).generate("sim", events));
        w.put("data", new GaussianToy().mu(0.2).sigma(0.8).seed(2).generate("data", events));
        return hep;
    }

    /**
     * The same weights to float rounding: on one machine the replicas train in step (their classifiers fused per step,
     * {@code OmniFold.runTogether}), on Spark each replica is one task trained on its own; the two agree to float
     * rounding (OmniFoldReplicasTest), not bit for bit. The nominal run and the columns' order agree exactly.
     */
    static void assertSameColumns(Dataset here, Dataset there) {
        assertThat(there.columnNames()).isEqualTo(here.columnNames());
        for (String c : here.columnNames()) {
            double[] a = here.column(c), b = there.column(c);
            assertThat(b).as(c).hasSameSizeAs(a);
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).as("%s[%d]", c, i).isCloseTo(a[i], org.assertj.core.api.Assertions.within(1e-5 * Math.max(1, Math.abs(a[i]))));
            }
        }
        assertThat(there.column("weight")).as("the nominal run").isEqualTo(here.column("weight"));
    }

    /** In local mode one task slot: DJL trains one network at a time per JVM (LocalhostCluster says why). */
    @Test
    void eightBootstrapReplicasAndASeedOnSparkLocalModeEqualTheLocalRun() {
        Hep hep = toy(2000);
        Dataset here = hep.omnifold("sim", "data", "x.gen", "x.reco", options(8, 2, null), "here");
        Dataset there = hep.omnifold("sim", "data", "x.gen", "x.reco", options(8, 2, "spark:local[1,4]"), "there");
        assertThat(here.columnNames()).contains("weight.boot8", "weight.seed2");
        assertSameColumns(here, there);
        assertThat(there.metadata()).containsEntry("replicas ran on", "Spark local[1,4]");
    }
}
