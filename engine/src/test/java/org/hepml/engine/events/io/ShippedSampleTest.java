package org.hepml.engine.events.io;

import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The notebook sample notebooks/data/ee_mumu.lhe.gz: its weight ratios are the exact joint likelihood ratios. */
class ShippedSampleTest {
    static final Path SAMPLE = Path.of("../notebooks/data/ee_mumu.lhe.gz");

    @Test
    void weightRatioIsTheAnalyticLikelihoodRatioOfCosTheta() {
        assumeTrue(Files.exists(SAMPLE), "run from the engine module of a full checkout");
        LoadedEvents ev = EventFiles.load(SAMPLE, LoadOptions.defaults().observables("costh(mum1), m(mu1,mu2), pt(mum1)").name("eemumu"))
                .withParameters("weight.rw0005", Map.of("afb", 0.3))
                .withParameters("weight.rw0003", Map.of("afb", 0.0));
        assertThat(ev.size()).isEqualTo(2000);
        assertThat(ev.runInfo().weights().get("rw0005").description()).isEqualTo("A_FB = 0.30");
        Dataset r = ev.jointRatio("weight.rw0005", "weight.rw0003", false);
        double[] c = r.column("x.costh_mum1"), rxz = r.column("r_xz");
        for (int i = 0; i < c.length; i++) {
            double truth = (3.0 / 8 * (1 + c[i] * c[i]) + 0.3 * c[i]) / (3.0 / 8 * (1 + c[i] * c[i]));
            assertThat(rxz[i]).isCloseTo(truth, offset(1e-7));
        }
        assertThat(r.column("theta.afb")[0]).isEqualTo(0.3);
        assertThat(r.column("x.m_mu1_mu2")[0]).isCloseTo(91.188, offset(1e-6));
        // the sample follows 1 + cos^2: <cos^2> = 2/5 within statistics
        double m2 = 0;
        for (double x : c) m2 += x * x / c.length;
        assertThat(m2).isCloseTo(0.4, offset(0.03));
    }

    /**
     * The likelihood-ratio estimator trained on the file's reweighting weights alone (four A_FB points against
     * A_FB = 0, ALICE), evaluated at A_FB = 0.2, a point between the weights: its mean squared error against the
     * exact log r over cos theta in [-0.95, 0.95] must be below a tenth of the constant guess's (the joint ratio
     * is exact at parton level, so the bound tests the interpolation in theta and the network).
     */
    @Test
    void ratioEstimatorTrainsOnTheReweightingWeights() {
        assumeTrue(Files.exists(SAMPLE), "run from the engine module of a full checkout");
        LoadedEvents ev = EventFiles.load(SAMPLE, LoadOptions.defaults().observables("costh(mum1)").name("eemumu"));
        double[] afb = {-0.3, -0.15, 0.0, 0.15, 0.3};
        for (int k = 0; k < afb.length; k++) ev = ev.withParameters(String.format("weight.rw%04d", k + 1), Map.of("afb", afb[k]));
        Dataset sample = ev.ratioTrainingSample("weight.rw0003", "weight.rw0001", "weight.rw0002", "weight.rw0004", "weight.rw0005");
        assertThat(sample.size()).isEqualTo(16_000);
        org.hepml.engine.sbi.EstimatorOptions o = org.hepml.engine.sbi.EstimatorOptions.of(org.hepml.engine.nn.TrainingSettings.ESTIMATOR.withEpochs(20));
        try (var est = org.hepml.engine.sbi.RatioEstimator.train(sample, org.hepml.engine.sbi.Method.ALICE, 1, o)) {
            double[][] x = new double[39][1];
            double mse = 0, constant = 0;
            double[] learned;
            for (int i = 0; i < x.length; i++) x[i][0] = -0.95 + 0.05 * i;
            learned = est.logRatio(x, new double[]{0.2});
            for (int i = 0; i < x.length; i++) {
                double c = x[i][0], exact = Math.log((3.0 / 8 * (1 + c * c) + 0.2 * c) / (3.0 / 8 * (1 + c * c)));
                mse += Math.pow(learned[i] - exact, 2) / x.length;
                constant += exact * exact / x.length;
            }
            assertThat(mse).as("mse %.5f vs constant guess %.5f", mse, constant).isLessThan(0.1 * constant);
        }
        assertThatThrownBy(() -> EventFiles.load(SAMPLE, LoadOptions.defaults().observables("costh(mum1)").name("e"))
                .ratioTrainingSample("weight.rw0003", "weight.rw0001")).hasMessageContaining("withParameters");
    }
}
