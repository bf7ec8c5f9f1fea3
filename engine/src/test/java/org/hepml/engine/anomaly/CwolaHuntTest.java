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
 * The toy's background features drift with m_jj on purpose, and a CWoLa classifier on the raw features learns that
 * drift (at 100,000 events one null seed of five reached Z = 3.7 at 10% kept); CwolaHunt therefore standardises the
 * features in ln m_jj on the sidebands first ({@link MassDecorrelation}), and the no-signal tests check that with
 * repetitions and with the drift amplified (docs/ANOMALY.md).
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
            assertThat(r.figure().panels()).hasSize(2);
        }
    }

    /**
     * No signal, five independent background samples, the whole scan (eps 0.5 ... 0.01) of each: 30 correlated fits.
     * Every fit's deviance must stay under 47.4 and every |Z| under 3.59, the chi2(19) and two-sided normal quantiles
     * at 0.01 / 30 (Bonferroni: a 1% family-wise false alarm, the look-elsewhere effect of 6 cuts x 5 samples bounded).
     * And the truth: the cut at 10% must keep SR background at the rate it keeps SB background, pooled over the five
     * samples, within 3.29 standard errors (binomial). Without the decorrelation this last check fails by ~5 sigma
     * at these sizes (eps_SR / eps_SB 1.13-1.21 measured at 100,000 events, docs/ANOMALY.md), and the fit reached
     * Z = 3.5-3.7 on one sample of five at 100,000.
     */
    @Test
    void withoutSignalTheDecorrelatedCutSculptsNoBumpOverFiveSamples() {
        double keptSr = 0, sr = 0, keptSb = 0, sb = 0;
        StringBuilder log = new StringBuilder();
        for (long seed = 1; seed <= 5; seed++) {
            CwolaHunt.Result r = hunt(new DijetResonance().seed(1_100 + seed).generate("background", EVENTS), seed);
            log.append(r.summary());
            for (CwolaHunt.ScanPoint p : r.scan()) {
                assertThat(p.hunt().deviance()).as("seed %d eps %.2f deviance\n%s", seed, p.efficiency(), r.summary()).isLessThan(47.4);
                assertThat(Math.abs(p.hunt().significance())).as("seed %d eps %.2f |Z|\n%s", seed, p.efficiency(), r.summary()).isLessThan(3.59);
            }
            double[] c = keptFractions(r, 0.1);
            keptSr += c[0];
            sr += c[1];
            keptSb += c[2];
            sb += c[3];
        }
        double ratio = (keptSr / sr) / (keptSb / sb), se = ratio * Math.sqrt(1 / keptSr - 1 / sr + 1 / keptSb - 1 / sb);
        System.out.printf("%sno signal, 5 samples: eps_SR / eps_SB at 10%% kept %.4f +- %.4f%n", log, ratio, se);
        assertThat(Math.abs(ratio - 1)).as("eps_SR / eps_SB %.4f +- %.4f", ratio, se).isLessThan(Z_999 * se);
    }

    /**
     * The mechanism, amplified (background features drifting three times as fast with m_jj, 40,000 events): raw
     * features let the classifier keep SR background more often than SB background (measured 1.34-1.50), the
     * decorrelated ones do not (1.00-1.08 measured, accepted within 3.29 se of 1 at eps 10%).
     */
    @Test
    void rawFeaturesThatDriftWithMjjAreSculptedAndDecorrelatedOnesAreNot() {
        Dataset d = new DijetResonance().mjjDependence(3).seed(1_201).generate("background", 40_000);
        double[] raw = ratio(keptFractions(new CwolaHunt().decorrelate(false).folds(2)
                .training(Classifiers.WEAK_SUPERVISION.withEpochs(20).withBatchSize(512).withSeed(1)).run(d), 0.1));
        double[] fixed = ratio(keptFractions(hunt(d, 1), 0.1));
        System.out.printf("drift x3: eps_SR / eps_SB at 10%% kept, raw features %.3f +- %.3f, decorrelated %.3f +- %.3f%n", raw[0], raw[1], fixed[0], fixed[1]);
        assertThat(raw[0] - 1).as("raw features sculpt").isGreaterThan(Z_999 * raw[1]);
        assertThat(Math.abs(fixed[0] - 1)).as("decorrelated features do not").isLessThan(Z_999 * fixed[1]);
    }

    /** {kept in the SR, SR, kept in the SBs, SBs} at the cut keeping {@code eps}. */
    static double[] keptFractions(CwolaHunt.Result r, double eps) {
        double[] m = r.scored().column("x.mjj"), q = r.scored().column("score.cwola"), c = new double[4];
        for (int i = 0; i < m.length; i++) {
            int at = m[i] >= SR_LOW && m[i] < SR_HIGH ? 0 : 2;
            c[at + 1]++;
            if (q[i] >= 1 - eps) c[at]++;
        }
        return c;
    }

    /** eps_SR / eps_SB and its binomial standard error. */
    static double[] ratio(double[] c) {
        double r = (c[0] / c[1]) / (c[2] / c[3]);
        return new double[]{r, r * Math.sqrt(1 / c[0] - 1 / c[1] + 1 / c[2] - 1 / c[3])};
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
