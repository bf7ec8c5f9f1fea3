package org.hepml.spark;

import org.hepml.engine.TaskRunner;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.RatioEstimator;
import org.hepml.engine.sbi.ScoreEstimator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code %%train ... --ensemble K --on spark}: one Spark task per member, each trained alone with its own seed
 * (seed + 1000 m), its network sent back as model-file bytes. Member m must therefore be, bit for bit, the estimator
 * trained alone here with member m's seed: same code, same seeds, one intra-op thread on both sides, and the model
 * file stores floats exactly. Against the local ensemble, which trains its members fused into one network
 * ({@code FusedEnsemble}: the same terms summed in another order), the members agree to float rounding only:
 * {@link #FUSED_TOLERANCE}, the tolerance of FusedEnsembleTest and EnsembleTest (1e-5 relative to quantities of order
 * one, a hundred times float32's resolution, and far below a real difference: a member that saw another member's
 * batch, or missed an Adam step, is off by 1e-2 or more).
 */
class SparkEnsembleTest {
    static final double FUSED_TOLERANCE = 1e-5;
    /** One task slot: DJL trains one network at a time per JVM (docs/SPARK.md); up to 4 attempts per task. */
    static final String MASTER = "spark:local[1,4]";

    @AfterAll
    static void stopSpark() {
        SparkContexts.stop();
    }

    /** ALICES (cross-entropy plus the score term through input tangents) with early stopping on few events. */
    static EstimatorOptions ratioOptions() {
        return EstimatorOptions.of(TrainingSettings.ESTIMATOR.withHidden(20, 20).withEpochs(6).withBatchSize(64).withPatience(2).withSeed(5));
    }

    static Dataset galton() {
        return new AugmentedSimulation(new GaltonBoard()).theta("uniform(-1,-0.4)").reference(-0.6).augment(true).seed(4).generate("t", 2000);
    }

    static double[][] positions() {
        double[][] x = new double[21][1];
        for (int i = 0; i < x.length; i++) x[i][0] = i - 10;
        return x;
    }

    @Test
    void aRatioEnsembleOfFourOnSparkIsItsMembersTrainedAloneHereAndTheFusedEnsembleToRounding() {
        Dataset d = galton();
        EstimatorOptions o = ratioOptions().withEnsemble(4);
        double[][] x = positions();
        double[] theta = {-0.7};
        try (RatioEstimator spark = RatioEstimator.train(d, Method.ALICES, 1, o, TaskRunner.on(MASTER));
             RatioEstimator fused = RatioEstimator.train(d, Method.ALICES, 1, o)) {
            assertThat(spark.histories()).hasSize(4);
            double[][] there = spark.rawMemberLogRatios(x, theta), together = fused.rawMemberLogRatios(x, theta);
            for (int m = 0; m < 4; m++) {
                int member = m;
                try (RatioEstimator alone = RatioEstimator.train(d, Method.ALICES, 1, ratioOptions().training(t -> t.withSeed(t.seed() + 1000L * member)))) {
                    assertSameHistory(spark.histories().get(m), alone.histories().get(0), "member " + m);
                    assertThat(there[m]).as("member %d on Spark vs alone here", m).isEqualTo(alone.rawMemberLogRatios(x, theta)[0]);
                }
                for (int i = 0; i < x.length; i++) {
                    assertThat(there[m][i]).as("member %d vs the fused ensemble, x = %s", m, x[i][0])
                            .isCloseTo(together[m][i], within(FUSED_TOLERANCE * Math.max(1, Math.abs(together[m][i]))));
                }
            }
            // the ensemble's answer is the members' mean, as for the local one
            double[] mean = spark.logRatio(x, theta), localMean = fused.logRatio(x, theta);
            for (int i = 0; i < x.length; i++) {
                assertThat(mean[i]).isCloseTo(localMean[i], within(FUSED_TOLERANCE * Math.max(1, Math.abs(localMean[i]))));
            }
        }
    }

    @Test
    void aScoreEnsembleOnSparkIsItsMembersTrainedAloneHere() {
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs(List.of("sin2w"), 0.23122, 91.1876, 0.1);
        Dataset train = new AugmentedSimulation(ee).theta("0.23").augment(true).seed(1).generate("train", 1500);
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withHidden(10).withEpochs(3).withSeed(7));
        double[][] x = new double[21][1];
        for (int i = 0; i < x.length; i++) x[i][0] = -1 + i / 10.0; // cos(theta*)
        try (ScoreEstimator spark = ScoreEstimator.train(train, o.withEnsemble(2), TaskRunner.on(MASTER))) {
            assertThat(spark.members()).isEqualTo(2);
            double[][][] members = spark.memberScores(x);
            for (int m = 0; m < 2; m++) {
                int member = m;
                try (ScoreEstimator alone = ScoreEstimator.train(train, o.training(t -> t.withSeed(t.seed() + 1000L * member)))) {
                    assertSameHistory(spark.histories().get(m), alone.histories().get(0), "member " + m);
                    assertThat(members[m]).as("member %d on Spark vs alone here", m).isDeepEqualTo(alone.memberScores(x)[0]);
                }
            }
        }
    }

    /** Same epochs, best epoch and every loss value: the same training, not one that happens to end close. */
    static void assertSameHistory(TrainingHistory there, TrainingHistory here, String what) {
        assertThat(there.bestEpoch()).as(what + " best epoch").isEqualTo(here.bestEpoch());
        assertThat(there.trainLoss()).as(what + " training loss").isEqualTo(here.trainLoss());
        assertThat(there.validationLoss()).as(what + " validation loss").isEqualTo(here.validationLoss());
    }
}
