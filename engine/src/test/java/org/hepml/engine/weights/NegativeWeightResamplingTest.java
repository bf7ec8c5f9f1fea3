package org.hepml.engine.weights;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.NegativeWeightToy;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Resampling on the toy with 20% negative weights (40,000 events). The histogram check is
 * {@link NegativeWeightResampling#chi2}: chi2 with (bins) degrees of freedom when the new weights are the local mean;
 * 20 bins per observable, bound 45.3 (the 99.9% quantile of chi2(20)), so three observables false-alarm 0.3%.
 * The effective sample size with weights +-1 at 20% negatives is N (1 - 2 0.2)^2 = 0.36 N; with the exact local mean
 * it would be N E[m]^2 / E[m^2], 0.91 N here, so a rise of at least 2x is asked (measured 2.5x).
 */
class NegativeWeightResamplingTest {
    static final double CHI2_20_999 = 45.3;

    @Test
    void theToyHasItsStatedNegativeFraction() {
        Dataset d = new NegativeWeightToy().seed(1).generate("toy", 100_000);
        long neg = Arrays.stream(d.column("weight")).filter(w -> w < 0).count();
        // binomial(100000, 0.2): sd 126; accept +-3.3 sd
        assertThat(Math.abs(neg - 20_000)).isLessThan((long) (3.3 * 126.5));
    }

    @Test
    void positiveWeightsReproduceEveryHistogramWhileTheEffectiveSampleSizeRises() {
        Dataset toy = new NegativeWeightToy().seed(7).generate("toy", 40_000);
        Dataset out = new NegativeWeightResampling().features(List.of("x.x1", "x.x2")).seed(7).resample(toy, "positive");
        double[] w = out.column("weight"), original = out.column("weight.original");
        assertThat(Arrays.stream(w).min().orElseThrow()).isGreaterThan(0);
        assertThat(Arrays.stream(w).sum()).isCloseTo(Arrays.stream(original).sum(), org.assertj.core.data.Offset.offset(1e-6 * w.length));
        double[][] ranges = {{-3, 3}, {-3.5, 3.5}, {-4, 6}};
        String[] obs = {"x.x1", "x.x2", "x.x3"}; // x3 was not used in training
        for (int k = 0; k < obs.length; k++) {
            double[] c = NegativeWeightResampling.chi2(out.column(obs[k]), original, w, 20, ranges[k][0], ranges[k][1]);
            System.out.printf("%s chi2 %.1f / %.0f%n", obs[k], c[0], c[1]);
            assertThat(c[0]).as("%s chi2 / %.0f bins", obs[k], c[1]).isLessThan(CHI2_20_999);
        }
        double before = NegativeWeightResampling.effectiveSampleSize(original), after = NegativeWeightResampling.effectiveSampleSize(w);
        System.out.printf("ESS %.0f -> %.0f (x %.2f)%n", before, after, after / before);
        assertThat(after / before).isGreaterThan(2.0);
        // the learned local mean against the exact one: mean absolute error well below the spread of the +-1 weights
        double[] exact = out.column("weight.expected");
        double scale = Arrays.stream(original).sum() / Arrays.stream(exact).sum(), mae = 0;
        for (int i = 0; i < w.length; i++) mae += Math.abs(w[i] - scale * exact[i]) / w.length;
        System.out.printf("mean |w' - E[w|x]| %.3f%n", mae);
        assertThat(mae).isLessThan(0.1);
    }

    @Test
    void unweightingGivesEqualPositiveWeights() {
        Dataset toy = new NegativeWeightToy().seed(8).generate("toy", 10_000);
        Dataset out = new NegativeWeightResampling().features(List.of("x.x1", "x.x2")).unweight(true).seed(8).resample(toy, "unweighted");
        double[] w = out.column("weight");
        assertThat(Arrays.stream(w).distinct().count()).isEqualTo(1);
        assertThat(w[0]).isGreaterThan(0);
        assertThat(Arrays.stream(w).sum()).isCloseTo(Arrays.stream(toy.column("weight")).sum(), org.assertj.core.data.Offset.offset(1e-6 * w.length));
    }

    @Test
    void badInputIsNamed() {
        Dataset toy = new NegativeWeightToy().seed(9).generate("toy", 100);
        assertThatThrownBy(() -> new NegativeWeightResampling().features(List.of("x.nope")).resample(toy, "o"))
                .isInstanceOf(HepmlException.class).hasMessageContaining("x.nope");
        Dataset unweighted = Dataset.builder("plain").column("x.a", new double[]{1, 2}).build();
        assertThatThrownBy(() -> new NegativeWeightResampling().resample(unweighted, "o")).hasMessageContaining("no weight column");
    }
}
