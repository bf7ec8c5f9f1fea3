package org.hepml.engine.anomaly;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.DijetResonance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DisCo and the ABCD closure on the dijet toy, where the background's jet masses and tau21 drift with m_jj, as a
 * statistical statement over R = 12 independent repetitions ({@link AbcdClosure}: each its own 10,000 labelled training
 * events and network seed, 20,000 background events fixing the cut that keeps 10%, 40,000 background events counted, so
 * N_A ~ 1,200 and one unit of statistical pull is ~ 3.6% of N_A). The network sees the features decorrelated from m_jj
 * ({@link DisCo#decorrelation}, fitted on each repetition's own 200,000 simulated background events) and is trained with
 * the penalty. Asked, with the statistical error alone:
 * <ul>
 * <li>the pull is centred: |mean| < 3 standard errors (sd / sqrt(R));</li>
 * <li>the pulls have unit width: sd within 3 / sqrt(2 (R - 1)) = 0.64 of 1.</li>
 * </ul>
 * The width is what failed before: with the raw features each network keeps a tail correlation of its own, learnt from
 * its training sample's fluctuations, N_pred / N_A off by ~ 8% rms (measured on seeds the test does not use: 11% on
 * 400,000 events per network), which at this closure size makes the statistical pulls' sd 2-3 (measured 3.1 and 2.1
 * over 16 repetitions each; docs/ANOMALY.md). Decorrelated inputs close without the penalty as well (measured, 64
 * repetitions).
 * Without the penalty and without the decorrelation the prediction falls ~ 26% short: over 4 repetitions the mean
 * statistical pull must be below -3, and its held-out dCor^2(score, m_jj) must be the larger.
 */
class DisCoTest {
    static final List<String> FEATURES = List.of("x.mj1", "x.mj2", "x.tau21_j1", "x.tau21_j2");

    @Test
    void withDecorrelatedInputsAbcdClosesWithinItsStatisticalErrorWithoutEitherNot() {
        AbcdClosure.Result with = new AbcdClosure().lambda(DisCo.DEFAULT_LAMBDA).decorrelate(200_000).events(10_000, 20_000, 40_000)
                .training(DisCo.DEFAULT.withEpochs(8)).repetitions(12).seed(11).run();
        AbcdClosure.Result without = new AbcdClosure().lambda(0).events(10_000, 20_000, 40_000)
                .training(DisCo.DEFAULT.withEpochs(8)).repetitions(4).seed(11).run();
        System.out.println(with.summary() + "\n  pulls " + java.util.Arrays.toString(with.pulls()));
        System.out.println(without.summary() + "\n  pulls " + java.util.Arrays.toString(without.pulls()));
        assertThat(with.decorrelated()).isTrue();
        assertThat(Math.abs(with.meanPull())).as("|mean statistical pull|, decorrelated inputs and the penalty").isLessThan(3 * with.meanStandardError());
        assertThat(with.sdPull()).as("sd of the statistical pulls, decorrelated inputs and the penalty")
                .isBetween(1 - 3 * with.sdStandardError(), 1 + 3 * with.sdStandardError());
        assertThat(without.meanPull()).as("mean statistical pull with neither the decorrelation nor the penalty").isLessThan(-3);
        assertThat(with.meanHeldOutDistanceCorrelation()).as("held-out dCor^2(score, m_jj)").isLessThan(without.meanHeldOutDistanceCorrelation());
        assertThat(AbcdClosure.figure(List.of(without, with)).panels()).hasSize(1);
    }

    @Test
    void distanceCorrelationIsZeroForIndependentAndOneForLinear() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 400;
        double[] x = new double[n], y = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
            y[i] = rng.nextGaussian();
            z[i] = 3 * x[i] - 1;
        }
        assertThat(DisCo.distanceCorrelationSquared(x, z)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        // independent: the V-statistic's bias is O(1/n); 0.05 is many times its spread at n = 400
        assertThat(DisCo.distanceCorrelationSquared(x, y)).isLessThan(0.05);
    }

    @Test
    void theAbcdArithmetic() {
        Abcd a = new Abcd(100, 200, 50, 100, 0.5, 1);
        assertThat(a.predicted()).isEqualTo(100.0);
        assertThat(a.predictedError()).isCloseTo(100 * Math.sqrt(1 / 200.0 + 1 / 50.0 + 1 / 100.0), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.closurePull()).isEqualTo(0.0);
        Abcd off = new Abcd(120, 200, 50, 100, 0.5, 1);
        assertThat(off.closurePull(0.1)).isCloseTo(-20 / Math.sqrt(Math.pow(off.predictedError(), 2) + 100 + 120), org.assertj.core.data.Offset.offset(1e-9));
        Dataset d = new DijetResonance().seed(1).generate("d", 500);
        assertThatThrownBy(() -> DisCo.train(d, FEATURES, "y", "x.mjj", 1, DisCo.DEFAULT)).isInstanceOf(HepmlException.class)
                .hasMessageContaining("lacks one of them");
        assertThatThrownBy(() -> DisCo.train(d, List.of("x.mjj"), "y", "x.mjj", 1, DisCo.DEFAULT)).hasMessageContaining("cannot also be a feature");
        assertThatThrownBy(() -> DisCo.train(d, FEATURES, "y", "x.mjj", 1, DisCo.DEFAULT, 0)).hasMessageContaining("--members must be at least 1");
        assertThatThrownBy(() -> new AbcdClosure().members(0)).hasMessageContaining("--members must be at least 1");
        assertThatThrownBy(() -> new AbcdClosure().decorrelate(10)).hasMessageContaining("--decorrelate needs at least 1000");
        assertThatThrownBy(() -> DisCo.decorrelation(d, List.of("x.mjj"), "x.mjj")).hasMessageContaining("cannot also be a feature");
    }
}
