package org.hepml.engine;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.events.sim.TractableSimulator;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.Histogram;
import org.hepml.engine.plot.HistogramPlot;

import java.util.Map;

/**
 * The Java twin of the magics: what {@code %events}, {@code %plot} and friends do, callable from a Java
 * cell or any Java program, on the same workspace the magics use. In a notebook, {@code hep} is imported
 * statically, so a cell reads {@code hep.dataset("data").summary()}.
 */
public final class Hep {
    /** The kernel's instance, on the global workspace. */
    public static final Hep hep = new Hep(Workspace.global());

    private final Workspace workspace;

    public Hep(Workspace workspace) {
        this.workspace = workspace;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** The dataset stored under {@code name}. */
    public Dataset dataset(String name) {
        return workspace.dataset(name);
    }

    /** Stores a dataset under its own name and returns it. */
    public Dataset store(Dataset d) {
        return workspace.put(d.name(), d);
    }

    /**
     * Stores a value (a number, a string, any result) under a name. Magics can use numbers and strings
     * stored this way in their arguments as {@code {name}}, e.g. {@code %events simulate gaussian --n {N}}.
     */
    public <T> T set(String name, T value) {
        return workspace.put(name, value);
    }

    /** Anything stored under a name (models, figures, results). */
    public Object get(String name) {
        return workspace.get(name);
    }

    /** A stored result of a known kind, e.g. {@code hep.get("carl", RatioEstimator.class)}. */
    public <T> T get(String name, Class<T> kind) {
        return workspace.get(name, kind, kind.getSimpleName());
    }

    public Map<String, Object> list() {
        return workspace.entries();
    }

    /** A Gaussian toy simulator ({@code %events simulate gaussian}); call {@code generate(name, n)} on it. */
    public GaussianToy gaussianToy() {
        return new GaussianToy();
    }

    /** Simulates the Gaussian toy and stores the result ({@code %events simulate gaussian ... --as name}). */
    public Dataset simulateGaussian(String name, int n, GaussianToy toy) {
        return store(toy.generate(name, n));
    }

    /** The Galton board of the mining-gold paper, with its exact likelihood. */
    public GaltonBoard galton() {
        return new GaltonBoard();
    }

    /** e+e- -> mu+mu- with sin^2 theta_W as parameter at the Z pole; see {@link ElectroweakMuonPairs} for more. */
    public ElectroweakMuonPairs eeMuMu() {
        return new ElectroweakMuonPairs();
    }

    /**
     * Inference datasets from a tractable simulator ({@code %events simulate galton|ee-mumu}): set
     * {@code theta(...)}, optionally {@code reference(...)} and {@code augment(true)}, then
     * {@code generate(name, n)} and {@link #store} the result.
     */
    public AugmentedSimulation simulate(TractableSimulator simulator) {
        return new AugmentedSimulation(simulator);
    }

    /**
     * Expected coverage ({@code %infer coverage}): pseudo-experiments drawn from {@code simulator} at {@code truth};
     * add {@code model(label, estimator)}, {@code exact(true)}, {@code experiments(K)}, {@code events(N)},
     * optionally {@code grid(...)} and {@code levels(...)}, then {@code run()}.
     */
    public org.hepml.engine.sbi.CoverageStudy coverage(TractableSimulator simulator, double... truth) {
        return new org.hepml.engine.sbi.CoverageStudy(simulator, truth);
    }

    /** A histogram of a dataset column, weighted by its {@code weight} column when it has one. */
    public Histogram hist(String dataset, String column, int bins, double lo, double hi) {
        Dataset d = dataset(dataset);
        return Histogram.of(d.name(), d.column(column), d.has("weight") ? d.column("weight") : null, bins, lo, hi);
    }

    /** A HEP-style figure of histograms with a ratio panel to the last one ({@code %plot hist ... --ratio-to}). */
    public Figure plotWithRatio(String xLabel, Histogram... hs) {
        return HistogramPlot.of(hs).xLabel(xLabel).ratioTo(hs.length - 1).figure();
    }
}
