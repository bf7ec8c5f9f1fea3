package org.hepml.engine.events.io;

import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.observables.Observables;
import org.hepml.engine.events.observables.Vocabulary;
import org.hepml.engine.events.ColumnRole;
import org.hepml.engine.events.JaggedColumn;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link EventFiles#load} returns: the per-event {@link Dataset} ({@code weight}, {@code weight.<id>},
 * {@code x.*} observables, {@code scale}, {@code alpha_s}, {@code alpha_qed}, {@code process_id},
 * {@code n_particles}), the particle arrays, and the run information. Immutable.
 */
public final class LoadedEvents {
    private final Path file;
    private final Dataset events;
    private final ParticleArrays particles;
    private final RunInfo runInfo;
    private final Map<String, Map<String, Double>> parameters;
    private final Map<String, JaggedColumn> jagged;

    LoadedEvents(Path file, Dataset events, ParticleArrays particles, RunInfo runInfo, Map<String, Map<String, Double>> parameters) {
        this(file, events, particles, runInfo, parameters, Map.of());
    }

    LoadedEvents(Path file, Dataset events, ParticleArrays particles, RunInfo runInfo, Map<String, Map<String, Double>> parameters,
                 Map<String, JaggedColumn> jagged) {
        this.file = file;
        this.events = events;
        this.particles = particles;
        this.runInfo = runInfo;
        this.parameters = Map.copyOf(parameters);
        this.jagged = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(jagged));
    }

    /**
     * The variable-length columns of a ROOT, Arrow or Parquet file (a Delphes {@code Jet.PT}: one list per event), by
     * their name in the file, in file order; empty for other formats.
     */
    public Map<String, JaggedColumn> jagged() {
        return jagged;
    }

    /** One variable-length column by its name in the file. */
    public JaggedColumn jagged(String column) {
        JaggedColumn j = jagged.get(column);
        if (j == null) {
            throw new HepmlException(file.getFileName() + " has no variable-length column '" + column + "'"
                    + (jagged.isEmpty() ? "." : "; it has " + String.join(", ", jagged.keySet()) + "."));
        }
        return j;
    }

    public Path file() {
        return file;
    }

    /** One row per event. */
    public Dataset events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    public boolean hasParticles() {
        return particles != null;
    }

    /** The particle-level events; fails if the file was loaded with {@code keepParticles(false)} or is a flat table. */
    public ParticleArrays particles() {
        if (particles == null) {
            throw new HepmlException("The particles of " + file.getFileName() + " were not kept (a flat table, or loaded with "
                    + "keepParticles=false). Load it again keeping them to compute more observables.");
        }
        return particles;
    }

    public RunInfo runInfo() {
        return runInfo;
    }

    /** A copy whose Dataset has more {@code x.*} columns computed from the particles. */
    public LoadedEvents withObservables(String expression) {
        return withObservables(Observables.parse(expression, Vocabulary.standard()));
    }

    public LoadedEvents withObservables(Observables observables) {
        Dataset d = events;
        for (Map.Entry<String, double[]> c : observables.compute(particles()).entrySet()) d = d.withColumn(c.getKey(), c.getValue());
        return new LoadedEvents(file, d, particles, runInfo, parameters, jagged);
    }

    /**
     * Attaches physics parameter values to a weight column: the weight {@code weight.rw0001} was computed at
     * {@code theta = {"cW": 0.5}}. {@link #jointRatio} then writes them as {@code theta.*} columns.
     */
    public LoadedEvents withParameters(String weightColumn, Map<String, Double> theta) {
        String c = weightColumn(weightColumn);
        Map<String, Map<String, Double>> p = new LinkedHashMap<>(parameters);
        p.put(c, Map.copyOf(theta));
        return new LoadedEvents(file, events, particles, runInfo, p, jagged);
    }

    /** The parameter values attached to each weight column so far. */
    public Map<String, Map<String, Double>> parameters() {
        return parameters;
    }

    /**
     * The joint likelihood ratio between the hypotheses behind two weight columns,
     * r(x,z) = p(z|θ_num) / p(z|θ_den) = (w_num / Σw_num) / (w_den / Σw_den) — the per-event ratio of weights,
     * normalised by each column's total so that it is a ratio of probability densities (as in MadMiner,
     * Brehmer et al., arXiv:1805.00020). Returns the events with {@code r_xz}, {@code weight} set to the
     * denominator weights (the sample the ratio refers to), and {@code theta.*} columns holding the
     * numerator's parameters if they were attached with {@link #withParameters}. Events where the denominator
     * weight is 0 get r_xz = NaN.
     */
    public Dataset jointRatio(String numerator, String denominator) {
        return jointRatio(numerator, denominator, true);
    }

    /**
     * As {@link #jointRatio(String, String)}; with {@code normalise = false} r_xz is the plain per-event weight
     * ratio w_num / w_den — the exact joint ratio when both hypotheses have the same total cross section (as for
     * a pure shape reweighting), without the statistical noise of the sample sums.
     */
    public Dataset jointRatio(String numerator, String denominator, boolean normalise) {
        String num = weightColumn(numerator), den = weightColumn(denominator);
        double[] wn = events.column(num), wd = events.column(den);
        double sn = 0, sd = 0;
        for (int i = 0; i < wn.length; i++) {
            sn += wn[i];
            sd += wd[i];
        }
        if (sn == 0 || sd == 0 || Double.isNaN(sn) || Double.isNaN(sd)) {
            throw new HepmlException("Cannot normalise the weights for a joint ratio: the sum of '" + (sn == 0 || Double.isNaN(sn) ? num : den)
                    + "' over " + wn.length + " events is " + (sn == 0 || Double.isNaN(sn) ? sn : sd) + ".");
        }
        if (!normalise) sn = sd = 1;
        double[] r = new double[wn.length];
        for (int i = 0; i < r.length; i++) r[i] = wd[i] == 0 ? Double.NaN : (wn[i] / sn) / (wd[i] / sd);
        Dataset d = events.withColumn("r_xz", r).withColumn("weight", wd);
        Map<String, Double> theta = parameters.getOrDefault(num, Map.of());
        for (Map.Entry<String, Double> t : theta.entrySet()) {
            double[] v = new double[r.length];
            Arrays.fill(v, t.getValue());
            d = d.withColumn("theta." + t.getKey(), v);
        }
        Map<String, String> m = new LinkedHashMap<>(d.metadata());
        m.put("r_xz.normalised", String.valueOf(normalise));
        m.put("r_xz.numerator", num + (theta.isEmpty() ? "" : " " + theta));
        m.put("r_xz.denominator", den + " " + parameters.getOrDefault(den, Map.of()));
        return new Dataset(d.name(), d.table(), m);
    }

    /**
     * A ratio-training sample for the likelihood-ratio estimators (CARL, ROLR, ALICE, ...) from the reweighting
     * weights of one event sample, MadMiner-style: for every numerator weight column (theta0, with parameters
     * attached by {@link #withParameters}) each event appears twice, once with label y = 0 weighted by the
     * numerator weights (so the class follows p(x | theta0)) and once with y = 1 weighted by the reference weights
     * (p(x | theta1)), both with theta.* = theta0 and the joint ratio r_xz of {@link #jointRatio}. Each class
     * of each numerator is normalised to the number of events. A parametrized estimator trained on it learns
     * r(x | theta0, theta1) between the weight points and interpolates in theta0.
     */
    public Dataset ratioTrainingSample(String reference, String... numerators) {
        if (numerators.length == 0) throw new HepmlException("Name at least one numerator weight column (theta0) besides the reference.");
        String ref = weightColumn(reference);
        List<String> obs = events.columns(ColumnRole.OBSERVABLE);
        if (obs.isEmpty()) throw new HepmlException("No observables to learn from: load " + file.getFileName() + " with --observables.");
        Set<String> names = null;
        for (String num : numerators) {
            Map<String, Double> th = parameters.get(weightColumn(num));
            if (th == null || th.isEmpty()) {
                throw new HepmlException("Weight column '" + weightColumn(num) + "' has no parameter values: attach them first with"
                        + " withParameters(\"" + weightColumn(num) + "\", Map.of(\"name\", value)).");
            }
            if (names == null) names = new TreeSet<>(th.keySet());
            else if (!names.equals(th.keySet())) {
                throw new HepmlException("The numerators' parameters differ: " + names + " and " + th.keySet() + " (" + weightColumn(num) + ").");
            }
        }
        int n = events.size(), rows = 2 * n * numerators.length;
        Dataset.Builder b = Dataset.builder(events.name() + "_ratio");
        double[][] x = new double[obs.size()][rows];
        double[][] theta = new double[names.size()][rows];
        double[] y = new double[rows], r = new double[rows], w = new double[rows];
        List<String> pnames = List.copyOf(names);
        for (int k = 0; k < numerators.length; k++) {
            Dataset jr = jointRatio(numerators[k], ref);
            double[] rk = jr.column("r_xz"), wn = events.column(weightColumn(numerators[k])), wd = events.column(ref);
            double sn = Arrays.stream(wn).sum(), sd = Arrays.stream(wd).sum();
            Map<String, Double> th = parameters.get(weightColumn(numerators[k]));
            for (int label = 0; label < 2; label++) {
                int off = (2 * k + label) * n;
                for (int j = 0; j < obs.size(); j++) System.arraycopy(events.column(obs.get(j)), 0, x[j], off, n);
                for (int i = 0; i < n; i++) {
                    y[off + i] = label;
                    r[off + i] = rk[i];
                    w[off + i] = label == 0 ? wn[i] / sn * n : wd[i] / sd * n;
                }
                for (int p = 0; p < pnames.size(); p++) Arrays.fill(theta[p], off, off + n, th.get(pnames.get(p)));
            }
        }
        for (int j = 0; j < obs.size(); j++) b.column(obs.get(j), x[j]);
        for (int p = 0; p < pnames.size(); p++) b.column("theta." + pnames.get(p), theta[p]);
        b.column("y", y).column("r_xz", r).column("weight", w);
        b.meta("ratio sample", "reference " + ref + ", numerators " + String.join(", ", numerators) + " from " + file.getFileName());
        return b.build();
    }

    private String weightColumn(String c) {
        String col = c.startsWith("weight") ? c : "weight." + c;
        if (!events.has(col)) {
            throw new HepmlException("No weight column '" + col + "' in " + file.getFileName() + ". Its weights are: "
                    + String.join(", ", events.columnNames().stream().filter(n -> n.startsWith("weight")).toList()) + ".");
        }
        return col;
    }

    public EventFileSummary summary() {
        return EventFileSummary.of(this);
    }

    @Override
    public String toString() {
        return runInfo.format().title() + " " + file.getFileName() + ": " + size() + " events" + (particles != null ? ", " + particles.particles() + " particles" : "");
    }
}
