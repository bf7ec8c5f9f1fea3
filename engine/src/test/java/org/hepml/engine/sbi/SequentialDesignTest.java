package org.hepml.engine.sbi;

import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sequential design over repetitions whose true sin^2 theta_W is drawn from the prior, uniform on [0.20, 0.26]:
 * the exact posterior then covers the truth with its central 68% interval at exactly the nominal rate, so the count
 * over R = 100 repetitions is Binomial(100, 0.68) and must lie within 3 of its sd (68 +- 14). The width is compared,
 * repetition by repetition (same truth, same seed), with the fixed designs that spend all the luminosity at one of the
 * candidate energies: the sequential one may not be wider on average than the best of them (in hindsight) by more
 * than 5%. The final posterior sd varies with the truth by a factor ~10 but the comparison is paired, so the 5% is
 * a statement about the choice of energies, not about noise (measured: see docs/ANOMALY.md).
 */
class SequentialDesignTest {
    @Test
    void theSequentialPosteriorIsCalibratedAndNoWiderThanAnyFixedDesign() {
        double[] energies = {87, 90, 91.19, 94};
        SequentialDesign design = new SequentialDesign().energies(energies).prior(0.20, 0.26).luminosity(5).runs(5);
        SplittableRandom truths = new SplittableRandom(20);
        int r = 100, covered = 0;
        int[] coveredFixed = new int[energies.length];
        double widthSequential = 0;
        double[] widthFixed = new double[energies.length];
        for (int i = 0; i < r; i++) {
            double truth = 0.20 + 0.06 * truths.nextDouble();
            SequentialDesign.Result s = design.truth(truth).seed(1_000 + i).fixedEnergy(Double.NaN).run();
            if (s.covers()) covered++;
            widthSequential += s.last().sd() / r;
            for (int e = 0; e < energies.length; e++) {
                SequentialDesign.Result f = design.fixedEnergy(energies[e]).run();
                if (f.covers()) coveredFixed[e]++;
                widthFixed[e] += f.last().sd() / r;
            }
            if (i < 2) System.out.println(s.summary());
        }
        double bound = 3 * Math.sqrt(r * 0.68 * 0.32);
        System.out.printf("68%% coverage (68 +- %.1f): sequential %d, fixed at %s: %s; mean final sd: sequential %.5f, fixed %s%n", bound, covered,
                java.util.Arrays.toString(energies), java.util.Arrays.toString(coveredFixed), widthSequential, java.util.Arrays.toString(widthFixed));
        assertThat((double) covered).isBetween(0.68 * r - bound, 0.68 * r + bound);
        for (int e = 0; e < energies.length; e++) {
            assertThat((double) coveredFixed[e]).as("coverage at %.2f GeV", energies[e]).isBetween(0.68 * r - bound, 0.68 * r + bound);
            assertThat(widthSequential).as("vs fixed at %.2f GeV", energies[e]).isLessThanOrEqualTo(1.05 * widthFixed[e]);
        }
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new SequentialDesign().runs(0)).isInstanceOf(HepmlException.class).hasMessageContaining("--runs");
        assertThatThrownBy(() -> new SequentialDesign().prior(0.3, 0.2)).hasMessageContaining("--prior");
        assertThatThrownBy(() -> new SequentialDesign().prior(0.2, 0.26).truth(0.3)).hasMessageContaining("inside the prior");
        assertThatThrownBy(() -> new SequentialDesign().energies(5, 91)).hasMessageContaining("sqrts");
        SequentialDesign.Result one = new SequentialDesign().luminosity(0.5).runs(2).run();
        assertThat(one.runs()).hasSize(2);
        assertThat(one.figure().panels()).hasSize(2);
    }
}
