package org.hepml.engine.unfold;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
     * Runs the iterations.
     * @param gen    generator-level features of the simulation ({@code null} rows or {@code hasGen[i] = false} for fakes)
     * @param reco   detector-level features of the simulation ({@code hasReco[i] = false} for lost events)
     * @param prior  the simulation's weights nu_0
     * @param data   detector-level features of the data, with weights {@code dataWeights}
     */
    public Iterations run(double[][] gen, boolean[] hasGen, double[][] reco, boolean[] hasReco, double[] prior,
                          double[][] data, double[] dataWeights) {
        if (step1 == null || step2 == null) throw new IllegalStateException("reweighters not set");
        int n = prior.length;
        if (gen.length != n || reco.length != n || hasGen.length != n || hasReco.length != n) {
            throw new HepmlException("The simulation's generator-level, detector-level and weight columns differ in length.");
        }
        int[] pass = indices(hasReco, true), genIdx = indices(hasGen, true);
        int[] lost = indicesBoth(hasGen, hasReco, true, false), fake = indicesBoth(hasGen, hasReco, false, true);
        int[] matched = indicesBoth(hasGen, hasReco, true, true);
        if (pass.length == 0) throw new HepmlException("No simulated event passes the detector selection: nothing to compare with the data.");
        if (genIdx.length == 0) throw new HepmlException("No simulated event has generator-level values to unfold to.");

        List<double[]> ones = new ArrayList<>(), twos = new ArrayList<>();
        List<Diagnostics> diag = new ArrayList<>();
        double[] nu = prior.clone();
        // the averages for lost events and fakes are separate tasks: their own reweighters
        Reweighter lostAverage = lost.length > 0 && missing == Missing.AVERAGE ? step2.copy() : null;
        Reweighter fakeAverage = fake.length > 0 && fakes == Fakes.AVERAGE ? step1.copy() : null;
        step1.forget();
        step2.forget();
        try (Progress progress = Progress.startNested("OmniFold", 2L * iterations, "steps")) {
            for (int it = 1; it <= iterations; it++) {
                Cancelled.check("OmniFold");
                long[] clipped = {0};
                // Step 1: detector level, simulation towards data.
                double[] factor1 = bounded(step1.fit(data, dataWeights, rows(reco, pass), pick(nu, pass)).at(rows(reco, pass)), clipped);
                double[] omega = nu.clone();
                for (int k = 0; k < pass.length; k++) omega[pass[k]] = nu[pass[k]] * factor1[k];
                if (lost.length > 0 && missing == Missing.AVERAGE) {
                    // E[omega / nu | t] among passing events with a generator-level partner, at the lost events' t
                    double[] avg = bounded(lostAverage.fit(rows(gen, matched), pick(omega, matched), rows(gen, matched), pick(nu, matched))
                            .at(rows(gen, lost)), clipped);
                    for (int k = 0; k < lost.length; k++) omega[lost[k]] = nu[lost[k]] * avg[k];
                }
                ones.add(omega);
                progress.update(2L * it - 1, "iteration " + it + ": step 1 done");
                Cancelled.check("OmniFold");

                // Step 2: generator level, prior (or previous) towards the pulled weights.
                double[] ref = reference == Reference.PREVIOUS ? nu : prior;
                double[] factor2 = bounded(step2.fit(rows(gen, genIdx), pick(omega, genIdx), rows(gen, genIdx), pick(ref, genIdx))
                        .at(rows(gen, genIdx)), clipped);
                double[] next = nu.clone();
                for (int k = 0; k < genIdx.length; k++) next[genIdx[k]] = ref[genIdx[k]] * factor2[k];
                if (fake.length > 0 && fakes == Fakes.AVERAGE) {
                    // E[nu_n / nu_{n-1} | m] among matched events, at the fakes' detector-level values
                    double[] avg = bounded(fakeAverage.fit(rows(reco, matched), pick(next, matched), rows(reco, matched), pick(nu, matched))
                            .at(rows(reco, fake)), clipped);
                    for (int k = 0; k < fake.length; k++) next[fake[k]] = nu[fake[k]] * avg[k];
                }
                if (fake.length > 0 && fakes == Fakes.SCALE) {
                    double total = 0, total0 = 0;
                    for (int i : genIdx) {
                        total += next[i];
                        total0 += prior[i];
                    }
                    for (int i : fake) next[i] = prior[i] * total / total0;
                }
                diag.add(diagnose(it, next, nu, clipped[0]));
                nu = next;
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

    private double[] bounded(double[] factors, long[] clipped) {
        for (int i = 0; i < factors.length; i++) {
            double f = factors[i];
            if (!Double.isFinite(f) || f < 0) {
                throw new HepmlException("A reweighting factor came out as " + f + " (event " + i + "); the classifier"
                        + " diverged. Use --clip, a smaller learning rate or fewer epochs.");
            }
            if (f > clip) {
                factors[i] = clip;
                clipped[0]++;
            } else if (f < 1 / clip) {
                factors[i] = 1 / clip;
                clipped[0]++;
            }
        }
        return factors;
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

    static int[] indices(boolean[] mask, boolean value) {
        int c = 0;
        for (boolean b : mask) if (b == value) c++;
        int[] out = new int[c];
        c = 0;
        for (int i = 0; i < mask.length; i++) if (mask[i] == value) out[c++] = i;
        return out;
    }

    static int[] indicesBoth(boolean[] a, boolean[] b, boolean va, boolean vb) {
        int c = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == va && b[i] == vb) c++;
        int[] out = new int[c];
        c = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == va && b[i] == vb) out[c++] = i;
        return out;
    }

    static double[][] rows(double[][] x, int[] idx) {
        double[][] out = new double[idx.length][];
        for (int k = 0; k < idx.length; k++) out[k] = x[idx[k]];
        return out;
    }

    static double[] pick(double[] w, int[] idx) {
        double[] out = new double[idx.length];
        for (int k = 0; k < idx.length; k++) out[k] = w[idx[k]];
        return out;
    }
}
