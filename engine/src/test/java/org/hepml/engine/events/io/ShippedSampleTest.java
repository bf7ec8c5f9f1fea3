package org.hepml.engine.events.io;

import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
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
}
