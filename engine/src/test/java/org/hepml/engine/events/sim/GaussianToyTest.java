package org.hepml.engine.events.sim;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GaussianToyTest {
    static final int N = 200_000;

    static double mean(double[] x) {
        return Arrays.stream(x).filter(v -> !Double.isNaN(v)).average().orElseThrow();
    }

    static double std(double[] x) {
        double m = mean(x);
        return Math.sqrt(Arrays.stream(x).filter(v -> !Double.isNaN(v)).map(v -> (v - m) * (v - m)).average().orElseThrow());
    }

    @Test
    void followsTheExactDistributionsWithinFiveStandardErrors() {
        Dataset d = new GaussianToy().mu(0.2).sigma(0.8).smearing(0.5).seed(7).generate("data", N);
        double recoSigma = Math.hypot(0.8, 0.5);
        // standard errors: sigma/sqrt(N) for a mean, sigma/sqrt(2N) for a Gaussian's standard deviation
        assertThat(mean(d.column("x.gen"))).isCloseTo(0.2, org.assertj.core.data.Offset.offset(5 * 0.8 / Math.sqrt(N)));
        assertThat(std(d.column("x.gen"))).isCloseTo(0.8, org.assertj.core.data.Offset.offset(5 * 0.8 / Math.sqrt(2.0 * N)));
        assertThat(mean(d.column("x.reco"))).isCloseTo(0.2, org.assertj.core.data.Offset.offset(5 * recoSigma / Math.sqrt(N)));
        assertThat(std(d.column("x.reco"))).isCloseTo(recoSigma, org.assertj.core.data.Offset.offset(5 * recoSigma / Math.sqrt(2.0 * N)));
        // the smearing is independent of the truth: x.reco - x.gen ~ N(0, 0.5)
        double[] g = d.column("x.gen"), r = d.column("x.reco"), diff = new double[N];
        for (int i = 0; i < N; i++) diff[i] = r[i] - g[i];
        assertThat(std(diff)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(5 * 0.5 / Math.sqrt(2.0 * N)));
    }

    @Test
    void efficiencyLosesThatFractionOfEventsAtDetectorLevel() {
        Dataset d = new GaussianToy().efficiency(0.7).seed(3).generate("eff", N);
        double passed = Arrays.stream(d.column("pass_reco")).sum() / N;
        long nanReco = Arrays.stream(d.column("x.reco")).filter(Double::isNaN).count();
        // binomial standard error sqrt(p(1-p)/N) ~ 0.001; five of them
        assertThat(passed).isCloseTo(0.7, org.assertj.core.data.Offset.offset(5 * Math.sqrt(0.7 * 0.3 / N)));
        assertThat(nanReco).isEqualTo(N - Math.round(passed * N));
    }

    @Test
    void sameSeedSameEventsOtherSeedOtherEvents() {
        double[] a = new GaussianToy().seed(11).generate("a", 1000).column("x.reco");
        double[] b = new GaussianToy().seed(11).generate("b", 1000).column("x.reco");
        double[] c = new GaussianToy().seed(12).generate("c", 1000).column("x.reco");
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void badParametersAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new GaussianToy().sigma(-1)).isInstanceOf(HepmlException.class).hasMessageContaining("sigma");
        assertThatThrownBy(() -> new GaussianToy().efficiency(1.5)).hasMessageContaining("efficiency");
        assertThatThrownBy(() -> new GaussianToy().generate("x", 0)).hasMessageContaining("number of events");
        assertThatThrownBy(() -> new GaussianToy().mu(Double.NaN)).hasMessageContaining("mu");
    }

    @Test
    void anInterruptedSimulationStopsAndReturnsNothing() throws Exception {
        // The interrupt is sent once the generation loop has reported progress, so it always lands mid-way.
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        org.hepml.engine.Progress.Factory.install(task -> new org.hepml.engine.Progress() {
            public void update(long done, String status) {
                started.countDown();
            }

            public void finish(String status) {
            }
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Dataset> made = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                made.set(new GaussianToy().generate("big", 40_000_000));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        try {
            worker.start();
            assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            worker.interrupt();
            worker.join(2000);
            assertThat(worker.isAlive()).isFalse();
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
            assertThat(thrown.get()).isInstanceOf(Cancelled.class);
            assertThat(made.get()).isNull();
        } finally {
            org.hepml.engine.Progress.Factory.reset();
        }
    }
}
