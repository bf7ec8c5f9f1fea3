package org.hepml.engine.jets.emd;

import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The EMD k-NN classifier on jets whose EMD is known: every jet is one fixed three-particle pattern shifted in
 * rapidity, and for beta = 1 the EMD between two translates of one pattern is its weight times the shift over R
 * (the 1-Wasserstein distance of translates). Background shifts are uniform on [0, 1], signal on [0.5, 1.5]: where
 * the classes overlap ([0.5, 1]) no classifier beats a coin, elsewhere the label is certain.
 */
class EmdNearestNeighboursTest {
    private static final double[] PATTERN_W = {5, 3, 2}, PATTERN_Y = {0, 0.1, 0.25}, PATTERN_PHI = {0, 0.05, -0.1};

    private static ParticleSets shifted(double[] shifts) {
        double[][][] sets = new double[shifts.length][][];
        for (int k = 0; k < shifts.length; k++) {
            double[] y = PATTERN_Y.clone();
            for (int p = 0; p < y.length; p++) y[p] += shifts[k];
            sets[k] = new double[][]{PATTERN_W, y, PATTERN_PHI};
        }
        return ParticleSets.of(sets);
    }

    private static double[] shifts(SplittableRandom rng, int[] labels) {
        double[] s = new double[labels.length];
        for (int k = 0; k < s.length; k++) {
            labels[k] = rng.nextInt(2);
            s[k] = rng.nextDouble() + 0.5 * labels[k];
        }
        return s;
    }

    @Test
    void translatesAreTheirWeightTimesTheShiftApart() {
        EnergyMoversDistance emd = new EnergyMoversDistance(0.8, 1);
        ParticleSets jets = shifted(new double[]{0.2, 0.55});
        assertThat(emd.distance(jets, 0, jets, 1)).isCloseTo(10 * 0.35 / 0.8, org.assertj.core.api.Assertions.within(1e-12));
    }

    /**
     * 600 training and 1000 test jets, k = 5. In the overlap (about 500 test jets) the truth is independent of
     * everything the classifier sees, so its correct count there is exactly binomial(n, 1/2): sd 0.022 at n = 500,
     * accept 0.5 +- 3.5 sd (false alarm 5e-4). Further than 0.05 from the overlap's edges, the 5 nearest of the 600
     * training jets (density 300 per unit shift per class) lie within ~0.01 and all share the test jet's label.
     */
    @Test
    void isRightWhereTheLabelIsCertainAndACoinWhereItIsNot() {
        SplittableRandom rng = new SplittableRandom(42);
        int[] trainLabels = new int[600], testLabels = new int[1000];
        ParticleSets training = shifted(shifts(rng, trainLabels));
        double[] testShifts = shifts(rng, testLabels);
        ParticleSets test = shifted(testShifts);
        EmdNearestNeighbours knn = new EmdNearestNeighbours(new EnergyMoversDistance(1.0, 1), 5, training, trainLabels);
        EmdNearestNeighbours.Prediction p = knn.predict(test);
        int overlap = 0, overlapRight = 0, sure = 0, sureRight = 0;
        for (int k = 0; k < testShifts.length; k++) {
            boolean right = p.predicted()[k] == testLabels[k];
            double s = testShifts[k];
            if (s > 0.5 && s < 1.0) {
                overlap++;
                if (right) overlapRight++;
            } else if (s < 0.45 || s > 1.05) {
                sure++;
                if (right) sureRight++;
            }
            assertThat(p.score()[k]).isBetween(0.0, 1.0);
        }
        double rate = (double) overlapRight / overlap, sd = Math.sqrt(0.25 / overlap);
        assertThat(rate).as("accuracy in the overlap (%d jets)", overlap).isBetween(0.5 - 3.5 * sd, 0.5 + 3.5 * sd);
        assertThat(sureRight).as("jets away from the overlap").isEqualTo(sure);
        EmdNearestNeighbours.Accuracy acc = knn.accuracy(p, testLabels);
        assertThat(acc.correct()).isEqualTo(overlapRight + sureRight + countRightNearEdges(p, testShifts, testLabels));
        assertThat(acc.standardError()).isCloseTo(Math.sqrt(acc.accuracy() * (1 - acc.accuracy()) / 1000),
                org.assertj.core.api.Assertions.within(1e-15));
        assertThat(acc.toString()).contains("5-NN accuracy");
    }

    private static int countRightNearEdges(EmdNearestNeighbours.Prediction p, double[] shifts, int[] truth) {
        int n = 0;
        for (int k = 0; k < shifts.length; k++) {
            double s = shifts[k];
            boolean edge = (s >= 0.45 && s <= 0.5) || (s >= 1.0 && s <= 1.05);
            if (edge && p.predicted()[k] == truth[k]) n++;
        }
        return n;
    }

    @Test
    void votesAndTiesFollowTheNeighbours() {
        ParticleSets training = shifted(new double[]{0, 1, 2, 3});
        EmdNearestNeighbours knn = new EmdNearestNeighbours(new EnergyMoversDistance(1, 1), 2, training, new int[]{1, 0, 0, 1});
        // distances to training jets: nearest is index 1 (label 0), second index 0 (label 1): a tie goes to the nearest
        EmdNearestNeighbours.Prediction p = knn.fromDistances(new double[][]{{0.2, 0.1, 5, 6}, {0.1, 0.2, 5, 6}});
        assertThat(p.predicted()).containsExactly(0, 1);
        assertThat(p.score()).containsExactly(0.5, 0.5);
        assertThatThrownBy(() -> new EmdNearestNeighbours(new EnergyMoversDistance(1, 1), 5, training, new int[]{1, 0, 0, 1}))
                .isInstanceOf(HepmlException.class).hasMessageContaining("only 4 training jets");
        assertThatThrownBy(() -> new EmdNearestNeighbours(new EnergyMoversDistance(1, 1), 1, training, new int[]{1, 0, 2, 1}))
                .isInstanceOf(HepmlException.class).hasMessageContaining("label 2 of training jet 2");
    }
}
