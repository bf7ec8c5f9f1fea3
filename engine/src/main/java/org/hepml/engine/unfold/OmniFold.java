package org.hepml.engine.unfold;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.hepml.engine.unfold.PairedSimulation.pick;

/**
 * OmniFold (Andreassen, Komiske, Metodiev, Nachman, Thaler, PRL 124 (2020) 182001), iterating two
 * reweightings of a simulation with paired generator-level (t_i) and detector-level (m_i) events:
 * <ol>
 * <li>Step 1: omega_n(m) = nu_{n-1}(m) L[(1, data), (nu_{n-1}, sim)](m) - reweight the simulation at
 * detector level to the data; then pull omega_n to each event's generator-level partner.</li>
 * <li>Step 2: nu_n(t) = nu_ref(t) L[(omega_n, gen), (nu_ref, gen)](t) - make the weights a function of the
 * generator-level event; nu_ref = nu_{n-1} as in the paper (or the prior); push nu_n to detector level.</li>
 * </ol>
 * Events that fail the detector selection take no part in step 1; their pulled weight is nu_{n-1} times
 * the average step-1 factor of passing events with the same generator-level values, E[omega/nu | t], learned
 * by the step-2 reweighter (with {@link Missing#PULL_ONE} they keep nu_{n-1}, as in some public code).
 * Fakes (detector-level events without a generator-level partner) take part in step 1 only; their pushed
 * weight is nu_{n-1} times the average step-2 factor at the same detector-level values, E[nu_n/nu_{n-1} | m]
 * (or 1 with {@link Fakes#PUSH_ONE}). Binned reweighters make this exactly iterative Bayesian unfolding
 * with the efficiency correction.
 */
public final class OmniFold {

    public enum Reference { PREVIOUS, PRIOR }

    public enum Missing { AVERAGE, PULL_ONE }

    /**
     * How fakes are weighted after step 2: AVERAGE, nu_{n-1} E[nu_n / nu_{n-1} | m] (fakes follow the events they sit
     * among); PUSH_ONE, unchanged; SCALE, nu_0 times the change of the unfolded total, sum nu_n / sum nu_0 over the
     * generator-level events (a detector that makes fakes at a fixed rate per produced event: they scale with the
     * luminosity the unfolding finds, whatever the spectrum does).
     */
    public enum Fakes { AVERAGE, PUSH_ONE, SCALE }

    private Reweighter step1;
    private Reweighter step2;
    private int iterations = 4;
    private double clip = Double.POSITIVE_INFINITY;
    private Reference reference = Reference.PREVIOUS;
    private Missing missing = Missing.AVERAGE;
    private Fakes fakes = Fakes.AVERAGE;

    public OmniFold reweighters(Reweighter step1, Reweighter step2) {
        this.step1 = step1;
        this.step2 = step2;
        return this;
    }

    public OmniFold iterations(int iterations) {
        if (iterations < 1 || iterations > 100) throw new HepmlException("--iterations must be between 1 and 100, got " + iterations + ".");
        this.iterations = iterations;
        return this;
    }

    /**
     * Bounds every reweighting factor to [1/clip, clip]; extreme factors come from classifier outputs near 0
     * or 1 and blow weights up. Infinite (the default) means no clipping; clipped events are counted.
     */
    public OmniFold clip(double clip) {
        if (!(clip > 1)) throw new HepmlException("--clip must be greater than 1 (a bound on the reweighting factor), got " + clip + ".");
        this.clip = clip;
        return this;
    }

    public OmniFold reference(Reference reference) {
        this.reference = reference;
        return this;
    }

    public OmniFold missing(Missing missing) {
        this.missing = missing;
        return this;
    }

    public OmniFold fakes(Fakes fakes) {
        this.fakes = fakes;
        return this;
    }

    public int iterations() {
        return iterations;
    }

