package org.hepml.engine.unfold;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.TwoTuneJets;
import org.hepml.engine.events.sim.TwoTuneJets.Tune;
import org.hepml.engine.jets.JetDefinition;
import org.hepml.engine.jets.JetObservables;
import org.hepml.engine.jets.Jets;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.unfold.Unfolding.Features;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ParticleOmniFoldTest {

    /** The leading anti-kT R = 0.8 jet's observables of every event (NaN where no jet). */
    static Dataset observables(String name, FourMomenta p) {
        return JetObservables.leading(name, Jets.cluster(p, JetDefinition.antiKt(0.8), 50, 10), null, 0.1, 0, false);
    }

    /**
     * The toy has something to unfold: the tunes' jet-mass distributions differ, and the detector changes them, each by
     * far more than two independent samples of one tune differ (the statistical floor of the metric).
     */
    @Test
    void theTunesAndTheDetectorChangeTheJetMass() {
        int n = 3000;
        TwoTuneJets.Pairs sim = new TwoTuneJets().tune(Tune.SIMULATION).seed(1).generate("sim", n);
        TwoTuneJets.Pairs again = new TwoTuneJets().tune(Tune.SIMULATION).seed(3).generate("again", n);
        TwoTuneJets.Pairs nature = new TwoTuneJets().tune(Tune.NATURE).seed(2).generate("nature", n);
        double[] range = {0, 120}, ones = new double[n];
        Arrays.fill(ones, 1);
        double[] simGen = observables("a", sim.gen()).column("x.m");
        double floor = distance(simGen, ones, observables("b", again.gen()).column("x.m"), ones, range);
        double tunes = distance(simGen, ones, observables("c", nature.gen()).column("x.m"), ones, range);
        double detector = distance(simGen, ones, observables("d", sim.reco()).column("x.m"), ones, range);
        System.out.printf("jet mass, 10^3 Delta with %d jets each: two samples of one tune %.2f, tunes %.2f, detector %.2f%n", n,
                floor * 1e3, tunes * 1e3, detector * 1e3);
        assertThat(tunes).as("tunes %.2e vs floor %.2e", tunes, floor).isGreaterThan(5 * floor);
        assertThat(detector).as("detector %.2e vs floor %.2e", detector, floor).isGreaterThan(5 * floor);
        for (int i = 0; i < n; i++) assertThat(sim.reco().count(i)).isLessThanOrEqualTo(sim.gen().count(i));
        assertThat(mean(nature.events().column("n_gen"))).isGreaterThan(mean(sim.events().column("n_gen")));
    }

    static double mean(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
    }


    /**
     * Acceptance (issue 18): OmniFold with PFN classifiers on the particles of both levels moves the simulation's jet mass
     * distribution towards nature's, though no classifier saw the jet mass (it is computed afterwards from the
     * generator-level particles). Metric: the triangular discriminator to the truth histogram, before (the simulation's
     * own weights) and after; its error from bootstrap replicas of nature (data and truth are the same events, so one
     * Poisson count weights an event in both), each unfolded again. The improvement must exceed 3 such errors.
     */
    @Test
    void particleLevelOmniFoldUnfoldsTheJetMassNoClassifierSaw() {
        int n = 4000, padTo = 32, replicas = 4;
        TwoTuneJets.Pairs sim = new TwoTuneJets().tune(Tune.SIMULATION).seed(11).generate("sim", n);
        TwoTuneJets.Pairs nature = new TwoTuneJets().tune(Tune.NATURE).seed(12).generate("nature", n);
        for (int i = 0; i < n; i++) assertThat(nature.reco().count(i)).as("a nature event without detector-level particles").isPositive();
        TrainingSettings t = TrainingSettings.UNFOLDING.withHidden(32, 32).withEpochs(6).withBatchSize(256).withLearningRate(2e-3);
        ParticleReweighting.Network pfn = new ParticleReweighting.Network(false, padTo, 32);
        BootstrapReplicas.Configured configured = k -> new OmniFold().iterations(3).reweighters(
                new ClassifierReweighter(t.withSeed(100 + 10L * k), pfn), new ClassifierReweighter(t.withSeed(101 + 10L * k), pfn));
        Dataset unfolded = Unfolding.omnifold(configured, sim.events(), Features.particles("sim.gen", sim.gen(), padTo),
                Features.particles("sim", sim.reco(), padTo), nature.events(), Features.particles("nature", nature.reco(), padTo), "unfolded",
                new Unfolding.Replicas(replicas, 0, 7), TaskRunner.LOCAL);
        int[] kept = Unfolding.unfoldedEvents(sim.events(), Features.particles("sim.gen", sim.gen(), padTo));
        assertThat(unfolded.size()).isEqualTo(kept.length);

        double[] mass = observables("sim", ParticleReweighting.select(sim.gen(), kept)).column("x.m");
        double[] truthMass = observables("truth", nature.gen()).column("x.m");
        double[] range = {0, 120};
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        double before = distance(mass, unfolded.column("weight.prior"), truthMass, ones, range);
        double after = distance(mass, unfolded.column("weight"), truthMass, ones, range);
        SplittableRandom rng = new SplittableRandom(7); // the replicas' Poisson counts, drawn as BootstrapReplicas draws them
        double[] gain = new double[replicas];
        for (int b = 0; b < replicas; b++) {
            byte[] counts = IterativeBayesianUnfolding.bootstrapCounts(n, rng);
            double[] w = new double[n];
            for (int i = 0; i < n; i++) w[i] = counts[i];
            gain[b] = distance(mass, unfolded.column("weight.prior"), truthMass, w, range)
                    - distance(mass, unfolded.column("weight.boot" + (b + 1)), truthMass, w, range);
        }
        double error = sd(gain);
        System.out.printf("jet mass: triangular discriminator x 10^3 before %.2f, after %.2f, improvement %.2f +- %.2f (bootstrap, %d replicas)%n",
                before * 1e3, after * 1e3, (before - after) * 1e3, error * 1e3, replicas);
        assertThat(before - after).as("improvement %.2e vs its bootstrap error %.2e", before - after, error).isGreaterThan(3 * error);
    }

    /** Triangular discriminator between the weighted histograms of x and of the truth, 24 bins over range; NaN (no jet) left out. */
    static double distance(double[] x, double[] w, double[] truth, double[] wTruth, double[] range) {
        return UnfoldingMetrics.triangularDiscriminator(weighted(x, w, range), weighted(truth, wTruth, range));
    }

    static double[] weighted(double[] x, double[] w, double[] range) {
        double[] h = new double[24];
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || x[i] < range[0] || x[i] >= range[1]) continue;
            h[(int) ((x[i] - range[0]) / (range[1] - range[0]) * h.length)] += w[i];
        }
        return h;
    }

    static double sd(double[] v) {
        double m = Arrays.stream(v).average().orElse(0), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }
}
