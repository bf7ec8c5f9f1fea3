package org.hepml.engine.sbi;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.nn.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code --ensemble K} trains the members as one fused network (nn.FusedEnsemble). An ensemble's member m must be the
 * estimator trained alone with member m's seed, to float rounding (1e-5 of quantities of order one; see
 * FusedEnsembleTest), through the estimators' own losses, tangents and validation.
 */
class EnsembleTest {
    static final double TOLERANCE = 1e-5;

    @Test
    void aRatioEnsembleIsItsMembersTrainedAlone() {
        Dataset d = new AugmentedSimulation(new GaltonBoard()).theta("uniform(-1,-0.4)").reference(-0.6).augment(true).seed(4).generate("t", 3000);
        // alices: the cross-entropy and the score term through the input tangents; a patience of 2 on few events
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withHidden(20, 20).withEpochs(8).withBatchSize(64).withPatience(2).withSeed(5));
        double[][] x = new double[21][1];
        for (int i = 0; i < x.length; i++) x[i][0] = i - 10;
        double[] theta = {-0.7};
        try (RatioEstimator ensemble = RatioEstimator.train(d, Method.ALICES, 1, o.withEnsemble(3))) {
            assertThat(ensemble.histories()).hasSize(3);
            double[][] members = ensemble.rawMemberLogRatios(x, theta);
            for (int m = 0; m < 3; m++) {
                int member = m;
                try (RatioEstimator alone = RatioEstimator.train(d, Method.ALICES, 1, o.training(t -> t.withSeed(t.seed() + 1000L * member)))) {
                    TrainingHistory hf = ensemble.histories().get(m), ha = alone.histories().get(0);
                    assertThat(hf.epochs()).as("member %d epochs", m).isEqualTo(ha.epochs());
                    assertThat(hf.bestEpoch()).as("member %d best epoch", m).isEqualTo(ha.bestEpoch());
                    for (String term : ha.termNames()) {
                        for (int e = 0; e < ha.epochs(); e++) {
                            assertThat(hf.term(term).validation().get(e)).as("member %d %s epoch %d", m, term, e + 1)
                                    .isCloseTo(ha.term(term).validation().get(e), within(TOLERANCE * Math.max(1, Math.abs(ha.term(term).validation().get(e)))));
                        }
                    }
                    double[] single = alone.rawMemberLogRatios(x, theta)[0];
                    for (int i = 0; i < x.length; i++) {
                        assertThat(members[m][i]).as("member %d, x = %s", m, x[i][0]).isCloseTo(single[i], within(TOLERANCE * Math.max(1, Math.abs(single[i]))));
                    }
                }
            }
        }
    }

    /** SALLY with --ensemble: the score is the members' mean, saved and loaded with all its networks. */
    @Test
    void aScoreEnsembleAveragesItsMembersAndRoundTrips(@TempDir Path dir) {
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs(List.of("sin2w"), 0.23122, 91.1876, 0.1);
        Dataset train = new AugmentedSimulation(ee).theta("0.23").augment(true).seed(1).generate("train", 2000);
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withHidden(10).withEpochs(3)).withEnsemble(3);
        double[][] x = new double[21][1];
        for (int i = 0; i < x.length; i++) x[i][0] = -1 + i / 10.0; // cos(theta*)
        try (ScoreEstimator sally = ScoreEstimator.train(train, o)) {
            assertThat(sally.members()).isEqualTo(3);
            assertThat(sally.histories()).hasSize(3);
            double[][][] members = sally.memberScores(x);
            double[][] mean = sally.score(x);
            for (int i = 0; i < x.length; i++) {
                assertThat(mean[i][0]).isCloseTo((members[0][i][0] + members[1][i][0] + members[2][i][0]) / 3, within(1e-12));
                // different seeds, different networks
                assertThat(members[0][i][0]).isNotEqualTo(members[1][i][0]);
            }
            try (ScoreEstimator back = ScoreEstimator.load(sally.save(dir.resolve("sally.hepml")))) {
                assertThat(back.members()).isEqualTo(3);
                assertThat(back.options()).contains(o);
                double[][] again = back.score(x);
                for (int i = 0; i < x.length; i++) assertThat(again[i][0]).isEqualTo(mean[i][0]);
            }
        }
    }
}
