package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The simulators' truth is what every estimator is validated against, so it is checked here three ways:
 * exact densities normalise and their scores match finite differences; simulated events follow the exact
 * density (chi-square); and the mining-gold identities E[r_xz | x] = r(x), E[t_xz | x] = t(x) hold within
 * five standard errors of the Monte Carlo means.
 */
class TractableSimulatorsTest {
    final GaltonBoard galton = new GaltonBoard();
    final ElectroweakMuonPairs smeared = new ElectroweakMuonPairs(List.of("sin2w"), 0.23, 91.1876, 0.3);

    @Test
    void galtonExactDistributionNormalisesAndItsScoreIsTheDerivative() {
        for (double th : new double[]{-0.8, -0.6, 0, 0.5}) {
            assertThat(Arrays.stream(galton.probabilities(th)).sum()).isCloseTo(1.0, within(1e-12));
            for (int x = 8; x <= 22; x++) {
                double h = 1e-5;
                double fd = (galton.logLikelihood(x, new double[]{th + h}) - galton.logLikelihood(x, new double[]{th - h})) / (2 * h);
                assertThat(galton.score(x, new double[]{th})[0]).isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
            }
        }
    }

    @Test
    void galtonEventsFollowTheExactDistribution() {
        int n = 200_000;
        double[] theta = {-0.6};
        double[] counts = new double[GaltonBoard.POSITIONS];
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < n; i++) counts[(int) galton.sample(theta, rng).x()]++;
        assertThat(chi2PerBin(counts, galton.probabilities(-0.6), n)).isLessThan(2.0);
        // and clearly not the distribution of another theta
        assertThat(chi2PerBin(counts, galton.probabilities(-0.3), n)).isGreaterThan(10.0);
    }

    /** chi^2 / number of bins over bins expecting at least 10 events. */
    static double chi2PerBin(double[] counts, double[] p, int n) {
        double chi2 = 0;
        int bins = 0;
        for (int x = 0; x < p.length; x++) {
            double e = n * p[x];
            if (e < 10) continue;
            chi2 += (counts[x] - e) * (counts[x] - e) / e;
            bins++;
        }
        return chi2 / bins;
    }

    @Test
    void galtonJointRatioAndScoreAverageToTheExactOnes() {
        double[] th0 = {-0.8}, th1 = {-0.6};
        int n = 200_000;
        // r_xz averaged over paths from theta1 gives r(x); t_xz averaged over paths from theta0 gives t(x|theta0)
        checkConditionalMeans(galton, th1, n, 11, e -> Math.exp(galton.jointLogLikelihood(e, th0) - galton.jointLogLikelihood(e, th1)),
                x -> Math.exp(galton.logRatio(x, th0, th1)), true);
        checkConditionalMeans(galton, th0, n, 12, e -> galton.jointScore(e, th0)[0], x -> galton.score(x, th0)[0], true);
    }

    interface Joint {
        double of(TractableSimulator.Path e);
    }

    interface Exact {
        double at(double x);
    }

    /** Groups simulated events by x (integer positions, or bins of width 0.1) and compares mean joint to exact. */
    static void checkConditionalMeans(TractableSimulator sim, double[] theta, int n, long seed, Joint joint, Exact exact,
                                      boolean discrete) {
        int bins = discrete ? GaltonBoard.POSITIONS : 40;
        double lo = -2, width = 0.1;
        double[] sum = new double[bins], sum2 = new double[bins], sumExact = new double[bins];
        int[] count = new int[bins];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            TractableSimulator.Path e = sim.sample(theta, rng);
            int b = discrete ? (int) e.x() : (int) Math.floor((e.x() - lo) / width);
            if (b < 0 || b >= bins) continue;
            double v = joint.of(e);
            sum[b] += v;
            sum2[b] += v * v;
            sumExact[b] += exact.at(e.x()); // the bin average of the exact function, for continuous x
            count[b]++;
        }
        int checked = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] < 2000) continue;
            double mean = sum[b] / count[b];
            double sd = Math.sqrt(Math.max(sum2[b] / count[b] - mean * mean, 0));
            double truth = sumExact[b] / count[b];
            assertThat(mean).as("bin %d (%d events)", b, count[b]).isCloseTo(truth, within(5 * sd / Math.sqrt(count[b]) + 1e-12));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    @Test
    void galtonFisherInformationIsTheVarianceOfTheScore() {
        double[] th = {-0.6};
        double[] p = galton.probabilities(-0.6);
        double mean = 0, second = 0;
        for (int x = 0; x < p.length; x++) {
            if (p[x] == 0) continue;
            double t = galton.score(x, th)[0];
            mean += p[x] * t;
            second += p[x] * t * t;
        }
        assertThat(mean).isCloseTo(0.0, within(1e-10));
        assertThat(galton.fisherInformation(th)[0][0]).isCloseTo(second, within(1e-10));
    }

    @Test
    void zPoleAsymmetryAndItsSignAroundThePole() {
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs(List.of("sqrts"), ElectroweakMuonPairs.SIN2W, 91.1876, 0);
        // At the pole |chi|^2 dominates: A_FB ~ 3/4 A_e^2 with A_e = 2 gV gA / (gV^2 + gA^2) ~ 0.147, i.e. ~ 0.016
        double gv = -0.5 + 2 * ElectroweakMuonPairs.SIN2W, ga = -0.5, ae = 2 * gv * ga / (gv * gv + ga * ga);
        assertThat(ee.forwardBackwardAsymmetry(new double[]{ElectroweakMuonPairs.MZ})).isCloseTo(0.75 * ae * ae, within(0.003));
        assertThat(ee.forwardBackwardAsymmetry(new double[]{80})).isLessThan(-0.1);   // interference below the pole
        assertThat(ee.forwardBackwardAsymmetry(new double[]{100})).isGreaterThan(0.1); // and above it
        // sigma(mu mu) at the pole ~ 12 pi Gamma_ee Gamma_mumu / (M^2 Gamma^2) ~ 2 nb
        assertThat(ee.crossSection(new double[]{ElectroweakMuonPairs.MZ})).isBetween(1.8e3, 2.2e3);
    }

    @Test
    void eeLikelihoodNormalisesWithAndWithoutSmearing() {
        for (ElectroweakMuonPairs ee : List.of(new ElectroweakMuonPairs(), smeared)) {
            double[] th = {0.23};
            double lo = -3, hi = 3, h = 6.0 / 6000, sum = 0;
            for (int k = 0; k <= 6000; k++) {
                double w = k == 0 || k == 6000 ? 1 : k % 2 == 1 ? 4 : 2;
                sum += w * ee.likelihood(lo + k * h, th);
            }
            // the unsmeared density jumps at |cos| = 1, so Simpson is only good to ~h there
            assertThat(sum * h / 3).isCloseTo(1.0, within(ee.smearing() == 0 ? 2e-3 : 1e-6));
        }
    }

    @Test
    void eeScoreIsTheDerivativeOfTheLogLikelihood() {
        double[] th = {0.23};
        for (double x : new double[]{-1.2, -0.5, 0, 0.4, 0.9, 1.3}) {
            double h = 1e-5;
            double fd = (smeared.logLikelihood(x, new double[]{0.23 + h}) - smeared.logLikelihood(x, new double[]{0.23 - h})) / (2 * h);
            assertThat(smeared.score(x, th)[0]).isCloseTo(fd, within(1e-5 * Math.max(1, Math.abs(fd))));
        }
    }

    @Test
    void eeEventsAndJointScoreAgreeWithTheExactOnes() {
        double[] th = {0.21};
        checkConditionalMeans(smeared, th, 300_000, 21, e -> smeared.jointScore(e, th)[0], x -> smeared.score(x, th)[0], false);
        double[] th0 = {0.25};
        checkConditionalMeans(smeared, th, 300_000, 22,
                e -> Math.exp(smeared.jointLogLikelihood(e, th0) - smeared.jointLogLikelihood(e, th)),
                x -> Math.exp(smeared.logRatio(x, th0, th)), false);
    }

    @Test
    void eeFisherInformationMatchesTheMonteCarloVarianceOfTheScore() {
        double[] th = {0.23};
        SplittableRandom rng = new SplittableRandom(3);
        int n = 200_000;
        double s2 = 0, s4 = 0;
        for (int i = 0; i < n; i++) {
            double t = smeared.score(smeared.sample(th, rng).x(), th)[0];
            s2 += t * t;
            s4 += t * t * t * t;
        }
        double mean = s2 / n, se = Math.sqrt((s4 / n - mean * mean) / n);
        assertThat(smeared.fisherInformation(th)[0][0]).isCloseTo(mean, within(5 * se));
    }

    @Test
    void ratioSamplesHaveHalfOfEachLabelAndThetaFromThePrior() {
        Dataset d = new AugmentedSimulation(galton).theta("uniform(-1,1)").reference(-0.6).augment(true).seed(4)
                .generate("train", 10_000);
        assertThat(d.columnNames()).containsExactly("x.position", "theta.theta", "y", "r_xz", "t_xz.theta");
        assertThat(Arrays.stream(d.column("y")).sum()).isEqualTo(5000);
        assertThat(Arrays.stream(d.column("theta.theta")).allMatch(t -> t >= -1 && t <= 1)).isTrue();
        assertThat(Arrays.stream(d.column("r_xz")).allMatch(r -> r > 0 && Double.isFinite(r))).isTrue();
        Dataset again = new AugmentedSimulation(galton).theta("uniform(-1,1)").reference(-0.6).augment(true).seed(4)
                .generate("train", 10_000);
        assertThat(again.column("r_xz")).isEqualTo(d.column("r_xz"));
    }

    @Test
    void badSpecsNameWhatIsAccepted() {
        assertThatThrownBy(() -> new AugmentedSimulation(galton).theta("uniform(1,-1)")).isInstanceOf(HepmlException.class)
                .hasMessageContaining("uniform(1,-1)").hasMessageContaining("grid(a,b,n)");
        assertThatThrownBy(() -> new AugmentedSimulation(galton).theta("0.1; 0.2")).hasMessageContaining("1 parameter");
        assertThatThrownBy(() -> new AugmentedSimulation(smeared).theta("1.5").generate("x", 10)).hasMessageContaining("sin2w");
        assertThatThrownBy(() -> new ElectroweakMuonPairs(List.of("mz"), 0.23, 91, 0)).hasMessageContaining("sin2w");
    }
}
