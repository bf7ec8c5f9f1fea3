package org.hepml.engine.unfold;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
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
        return runTogether(List.of(this), sim, List.of(data)).get(0);
    }

    /**
     * Runs several unfoldings of one simulation in step, run r on {@code data.get(r)}: the replicas of an unfolding
     * (other classifier seeds, bootstrap samples of the data: the same events under other weights). Every step fits
     * the runs' reweighters together, so that their classifiers train as one fused network per step
     * ({@link ClassifierReweighter#fitTogether}) instead of one after another; each run gives what its own
     * {@link #run} gives, to float rounding. Runs that share a reweighter instance, or whose reweighters are not all
     * classifiers, run one after another.
     */
    public static List<Iterations> runTogether(List<OmniFold> runs, PairedSimulation sim, List<MeasuredData> data) {
        return runTogether(runs, sim, data, true);
    }

    /** Each run's final weights, as {@link #runTogether}, keeping only the last iteration's weights of each run on the way. */
    static List<double[]> finalWeightsTogether(List<OmniFold> runs, PairedSimulation sim, List<MeasuredData> data) {
        return runTogether(runs, sim, data, false).stream().map(Iterations::finalWeights).toList();
    }

    private static List<Iterations> runTogether(List<OmniFold> runs, PairedSimulation sim, List<MeasuredData> data, boolean everyIteration) {
        if (runs.size() != data.size()) throw new IllegalArgumentException(runs.size() + " runs for " + data.size() + " data sets");
        for (OmniFold o : runs) if (o.step1 == null || o.step2 == null) throw new IllegalStateException("reweighters not set");
        if (runs.size() > 1 && !inStep(runs)) {
            List<Iterations> out = new ArrayList<>();
            for (int r = 0; r < runs.size(); r++) out.add(runs.get(r).run(sim, data.get(r)));
            return out;
        }
        int k = runs.size(), iterations = runs.get(0).iterations;
        List<List<double[]>> ones = new ArrayList<>(), twos = new ArrayList<>();
        List<List<Diagnostics>> diag = new ArrayList<>();
        // the averages for lost events and fakes are separate tasks: their own reweighters
        List<Reweighter> lostAverage = new ArrayList<>(), fakeAverage = new ArrayList<>();
        List<double[]> nu = new ArrayList<>();
        for (OmniFold o : runs) {
            lostAverage.add(sim.lost().length > 0 && o.missing == Missing.AVERAGE ? o.step2.copy() : null);
            fakeAverage.add(sim.fakes().length > 0 && o.fakes == Fakes.AVERAGE ? o.step1.copy() : null);
            o.step1.forget();
            o.step2.forget();
            nu.add(sim.prior().clone());
            ones.add(new ArrayList<>());
            twos.add(new ArrayList<>());
            diag.add(new ArrayList<>());
        }
        String title = k == 1 ? "OmniFold" : "OmniFold, " + k + " runs fused";
        String which = k == 1 ? "" : " (the first run)";
        try (Progress progress = Progress.startNested(title, 2L * iterations, "steps")) {
            for (int it = 1; it <= iterations; it++) {
                Cancelled.check("OmniFold");
                List<Step> one = stepOne(runs, sim, data, nu, lostAverage);
                for (int r = 0; r < k; r++) {
                    if (!everyIteration) ones.get(r).clear();
                    ones.get(r).add(one.get(r).weights());
                }
                progress.update(2L * it - 1, "iteration " + it + ": step 1 done");
                Cancelled.check("OmniFold");

                List<double[]> omega = one.stream().map(Step::weights).toList();
                List<Step> two = stepTwo(runs, sim, omega, nu, fakeAverage);
                for (int r = 0; r < k; r++) {
                    diag.get(r).add(diagnose(it, two.get(r).weights(), nu.get(r), one.get(r).clipped() + two.get(r).clipped()));
                    nu.set(r, two.get(r).weights());
                    if (!everyIteration) twos.get(r).clear();
                    twos.get(r).add(nu.get(r));
                }
                progress.update(2L * it, last(diag.get(0)) + which);
            }
            progress.finish(last(diag.get(0)) + which);
        } finally {
            for (int r = 0; r < k; r++) {
                runs.get(r).step1.forget();
                runs.get(r).step2.forget();
                if (lostAverage.get(r) != null) lostAverage.get(r).forget();
                if (fakeAverage.get(r) != null) fakeAverage.get(r).forget();
            }
        }
        List<Iterations> out = new ArrayList<>();
        for (int r = 0; r < k; r++) out.add(new Iterations(ones.get(r), twos.get(r), diag.get(r)));
        return out;
    }

    private static Diagnostics last(List<Diagnostics> d) {
        return d.get(d.size() - 1);
    }

    /**
     * Whether the runs can go in step: one iteration count, classifiers as reweighters, and no reweighter shared between
     * runs (a classifier that warm-starts keeps one run's network).
     */
    private static boolean inStep(List<OmniFold> runs) {
        Set<Reweighter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (OmniFold o : runs) {
            if (o.iterations != runs.get(0).iterations || !(o.step1 instanceof ClassifierReweighter) || !(o.step2 instanceof ClassifierReweighter)
                    || !seen.add(o.step1) || !seen.add(o.step2)) {
                return false;
            }
        }
        return true;
    }

    /** One step's weights for every simulated event, and how many reweighting factors it clipped. */
    record Step(double[] weights, long clipped) {
    }

    Step stepOne(PairedSimulation sim, MeasuredData data, double[] nu, Reweighter lostAverage) {
        return stepOne(List.of(this), sim, List.of(data), List.of(nu), Collections.singletonList(lostAverage)).get(0);
    }

    /**
     * Step 1, omega_n(m) = nu_{n-1}(m) L[(1, data), (nu_{n-1}, sim)](m): the simulation weighted by nu_{n-1} is reweighted
     * at detector level to look like the data; the pull gives each event's omega_n to its generator-level partner (the
     * same event index). A lost event has no m: its omega_n is nu_{n-1} E[omega_n / nu_{n-1} | t], learned by
     * {@code lostAverage} among the events seen at both levels (or nu_{n-1} with {@link Missing#PULL_ONE}, no average).
     * For every run r of {@code runs}, with its data, weights and averaging reweighter.
     */
    static List<Step> stepOne(List<OmniFold> runs, PairedSimulation sim, List<MeasuredData> data, List<double[]> nu, List<Reweighter> lostAverage) {
        int k = runs.size();
        List<Clipping> clipping = runs.stream().map(o -> o.new Clipping()).toList();
        int[] passing = sim.passing();
        // The two samples are different events (the data and the simulation), so no event sits in both classes and a
        // random validation split needs no grouping here, unlike step 2 (even if the data were the simulation itself,
        // the copies are two samples the classifier is asked to tell apart, not one event twice).
        double[][] reco = sim.recoOf(passing);
        List<Reweighter.DensityRatio> ratios = fitAll(runs.stream().map(o -> o.step1).toList(), data.stream().map(MeasuredData::reco).toList(),
                data.stream().map(MeasuredData::weights).toList(), reco, nu.stream().map(v -> pick(v, passing)).toList(), false);
        List<double[]> omega = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            double[] factor = clipping.get(r).bound(ratios.get(r).at(reco));
            // weights are indexed by event, so omega_n set at detector level is already pulled to the generator-level partner
            double[] o = nu.get(r).clone();
            for (int i = 0; i < passing.length; i++) o[passing[i]] = nu.get(r)[passing[i]] * factor[i];
            omega.add(o);
        }
        List<Integer> lostRuns = runsWith(lostAverage);
        if (!lostRuns.isEmpty()) {
            int[] matched = sim.matched(), lost = sim.lost();
            double[][] gen = sim.genOf(matched), genLost = sim.genOf(lost);
            List<Reweighter.DensityRatio> averages = fitAll(lostRuns.stream().map(lostAverage::get).toList(), lostRuns.stream().map(r -> gen).toList(),
                    lostRuns.stream().map(r -> pick(omega.get(r), matched)).toList(), gen, lostRuns.stream().map(r -> pick(nu.get(r), matched)).toList(), true);
            for (int q = 0; q < lostRuns.size(); q++) {
                int r = lostRuns.get(q);
                double[] average = clipping.get(r).bound(averages.get(q).at(genLost));
                for (int i = 0; i < lost.length; i++) omega.get(r)[lost[i]] = nu.get(r)[lost[i]] * average[i];
            }
        }
        List<Step> out = new ArrayList<>();
        for (int r = 0; r < k; r++) out.add(new Step(omega.get(r), clipping.get(r).count));
        return out;
    }

    Step stepTwo(PairedSimulation sim, double[] omega, double[] nu, Reweighter fakeAverage) {
        return stepTwo(List.of(this), sim, List.of(omega), List.of(nu), Collections.singletonList(fakeAverage)).get(0);
    }

    /**
     * Step 2, nu_n(t) = nu_ref(t) L[(omega_n, gen), (nu_ref, gen)](t): the generator-level simulation weighted by nu_ref
     * is reweighted to the pulled weights omega_n, which makes the new weights a function of the generator-level event
     * alone; the push gives nu_n to the detector-level partner for the next step 1. Both classes are the same events
     * under two weights, so the reweighter is told so ({@link Reweighter#fitSameEvents}) and a classifier keeps both
     * copies of an event on the same side of its validation split. A fake has no t: its nu_n is nu_{n-1} E[nu_n /
     * nu_{n-1} | m] learned by {@code fakeAverage} ({@link Fakes#AVERAGE}), nu_0 times the change of the unfolded total
     * ({@link Fakes#SCALE}) or nu_{n-1} ({@link Fakes#PUSH_ONE}). For every run r of {@code runs}.
     */
    static List<Step> stepTwo(List<OmniFold> runs, PairedSimulation sim, List<double[]> omega, List<double[]> nu, List<Reweighter> fakeAverage) {
        int k = runs.size();
        List<Clipping> clipping = runs.stream().map(o -> o.new Clipping()).toList();
        int[] generated = sim.generated();
        double[][] gen = sim.genOf(generated);
        List<double[]> ref = new ArrayList<>();
        for (int r = 0; r < k; r++) ref.add(runs.get(r).reference == Reference.PREVIOUS ? nu.get(r) : sim.prior());
        List<Reweighter.DensityRatio> ratios = fitAll(runs.stream().map(o -> o.step2).toList(), runs.stream().map(o -> gen).toList(),
                omega.stream().map(v -> pick(v, generated)).toList(), gen, ref.stream().map(v -> pick(v, generated)).toList(), true);
        List<double[]> next = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            double[] factor = clipping.get(r).bound(ratios.get(r).at(gen));
            // indexed by event: nu_n set at generator level is already pushed to the detector-level partner
            double[] v = nu.get(r).clone();
            for (int i = 0; i < generated.length; i++) v[generated[i]] = ref.get(r)[generated[i]] * factor[i];
            next.add(v);
        }
        int[] fake = sim.fakes();
        List<Integer> fakeRuns = runsWith(fakeAverage);
        if (!fakeRuns.isEmpty()) {
            int[] matched = sim.matched();
            double[][] reco = sim.recoOf(matched), recoFake = sim.recoOf(fake);
            List<Reweighter.DensityRatio> averages = fitAll(fakeRuns.stream().map(fakeAverage::get).toList(), fakeRuns.stream().map(r -> reco).toList(),
                    fakeRuns.stream().map(r -> pick(next.get(r), matched)).toList(), reco, fakeRuns.stream().map(r -> pick(nu.get(r), matched)).toList(), true);
            for (int q = 0; q < fakeRuns.size(); q++) {
                int r = fakeRuns.get(q);
                double[] average = clipping.get(r).bound(averages.get(q).at(recoFake));
                for (int i = 0; i < fake.length; i++) next.get(r)[fake[i]] = nu.get(r)[fake[i]] * average[i];
            }
        }
        List<Step> out = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            double[] v = next.get(r);
            if (fake.length > 0 && runs.get(r).fakes == Fakes.SCALE) {
                double total = 0, total0 = 0;
                for (int i : generated) {
                    total += v[i];
                    total0 += sim.prior()[i];
                }
                for (int i : fake) v[i] = sim.prior()[i] * total / total0;
            }
            out.add(new Step(v, clipping.get(r).count));
        }
        return out;
    }

    /** The runs that have an averaging reweighter. */
    private static List<Integer> runsWith(List<Reweighter> averages) {
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < averages.size(); r++) if (averages.get(r) != null) out.add(r);
        return out;
    }

    /**
     * Fits reweighter r of {@code rs} to L[(weightA_r, a_r), (weightB_r, b)] (with {@code sameEvents}, a_r is b and
     * {@link Reweighter#fitSameEvents} is used): several classifiers on the same events together, fused; else one by one.
     */
    private static List<Reweighter.DensityRatio> fitAll(List<Reweighter> rs, List<double[][]> a, List<double[]> weightA, double[][] b,
                                                        List<double[]> weightB, boolean sameEvents) {
        if (rs.size() > 1 && rs.stream().allMatch(r -> r instanceof ClassifierReweighter) && a.stream().allMatch(x -> x == a.get(0))) {
            int[] groups = null;
            if (sameEvents) {
                groups = new int[2 * b.length];
                for (int i = 0; i < b.length; i++) groups[i] = groups[b.length + i] = i; // as fitSameEvents groups them
            }
            return ClassifierReweighter.fitTogether(rs.stream().map(r -> (ClassifierReweighter) r).toList(), a.get(0), weightA, b, weightB, groups);
        }
        List<Reweighter.DensityRatio> out = new ArrayList<>();
        for (int r = 0; r < rs.size(); r++) {
            out.add(sameEvents ? rs.get(r).fitSameEvents(b, weightA.get(r), weightB.get(r)) : rs.get(r).fit(a.get(r), weightA.get(r), b, weightB.get(r)));
        }
        return out;
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
