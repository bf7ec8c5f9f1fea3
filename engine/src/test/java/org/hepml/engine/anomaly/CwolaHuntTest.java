package org.hepml.engine.anomaly;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.DijetResonance;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CWoLa hunting on the dijet resonance toy. Bounds: the 99.9% quantile of chi2 with 19 degrees of freedom is 43.8, and
 * |Z| < 3.29 is two-sided 99.9%; with the handful of such checks below, the chance of a false alarm is under 1%.
 * The toy's background features drift with m_jj on purpose, and a CWoLa classifier can learn that drift: at the 60,000
 * events here no run showed it (bench/anomaly --quick: 12 cuts, |Z| <= 1.5), at 100,000 one null seed of five reached
 * Z = 3.7 at 10% kept (docs/ANOMALY.md), so the no-sculpting bound is a statement at this size.
 */
class CwolaHuntTest {
    static final int EVENTS = 60_000;
    static final double SR_LOW = 3_300, SR_HIGH = 3_700;
    static final double CHI2_19_999 = 43.8, Z_999 = 3.29;

    /** The signal fraction of all events that puts signal = 1% of the background in the signal region. */
    static double onePercentInSignalRegion(DijetResonance sim) {
        return 0.01 * sim.backgroundProbability(SR_LOW, SR_HIGH) / sim.signalProbability(SR_LOW, SR_HIGH);
    }

    @Test
    void backgroundFollowsTheDijetFunctionAndSignalComesAtItsRate() {
        DijetResonance sim = new DijetResonance().signal(3_500, 80, 0.02).seed(11);
        Dataset d = sim.generate("d", 200_000);
        double[] m = d.column("x.mjj"), y = d.column("y");
        // signal count: binomial(200000, 0.02), sd 62.6; accept +-3.3 sd (0.1% false alarm)
        double signal = Arrays.stream(y).sum();
        assertThat(Math.abs(signal - 4_000)).isLessThan(3.3 * Math.sqrt(200_000 * 0.02 * 0.98));
        // background in the SR: binomial with the exact probability from the dijet function
        double[] bkg = java.util.stream.IntStream.range(0, m.length).filter(i -> y[i] < 0.5).mapToDouble(i -> m[i]).toArray();
        double p = sim.backgroundProbability(SR_LOW, SR_HIGH);
        long inSr = Arrays.stream(bkg).filter(v -> v >= SR_LOW && v < SR_HIGH).count();
        assertThat(Math.abs(inSr - bkg.length * p)).isLessThan(3.3 * Math.sqrt(bkg.length * p * (1 - p)));
        // the sideband fit of the dijet function describes the background alone everywhere, SR included
        BumpHunt.Result fit = BumpHunt.fit(bkg, 2_800, 5_000, 22, SR_LOW, SR_HIGH);
        assertThat(fit.deviance()).isLessThan(CHI2_19_999);
        assertThat(Math.abs(fit.significance())).isLessThan(Z_999);
        // jets: the heavier first, substructure ratios in (0, 1)
        double[] m1 = d.column("x.mj1"), m2 = d.column("x.mj2"), t = d.column("x.tau21_j1");
        for (int i = 0; i < m1.length; i++) {
            assertThat(m1[i]).isGreaterThanOrEqualTo(m2[i]);
            assertThat(t[i]).isBetween(0.0, 1.0);
        }
    }

    @Test
    void aCwolaCutAtLeastDoublesTheSignificanceOfAOnePercentSignal() {
        for (long seed : new long[]{1, 2}) {
            DijetResonance sim = new DijetResonance().seed(seed);
            sim.signal(3_500, 80, onePercentInSignalRegion(sim));
            CwolaHunt.Result r = hunt(sim.generate("data", EVENTS), seed);
            // expected S / sqrt(B) before any cut, from the exact probabilities: 0.01 sqrt(B) ~ 1.05
            double b = EVENTS * sim.backgroundProbability(SR_LOW, SR_HIGH), before = 0.01 * b / Math.sqrt(b);
            CwolaHunt.ScanPoint cut = r.at(0.02);
            // the fitted Z after the cut carries unit noise; the expected one is 5-9 (measured on seeds 1-3), so
            // requiring twice 1.05 fails only when the classifier did not find the signal
            assertThat(cut.hunt().significance()).as("seed %d: fitted Z after the cut vs 2 x %.2f before\n%s", seed, before, r.summary())
                    .isGreaterThan(2 * before);
            assertThat(cut.trueSignificance()).as("seed %d truth S/sqrt(B)", seed).isGreaterThan(2 * r.at(1).trueSignificance());
            assertThat(r.auc()).isGreaterThan(0.8);
        }
    }

    @Test
    void withoutSignalTheCutSculptsNoBump() {
        CwolaHunt.Result r = hunt(new DijetResonance().seed(3).generate("background", EVENTS), 3);
        for (double eps : new double[]{0.1, 0.02}) {
            BumpHunt.Result h = r.at(eps).hunt();
            assertThat(h.deviance()).as("eps %.2f deviance\n%s", eps, r.summary()).isLessThan(CHI2_19_999);
            assertThat(Math.abs(h.significance())).as("eps %.2f |Z|", eps).isLessThan(Z_999);
        }
        assertThat(r.figure().panels()).hasSize(2);
    }

    @Test
    void badSettingsAreNamed() {
        Dataset d = new DijetResonance().seed(4).generate("d", 2_000);
        assertThatThrownBy(() -> new CwolaHunt().features(List.of("x.mjj", "x.mj1")).run(d)).isInstanceOf(HepmlException.class)
                .hasMessageContaining("cannot be a feature");
        assertThatThrownBy(() -> new CwolaHunt().signalRegion(2_000, 2_500).run(d)).hasMessageContaining("must lie inside");
        assertThatThrownBy(() -> new CwolaHunt().features(List.of("x.nope")).run(d)).hasMessageContaining("no column 'x.nope'");
        assertThatThrownBy(() -> new CwolaHunt().folds(1)).hasMessageContaining("--folds");
    }

    static CwolaHunt.Result hunt(Dataset d, long seed) {
        return new CwolaHunt().folds(2).training(Classifiers.WEAK_SUPERVISION.withEpochs(20).withBatchSize(512).withSeed(seed)).run(d);
    }
}