    /** The weights after every iteration and what they did, for convergence plots. */
    public record Iterations(List<double[]> stepOne, List<double[]> stepTwo, List<Diagnostics> diagnostics) {
        public double[] finalWeights() {
            return stepTwo.get(stepTwo.size() - 1);
        }
    }

    /** Per iteration: effective sample size, largest weight, relative change, factors clipped. */
    public record Diagnostics(int iteration, double effectiveSampleSize, double maxWeight, double change, long clipped) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "iteration %d: ESS %.0f, max weight %.3g, change %.2e, clipped %d",
                    iteration, effectiveSampleSize, maxWeight, change, clipped);
        }
    }

    /**
     * Runs the iterations: nu_0 is the simulation's weights; iteration n computes omega_n by step 1 from nu_{n-1},
     * then nu_n by step 2 from omega_n.
     */
    public Iterations run(PairedSimulation sim, MeasuredData data) {
        if (step1 == null || step2 == null) throw new IllegalStateException("reweighters not set");
        List<double[]> ones = new ArrayList<>(), twos = new ArrayList<>();
        List<Diagnostics> diag = new ArrayList<>();
        // the averages for lost events and fakes are separate tasks: their own reweighters
        Reweighter lostAverage = sim.lost().length > 0 && missing == Missing.AVERAGE ? step2.copy() : null;
        Reweighter fakeAverage = sim.fakes().length > 0 && fakes == Fakes.AVERAGE ? step1.copy() : null;
        step1.forget();
        step2.forget();
        double[] nu = sim.prior().clone();
        try (Progress progress = Progress.startNested("OmniFold", 2L * iterations, "steps")) {
            for (int it = 1; it <= iterations; it++) {
                Cancelled.check("OmniFold");
                Step one = stepOne(sim, data, nu, lostAverage);
                ones.add(one.weights());
                progress.update(2L * it - 1, "iteration " + it + ": step 1 done");
                Cancelled.check("OmniFold");

                Step two = stepTwo(sim, one.weights(), nu, fakeAverage);
                diag.add(diagnose(it, two.weights(), nu, one.clipped() + two.clipped()));
                nu = two.weights();
                twos.add(nu);
                progress.update(2L * it, diag.get(diag.size() - 1).toString());
            }
            progress.finish(diag.get(diag.size() - 1).toString());
        } finally {
            step1.forget();
            step2.forget();
            if (lostAverage != null) lostAverage.forget();
            if (fakeAverage != null) fakeAverage.forget();
        }
        return new Iterations(ones, twos, diag);
    }

    /** One step's weights for every simulated event, and how many reweighting factors it clipped. */
    record Step(double[] weights, long clipped) {
    }

    /**
     * Step 1, omega_n(m) = nu_{n-1}(m) L[(1, data), (nu_{n-1}, sim)](m): the simulation weighted by nu_{n-1} is reweighted
     * at detector level to look like the data; the pull gives each event's omega_n to its generator-level partner (the
     * same event index). A lost event has no m: its omega_n is nu_{n-1} E[omega_n / nu_{n-1} | t], learned by
     * {@code lostAverage} among the events seen at both levels (or nu_{n-1} with {@link Missing#PULL_ONE}, no average).
     */
    Step stepOne(PairedSimulation sim, MeasuredData data, double[] nu, Reweighter lostAverage) {
        Clipping clipping = new Clipping();
        int[] passing = sim.passing();
        // The two samples are different events (the data and the simulation), so no event sits in both classes and a
        // random validation split needs no grouping here, unlike step 2 (even if the data were the simulation itself,
        // the copies are two samples the classifier is asked to tell apart, not one event twice).
        double[] factor = clipping.bound(step1.fit(data.reco(), data.weights(), sim.recoOf(passing), pick(nu, passing))
                .at(sim.recoOf(passing)));
        // weights are indexed by event, so omega_n set at detector level is already pulled to the generator-level partner
        double[] omega = nu.clone();
        for (int k = 0; k < passing.length; k++) omega[passing[k]] = nu[passing[k]] * factor[k];
        if (lostAverage != null) {
            int[] matched = sim.matched(), lost = sim.lost();
            double[] average = clipping.bound(lostAverage.fitSameEvents(sim.genOf(matched), pick(omega, matched), pick(nu, matched))
                    .at(sim.genOf(lost)));
            for (int k = 0; k < lost.length; k++) omega[lost[k]] = nu[lost[k]] * average[k];
        }
        return new Step(omega, clipping.count);
    }

    /**
     * Step 2, nu_n(t) = nu_ref(t) L[(omega_n, gen), (nu_ref, gen)](t): the generator-level simulation weighted by nu_ref
     * is reweighted to the pulled weights omega_n, which makes the new weights a function of the generator-level event
     * alone; the push gives nu_n to the detector-level partner for the next step 1. Both classes are the same events
     * under two weights, so the reweighter is told so ({@link Reweighter#fitSameEvents}) and a classifier keeps both
     * copies of an event on the same side of its validation split. A fake has no t: its nu_n is nu_{n-1} E[nu_n /
     * nu_{n-1} | m] learned by {@code fakeAverage} ({@link Fakes#AVERAGE}), nu_0 times the change of the unfolded total
     * ({@link Fakes#SCALE}) or nu_{n-1} ({@link Fakes#PUSH_ONE}).
     */
    Step stepTwo(PairedSimulation sim, double[] omega, double[] nu, Reweighter fakeAverage) {
        Clipping clipping = new Clipping();
        int[] generated = sim.generated();
        double[] ref = reference == Reference.PREVIOUS ? nu : sim.prior();
        double[] factor = clipping.bound(step2.fitSameEvents(sim.genOf(generated), pick(omega, generated), pick(ref, generated))
                .at(sim.genOf(generated)));
        // indexed by event: nu_n set at generator level is already pushed to the detector-level partner
        double[] next = nu.clone();
        for (int k = 0; k < generated.length; k++) next[generated[k]] = ref[generated[k]] * factor[k];
        int[] fake = sim.fakes();
        if (fakeAverage != null) {
            int[] matched = sim.matched();
            double[] average = clipping.bound(fakeAverage.fitSameEvents(sim.recoOf(matched), pick(next, matched), pick(nu, matched))
                    .at(sim.recoOf(fake)));
            for (int k = 0; k < fake.length; k++) next[fake[k]] = nu[fake[k]] * average[k];
        }
        if (fake.length > 0 && fakes == Fakes.SCALE) {
            double total = 0, total0 = 0;
            for (int i : generated) {
                total += next[i];
                total0 += sim.prior()[i];
            }
            for (int i : fake) next[i] = sim.prior()[i] * total / total0;
        }
        return new Step(next, clipping.count);
    }

    /** Bounds reweighting factors to [1/clip, clip], counting the ones it bounds; a diverged classifier is an error. */
    private final class Clipping {
        long count;

        double[] bound(double[] factors) {
            for (int i = 0; i < factors.length; i++) {
                double f = factors[i];
                if (!Double.isFinite(f) || f < 0) {
                    throw new HepmlException("A reweighting factor came out as " + f + " (event " + i + "); the classifier"
                            + " diverged. Use --clip, a smaller learning rate or fewer epochs.");
                }
                if (f > clip) {
                    factors[i] = clip;
                    count++;
                } else if (f < 1 / clip) {
                    factors[i] = 1 / clip;
                    count++;
                }
            }
            return factors;
        }
    }

    static Diagnostics diagnose(int it, double[] w, double[] previous, long clipped) {
        double s = 0, s2 = 0, max = 0, change = 0, norm = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i];
            s2 += w[i] * w[i];
            max = Math.max(max, Math.abs(w[i]));
            change += Math.abs(w[i] - previous[i]);
            norm += Math.abs(previous[i]);
        }
        return new Diagnostics(it, s2 > 0 ? s * s / s2 : 0, max, norm > 0 ? change / norm : 0, clipped);
    }
}
