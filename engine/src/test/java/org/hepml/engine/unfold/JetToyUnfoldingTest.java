package org.hepml.engine.unfold;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.JetSubstructureToy;
import org.hepml.engine.events.sim.JetSubstructureToy.Tune;
import org.hepml.engine.plot.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class JetToyUnfoldingTest {
    static final double[][] RANGES = {{0, 75}, {0, 80}, {0, 0.6}, {0, 1.2}, {0.1, 0.5}, {-14, -2}};

    @Test
    void observablesStayInTheirPublishedRangesAndTheTunesDiffer() {
        Dataset sim = new JetSubstructureToy().tune(Tune.SIMULATION).seed(1).generate("sim", 20_000);
        Dataset nature = new JetSubstructureToy().tune(Tune.NATURE).seed(2).generate("nature", 20_000);
        for (int k = 0; k < 6; k++) {
            String c = "x.gen." + JetSubstructureToy.OBSERVABLES[k];
            double[] v = sim.column(c);
            double lo = RANGES[k][0], hi = RANGES[k][1];
            long inside = Arrays.stream(v).filter(x -> x >= lo && x <= hi).count();
            assertThat(inside).as(c).isGreaterThan((long) (0.98 * v.length));
            double d = UnfoldingMetrics.triangularDiscriminator(hist(sim, c, k), hist(nature, c, k));
            assertThat(d * 1e3).as("tune difference in %s (x 10^3)", c).isGreaterThan(2.0);
        }
    }

    static double[] hist(Dataset d, String column, int k) {
        return Histogram.of(column, d.column(column), null, 30, RANGES[k][0], RANGES[k][1]).counts();
    }

    @Test
    void ibuBringsEveryObservableCloserToNatureThanThePriorWithLossesAndFakes() {
        int n = 60_000;
        Dataset sim = new JetSubstructureToy().tune(Tune.SIMULATION).efficiency(0.9).fakeRate(0.05).seed(3).generate("sim", n);
        Dataset data = new JetSubstructureToy().tune(Tune.NATURE).efficiency(0.9).fakeRate(0.05).seed(4).generate("data", n);
        Dataset truth = new JetSubstructureToy().tune(Tune.NATURE).seed(5).generate("truth", n);
        for (int k = 0; k < 6; k++) {
            String o = JetSubstructureToy.OBSERVABLES[k];
            double[] gen = sim.column("x.gen." + o), reco = sim.column("x.reco." + o);
            double[] dataReco = data.column("x.reco." + o);
            double[] ones = new double[dataReco.length];
            Arrays.fill(ones, 1);
            double[] unfolded = IterativeBayesianUnfolding.unfold(gen, reco, sim.weights(), dataReco, ones, 30,
                    RANGES[k][0], RANGES[k][1], 4)[3];
            double[] prior = Histogram.of(o, Arrays.stream(gen).filter(x -> !Double.isNaN(x)).toArray(), null, 30, RANGES[k][0], RANGES[k][1]).counts();
            double[] truthH = hist(truth, "x.gen." + o, k);
            double dUnf = UnfoldingMetrics.triangularDiscriminator(unfolded, truthH);
            double dPrior = UnfoldingMetrics.triangularDiscriminator(prior, truthH);
            assertThat(dUnf).as("%s: unfolded %.2e vs prior %.2e", o, dUnf, dPrior).isLessThan(0.5 * dPrior);
        }
    }
}
