package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.observables.Observables;
import org.hepml.engine.events.observables.Vocabulary;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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

    LoadedEvents(Path file, Dataset events, ParticleArrays particles, RunInfo runInfo, Map<String, Map<String, Double>> parameters) {
        this.file = file;
        this.events = events;
        this.particles = particles;
        this.runInfo = runInfo;
        this.parameters = Map.copyOf(parameters);
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
        return new LoadedEvents(file, d, particles, runInfo, parameters);
    }

    /**
     * Attaches physics parameter values to a weight column: the weight {@code weight.rw0001} was computed at
     * {@code theta = {"cW": 0.5}}. {@link #jointRatio} then writes them as {@code theta.*} columns.
     */
    public LoadedEvents withParameters(String weightColumn, Map<String, Double> theta) {
        String c = weightColumn(weightColumn);
        Map<String, Map<String, Double>> p = new LinkedHashMap<>(parameters);
        p.put(c, Map.copyOf(theta));
        return new LoadedEvents(file, events, particles, runInfo, p);
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
            java.util.Arrays.fill(v, t.getValue());
            d = d.withColumn("theta." + t.getKey(), v);
        }
        Map<String, String> m = new LinkedHashMap<>(d.metadata());
        m.put("r_xz.normalised", String.valueOf(normalise));
        m.put("r_xz.numerator", num + (theta.isEmpty() ? "" : " " + theta));
        m.put("r_xz.denominator", den + " " + parameters.getOrDefault(den, Map.of()));
        return new Dataset(d.name(), d.table(), m);
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
