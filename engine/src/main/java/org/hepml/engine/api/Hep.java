package org.hepml.engine.api;

import org.hepml.engine.HepmlException;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.bayes.BnnClassifier;
import org.hepml.engine.bayes.BnnOptions;
import org.hepml.engine.bayes.BnnRegressor;
import org.hepml.engine.bayes.RegressionPrediction;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.DatasetSummary;
import org.hepml.engine.events.io.EventFileSet;
import org.hepml.engine.events.io.EventFileSummary;
import org.hepml.engine.events.io.EventFiles;
import org.hepml.engine.events.io.LoadOptions;
import org.hepml.engine.events.io.LoadedEvents;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.events.sim.JetSubstructureToy;
import org.hepml.engine.events.sim.ParameterPrior;
import org.hepml.engine.events.sim.Simulators;
import org.hepml.engine.events.sim.TractableSimulator;
import org.hepml.engine.jets.emd.EnergyMoversDistance;
import org.hepml.engine.jets.emd.ParticleSets;
import org.hepml.engine.jets.emd.TransportPicture;
import org.hepml.engine.events.sim.TopQcdJets;
import org.hepml.engine.events.sim.TwoTuneJets;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.ParticleEvents;
import org.hepml.engine.events.Cut;
import org.hepml.engine.jets.JetDefinition;
import org.hepml.engine.jets.JetObservables;
import org.hepml.engine.jets.Jets;
import org.hepml.engine.tagging.JetSample;
import org.hepml.engine.tagging.Tagger;
import org.hepml.engine.tagging.TaggerOptions;
import org.hepml.engine.tagging.TaggerResult;
import org.hepml.engine.nn.ModelFile;
import org.hepml.engine.plot.AxisLabels;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.plot.Histogram;
import org.hepml.engine.plot.HistogramPlot;
import org.hepml.engine.sbi.CoverageResult;
import org.hepml.engine.sbi.CoverageStudy;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.TwoSampleTest;
import org.hepml.engine.flows.FlowShape;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.sbi.FisherReport;
import org.hepml.engine.sbi.LikelihoodScan;
import org.hepml.engine.sbi.LikelihoodEstimator;
import org.hepml.engine.sbi.LikelihoodMethod;
import org.hepml.engine.sbi.PosteriorEstimator;
import org.hepml.engine.sbi.PosteriorPrior;
import org.hepml.engine.sbi.PosteriorSamples;
import org.hepml.engine.sbi.SimulationBasedCalibration;
import org.hepml.engine.sbi.SummarySimulator;
import org.hepml.engine.sbi.LogRatio;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.RatioEstimator;
import org.hepml.engine.sbi.ScanReport;
import org.hepml.engine.sbi.ScoreEstimator;
import org.hepml.engine.sbi.ScoreSummaryLikelihood;
import org.hepml.engine.unfold.IterativeBayesianUnfolding;
import org.hepml.engine.unfold.OmniFold;
import org.hepml.engine.unfold.ParticleReweighting;
import org.hepml.engine.unfold.UnfoldedSpectrum;
import org.hepml.engine.unfold.Unfolding;
import org.hepml.engine.unfold.UnfoldingPlots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Java twin of the magics: every magic is one call here (or on an engine class with the same name), on the
 * same workspace the magics use, returning the result the magic displays and storing it under {@code as} where the
 * magic's {@code --as} does (null: not stored, where the option is optional). In a notebook, {@code hep} is imported
 * statically, so a cell reads {@code hep.dataset("data").summary()}. The README has the table magic -> Java call.
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

    /**
     * What {@code %events load ... --as NAME} read besides the per-event table: the particles (LHE, HepMC), the run
     * information, and the variable-length columns of a ROOT, Arrow or Parquet file ({@code hep.loaded("delphes").jagged("Jet.PT")}).
     */
    public LoadedEvents loaded(String name) {
        return workspace.get(name + ".file", LoadedEvents.class, "loaded event file (from %events load)");
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

    /** What the workspace holds, as a table ({@code %events list}). */
    public WorkspaceListing listing() {
        return WorkspaceListing.of(workspace);
    }

    /**
     * Removes entries ({@code %events drop}); fails before removing anything if one is unknown. A loaded dataset goes
     * with what {@code %events load} kept of its file (NAME.file).
     */
    public String drop(String... names) {
        for (String n : names) workspace.get(n);
        for (String n : names) {
            workspace.drop(n);
            if (workspace.contains(n + ".file") && workspace.get(n + ".file") instanceof LoadedEvents) workspace.drop(n + ".file");
            if (workspace.contains(n + ".particles") && workspace.get(n + ".particles") instanceof ParticleEvents) workspace.drop(n + ".particles");
            if (workspace.contains(n + ".jets") && workspace.get(n + ".jets") instanceof Jets) workspace.drop(n + ".jets");
        }
        return "Dropped " + String.join(", ", names) + ".";
    }

    /**
     * A selection of a dataset's events and particles, stored under {@code as} ({@code %events select}): events
     * {@code [from, to)} (null: all), then the events passing {@code where} (a {@link Cut} on per-event columns, null:
     * all), then in every event the particles passing {@code particles} (a cut on the jagged columns of one list, null:
     * all). Jagged columns stay aligned with their events.
     */
    public Dataset select(String data, Integer from, Integer to, String where, String particles, String as) {
        Workspace.checkName(as);
        Dataset d = dataset(data);
        Cut events = where == null || where.isBlank() ? null : Cut.parse(where);
        Cut inside = particles == null || particles.isBlank() ? null : Cut.parse(particles);
        if (from != null || to != null) d = d.slice(from == null ? 0 : from, to == null ? d.size() : Math.min(to, d.size()));
        if (events != null) d = d.where(events);
        if (inside != null) d = d.whereParticles(inside);
        return workspace.put(as, d.named(as));
    }

    /** Summary of a dataset: events, sum of weights, and per column its role and moments ({@code %events describe}). */
    public DatasetSummary describe(String dataset) {
        return dataset(dataset).summary();
    }

    // ---- %events load / simulate ----

    /**
     * Loads an event file ({@code %events load FILE --as NAME}): the per-event table under {@code as} (null: the file
     * name without extensions), the file with its particles under {@code as + ".file"}.
     */
    public EventFileSummary load(Path file, LoadOptions options, String as) {
        String name = as != null ? as : defaultName(file);
        Workspace.checkName(name);
        LoadedEvents ev = EventFiles.load(file, options.name(name));
        workspace.put(name + ".file", ev);
        workspace.put(name, ev.events());
        return ev.summary();
    }

    /**
     * Loads many event files as one sample ({@code %events load 'runs/*.lhe.gz' --on WHERE --as NAME}): each a path or a
     * glob in its last part, read where {@code on} says ({@code local} or null: here, one after another; {@code spark},
     * {@code spark://host:port}, {@code spark:MASTER} with the hepml-spark module on the class path, docs/SPARK.md) and
     * joined in file order into one dataset under {@code as} (null: the files' common name, {@link #defaultName(List)}).
     * Particles are not kept. A file that cannot be read is named in the result and left out; where each file's events
     * start and its run information are in the metadata ({@code file.<k>}).
     */
    public EventFileSet.Loaded load(List<String> files, EventFileSet.Reading reading, String as, String on) {
        List<Path> paths = EventFileSet.files(files);
        String name = as != null ? as : defaultName(paths);
        Workspace.checkName(name);
        TaskRunner runner = TaskRunner.on(on);
        EventFileSet.Loaded loaded = EventFileSet.load(paths.stream().map(Path::toString).toList(), reading, name, runner);
        // a file loaded earlier under this name must not stay behind as its NAME.file
        if (workspace.contains(name + ".file") && workspace.get(name + ".file") instanceof LoadedEvents) workspace.drop(name + ".file");
        workspace.put(name, loaded.events());
        return loaded;
    }

    /**
     * The workspace name {@code %events load} gives several files: what their names (without event-file extensions)
     * begin with, less a trailing run number ({@code run_000.lhe.gz ... run_199.lhe} give {@code run}); files with
     * nothing in common must be named ({@code --as}).
     */
    public static String defaultName(List<Path> files) {
        if (files.size() == 1) return defaultName(files.get(0));
        String common = null;
        for (Path f : files) {
            String n = defaultName(f);
            if (common == null) common = n;
            int k = 0;
            while (k < Math.min(common.length(), n.length()) && common.charAt(k) == n.charAt(k)) k++;
            common = common.substring(0, k);
        }
        common = common.replaceAll("[-_.0-9]+$", "");
        if (common.isEmpty() || !(Character.isLetter(common.charAt(0)) || common.charAt(0) == '_')) {
            throw new HepmlException("The " + files.size() + " files (" + files.get(0).getFileName() + ", " + files.get(1).getFileName()
                    + ", ...) have no name in common; name the dataset with --as NAME.");
        }
        return common;
    }

    /** The workspace name {@code %events load} gives a file: its name without event-file extensions. */
    public static String defaultName(Path file) {
        String n = file.getFileName().toString().replaceAll("(\\.(gz|lhe|lhef|hepmc|hepmc2|hepmc3|h5|hdf5|lheh5|csv|tsv|txt|root|parquet|arrow|feather))+$", "");
        n = n.replaceAll("[^A-Za-z0-9_.\\-]", "_");
        return n.isEmpty() || !Character.isLetter(n.charAt(0)) && n.charAt(0) != '_' ? "events_" + n : n;
    }

    /** Simulates {@code n} events of a tractable simulator and stores them ({@code %events simulate galton|ee-mumu}). */
    public Dataset simulate(String as, int n, AugmentedSimulation simulation) {
        Workspace.checkName(as);
        return workspace.put(as, simulation.generate(as, n));
    }

    /** Simulates the Gaussian toy and stores it ({@code %events simulate gaussian}). */
    public Dataset simulate(String as, int n, GaussianToy toy) {
        Workspace.checkName(as);
        return workspace.put(as, toy.generate(as, n));
    }

    /** Simulates the jet-substructure toy and stores it ({@code %events simulate jets}). */
    public Dataset simulate(String as, int n, JetSubstructureToy toy) {
        Workspace.checkName(as);
        return workspace.put(as, toy.generate(as, n));
    }

    // ---- %jets ----

    /** The top/QCD jet simulator ({@code %jets simulate}); configure it, then {@link #simulate(String, int, TopQcdJets)}. */
    public TopQcdJets topQcdJets() {
        return new TopQcdJets();
    }

    /**
     * Simulates top and QCD jets as particle lists ({@code %jets simulate}): the per-jet table (label y, truth.*) under
     * {@code as}, the particles under {@code as + ".particles"}.
     */
    public Dataset simulate(String as, int n, TopQcdJets simulator) {
        Workspace.checkName(as);
        ParticleEvents pe = simulator.generate(as, n);
        workspace.put(as + ".particles", pe);
        return workspace.put(as, pe.events());
    }

    /** The two-tune jet toy of particle-level unfolding ({@code %jets pairs}); configure it, then {@link #simulatePairs}. */
    public TwoTuneJets twoTuneJets() {
        return new TwoTuneJets();
    }

    /**
     * Simulates jets at generator and detector level ({@code %jets pairs}): the per-jet table (truth.*, n_gen, n_reco) under
     * {@code as}, the detector-level particles under {@code as + ".particles"}, the generator-level ones under
     * {@code as + ".gen.particles"} (so {@code %jets cluster AS} and {@code %jets cluster AS.gen} make jets of either level).
     */
    public Dataset simulatePairs(String as, int n, TwoTuneJets simulator) {
        Workspace.checkName(as);
        TwoTuneJets.Pairs pairs = simulator.generate(as, n);
        workspace.put(as + ".particles", new ParticleEvents(pairs.events(), pairs.reco()));
        workspace.put(as + ".gen.particles", new ParticleEvents(pairs.events(), pairs.gen()));
        return workspace.put(as, pairs.events());
    }

    /**
     * The particles of a dataset as four-momenta: a simulator's ({@code NAME.particles}), the jagged columns of the dataset
     * (px, py, pz, E or pT, eta/y, phi: {@link FourMomenta#of(Dataset)}; an HDF5 jet file, a selection of particles), or the
     * final state (status 1, without neutrinos) of a loaded LHE/HepMC file ({@code NAME.file}).
     */
    public FourMomenta particles(String name) {
        if (workspace.contains(name + ".particles") && workspace.get(name + ".particles") instanceof ParticleEvents pe) return pe.particles();
        if (workspace.contains(name) && workspace.get(name) instanceof Dataset d && FourMomenta.of(d) != null) return FourMomenta.of(d);
        if (workspace.contains(name + ".file") && workspace.get(name + ".file") instanceof LoadedEvents ev) {
            if (ev.hasParticles()) return FourMomenta.finalState(ev.particles(), false);
            throw new HepmlException("'" + name + "' was loaded without its particles (a flat table, or keepParticles=false): there is nothing to cluster.");
        }
        throw new HepmlException("'" + name + "' has no particles to cluster: simulate them with %jets simulate, or load an LHE or HepMC file"
                + " with %events load.");
    }

    /**
     * Clusters every event's particles into jets and computes the leading jet's substructure ({@code %jets cluster}):
     * the table (x.pt, x.m, x.tau21, ..., with the source's labels and truth) under {@code as}, all jets with their
     * constituents under {@code as + ".jets"}.
     */
    public Dataset clusterJets(String data, JetDefinition definition, double ptMin, double yMax, double zCut, double beta,
                               boolean energyCorrelations, String as) {
        Workspace.checkName(as);
        FourMomenta p = particles(data);
        Dataset source = workspace.contains(data) && workspace.get(data) instanceof Dataset d ? d : null;
        Jets jets = Jets.cluster(p, definition, ptMin, yMax);
        Dataset table = JetObservables.leading(as, jets, source, zCut, beta, energyCorrelations);
        workspace.put(as + ".jets", jets);
        return workspace.put(as, table);
    }

    /**
     * {@code %%train tagger}: a top tagger ({@link Tagger}: efn, pfn, mlp on observables, bnn-pfn) trained on the leading
     * jets of the labelled particle events {@code data} and scored on those of {@code test}; with {@code test} null the
     * first half of {@code data} trains and the second half tests. {@code options.seeds()} trainings give the errors.
     */
    public TaggerResult trainTagger(String data, String test, String label, TaggerOptions options, String as) {
        Workspace.checkName(as);
        JetSample train = jetSample(data, label, options.particles()), scored;
        if (test == null) {
            int half = train.size() / 2;
            if (half < 2) throw new HepmlException("'" + data + "' has too few events (" + train.size() + ") to split into training and test jets: give --test.");
            scored = train.select(i -> i >= half, data + " (second half)");
            train = train.select(i -> i < half, data + " (first half)");
        } else {
            scored = jetSample(test, label, options.particles());
        }
        return workspace.put(as, Tagger.train(train, scored, options));
    }

    private JetSample jetSample(String name, String label, int particles) {
        FourMomenta p = particles(name);
        Dataset d = dataset(name);
        if (!d.has(label)) throw new HepmlException("'" + name + "' has no label column '" + label + "' (1 signal, 0 background): give --label.");
        return JetSample.of(name, p, d.column(label), particles);
    }

    /** The jets {@code %jets cluster --as NAME} made, with their constituents. */
    public Jets jets(String name) {
        return workspace.get(name + ".jets", Jets.class, "jets (from %jets cluster)");
    }

    /** The jet-substructure toy of the unfolding tutorials ({@code %events simulate jets}). */
    public JetSubstructureToy jets() {
        return new JetSubstructureToy();
    }

    /** A Gaussian toy simulator ({@code %events simulate gaussian}); call {@code generate(name, n)} on it. */
    public GaussianToy gaussianToy() {
        return new GaussianToy();
    }

    /** Simulates the Gaussian toy and stores the result ({@code %events simulate gaussian ... --as name}). */
    public Dataset simulateGaussian(String name, int n, GaussianToy toy) {
        return simulate(name, n, toy);
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
    public CoverageStudy coverage(TractableSimulator simulator, double... truth) {
        return new CoverageStudy(simulator, truth);
    }

    /** galton, ee-mumu (default settings), or the simulator, with its settings, that made a dataset in the workspace. */
    public TractableSimulator simulator(String name) {
        if (name.equals("galton")) return new GaltonBoard();
        if (name.equals("ee-mumu")) return new ElectroweakMuonPairs();
        if (!workspace.contains(name)) {
            throw new HepmlException("--simulator takes galton, ee-mumu, or a dataset made by %events simulate galton|ee-mumu;"
                    + " '" + name + "' is none of these.");
        }
        return Simulators.of(workspace.dataset(name));
    }

    /**
     * {@code %infer coverage}: K pseudo-experiments of N events from {@code simulator} (e.g. {@link #simulator}) at
     * {@code truth}, each scanned with every model (likelihood-ratio estimators; score estimators through a SALLY
     * histogram likelihood of {@code referenceEvents} events simulated at {@code reference}) and, when {@code exact},
     * the exact likelihood. {@code grid} (null: truth +- 7 sigma) and {@code levels} (null: the default levels) are
     * optional.
     */
    public CoverageResult coverage(TractableSimulator sim, double[] truth, List<String> models, boolean exact, int experiments, int events,
                                   String grid, double[] levels, double[] reference, int referenceEvents, long seed, String as) {
        return coverage(sim, truth, models, exact, experiments, events, grid, levels, reference, referenceEvents, seed, null, as);
    }

    /**
     * {@code %infer coverage ... --on WHERE}: as above, the scans of the pseudo-experiments run where {@code on} says
     * ({@code local} or null: here; {@code spark...}: as Spark tasks, see docs/SPARK.md), with the same counts.
     */
    public CoverageResult coverage(TractableSimulator sim, double[] truth, List<String> models, boolean exact, int experiments, int events,
                                   String grid, double[] levels, double[] reference, int referenceEvents, long seed, String on, String as) {
        if (as != null) Workspace.checkName(as);
        if (models.isEmpty() && !exact) throw new HepmlException("Give a --model, or --exact, or both.");
        if (truth.length != sim.parameters().size()) {
            throw new HepmlException("--truth has " + truth.length + " value(s); the simulator's parameters are " + sim.parameters() + ".");
        }
        CoverageStudy study = coverage(sim, truth).experiments(experiments).events(events).exact(exact).seed(seed).on(TaskRunner.on(on));
        if (grid != null) study.grid(ParameterPrior.grids(grid));
        if (levels != null) study.levels(levels);
        for (String m : models) {
            if (workspace.get(m) instanceof ScoreEstimator score) {
                if (reference == null) {
                    throw new HepmlException("--model " + m + " is a score estimator (SALLY): give --reference, the point it was trained at.");
                }
                study.model(m, ScoreSummaryLikelihood.sally(score, sim, reference, referenceEvents, 20, seed + 1));
            } else {
                study.model(m, workspace.get(m, LogRatio.class, "likelihood-ratio or score estimator"));
            }
        }
        return putIfNamed(as, study.run());
    }

    // ---- %%train ----

    /**
     * {@code %%train ratio}: a parametrized likelihood-ratio estimator trained on {@code data} with {@code method}
     * ({@code alpha} weighs the score term), stored under {@code as}; an interrupted training is kept (best state so far).
     */
    public RatioEstimator ratioEstimator(String data, Method method, double alpha, EstimatorOptions options, String as) {
        Workspace.checkName(as);
        return workspace.putKept(as, RatioEstimator.train(dataset(data), method, alpha, options));
    }

    /**
     * {@code %%train ratio ... --ensemble K --on WHERE}: the members trained where {@code on} says ({@code local} or
     * null: fused here; {@code spark...}: one Spark task per member, see docs/SPARK.md).
     */
    public RatioEstimator ratioEstimator(String data, Method method, double alpha, EstimatorOptions options, String on, String as) {
        Workspace.checkName(as);
        TaskRunner runner = TaskRunner.on(on);
        return workspace.putKept(as, RatioEstimator.train(dataset(data), method, alpha, options, runner));
    }

    /** {@code %%train ratio} with the default settings and the score weight alpha = 1. */
    public RatioEstimator ratioEstimator(String data, Method method, String as) {
        return ratioEstimator(data, method, 1, EstimatorOptions.DEFAULT, as);
    }

    /** {@code %%train score}: SALLY, a network regressed on the joint score at the reference point of {@code data}. */
    public ScoreEstimator scoreEstimator(String data, EstimatorOptions options, String as) {
        Workspace.checkName(as);
        return workspace.putKept(as, ScoreEstimator.train(dataset(data), options));
    }

    /** {@code %%train score ... --ensemble K --on WHERE}: the members trained where {@code on} says. */
    public ScoreEstimator scoreEstimator(String data, EstimatorOptions options, String on, String as) {
        Workspace.checkName(as);
        TaskRunner runner = TaskRunner.on(on);
        return workspace.putKept(as, ScoreEstimator.train(dataset(data), options, runner));
    }

    /**
     * {@code %%train likelihood}: a conditional normalizing flow p_hat(x | theta) trained on {@code data} with NDE or
     * SCANDAL ({@code alpha} weighs SCANDAL's score term), stored under {@code as}; an interrupted training is kept.
     */
    public LikelihoodEstimator likelihoodEstimator(String data, LikelihoodMethod method, double alpha, TrainingSettings settings,
                                                   FlowShape shape, String as) {
        return likelihoodEstimator(data, method, alpha, settings, shape, 1, as);
    }

    /** {@code %%train likelihood --ensemble K}: K flows (seeds seed + 1000 m) whose log p_hat are averaged. */
    public LikelihoodEstimator likelihoodEstimator(String data, LikelihoodMethod method, double alpha, TrainingSettings settings,
                                                   FlowShape shape, int ensemble, String as) {
        Workspace.checkName(as);
        return workspace.putKept(as, LikelihoodEstimator.train(dataset(data), method, alpha, settings, shape, ensemble));
    }

    /**
     * {@code %%train posterior}: neural posterior estimation, a flow q(theta | s) trained on {@code simulations}
     * samples of {@code events} events from {@code simulator} at theta ~ {@code prior} ({@link PosteriorEstimator}).
     */
    public PosteriorEstimator posteriorEstimator(String simulator, int events, int simulations, String prior, TrainingSettings settings,
                                                 FlowShape shape, String as) {
        Workspace.checkName(as);
        return workspace.putKept(as, PosteriorEstimator.train(SummarySimulator.named(simulator), PosteriorPrior.parse(prior), events, simulations,
                settings, shape));
    }

    /**
     * {@code %infer posterior}: {@code draws} samples from the posterior {@code model} given the events of {@code observed}
     * (its column of the simulator's observable), with the exact posterior beside them when {@code exact}.
     */
    public PosteriorSamples posterior(String model, String observed, int draws, boolean exact, long seed, String as) {
        PosteriorEstimator npe = workspace.get(model, PosteriorEstimator.class, "posterior estimator (%%train posterior)");
        Dataset data = dataset(observed);
        String column = npe.simulator().observable();
        if (!data.has(column)) {
            throw new HepmlException("Dataset '" + observed + "' has no column " + column + ", the observable of the " + npe.simulator().name()
                    + " simulator the posterior was trained on.");
        }
        // the Gaussian toy's posterior assumes its default widths; events simulated with others would get a wrong posterior
        Map<String, String> meta = data.metadata();
        if ("gaussian".equals(npe.simulator().name()) && "gaussian".equals(meta.get("simulator"))
                && (Double.parseDouble(meta.getOrDefault("sigma", "1")) != 1 || Double.parseDouble(meta.getOrDefault("smearing", "0.5")) != 0.5
                || Double.parseDouble(meta.getOrDefault("efficiency", "1")) != 1)) {
            throw new HepmlException("'" + observed + "' was simulated with sigma " + meta.get("sigma") + ", smearing " + meta.get("smearing")
                    + ", efficiency " + meta.get("efficiency") + "; the posterior knows the Gaussian toy's defaults only (sigma 1, smearing 0.5,"
                    + " efficiency 1): simulate the observed events with those.");
        }
        return putIfNamed(as, npe.posterior(data.column(column), observed, draws, exact, seed));
    }

    /**
     * {@code %infer sbc}: simulation-based calibration of the posterior {@code model}, {@code draws} draws from its prior
     * with {@code samples} posterior samples each, ranks in {@code bins} bins ({@link SimulationBasedCalibration}).
     */
    public SimulationBasedCalibration sbc(String model, int draws, int samples, int bins, long seed, String as) {
        PosteriorEstimator npe = workspace.get(model, PosteriorEstimator.class, "posterior estimator (%%train posterior)");
        return putIfNamed(as, SimulationBasedCalibration.run(npe, draws, samples, bins, seed));
    }

    /**
     * {@code %events generate}: {@code n} events sampled from the learned likelihood {@code model} at {@code theta}
     * (its parameters, in order), stored under {@code as}.
     */
    public Dataset generate(String model, int n, double[] theta, long seed, String as) {
        Workspace.checkName(as);
        LikelihoodEstimator flow = workspace.get(model, LikelihoodEstimator.class, "learned likelihood (%%train likelihood)");
        if (theta.length != flow.parameters().size()) {
            throw new HepmlException("--theta has " + theta.length + " value(s); the model's parameters are " + flow.parameters() + ".");
        }
        return workspace.put(as, flow.generate(as, n, theta, seed));
    }

    /**
     * {@code %events compare}: the classifier two-sample test of datasets {@code a} (e.g. generated) and {@code b}
     * (e.g. simulated) on {@code columns} (none: the observables x.* both have), {@link TwoSampleTest}.
     */
    public TwoSampleTest compare(String a, String b, List<String> columns, long seed, String as) {
        Dataset da = dataset(a), db = dataset(b);
        List<String> cols = columns == null || columns.isEmpty()
                ? da.columnNames().stream().filter(c -> c.startsWith("x.") && db.columnNames().contains(c)).toList() : List.copyOf(columns);
        if (cols.isEmpty()) {
            throw new HepmlException("'" + a + "' and '" + b + "' share no observable x.*; name the columns to compare with --columns.");
        }
        return putIfNamed(as, TwoSampleTest.run(a, rows(da, cols), b, rows(db, cols), cols, seed));
    }

    private static double[][] rows(Dataset d, List<String> columns) {
        double[][] x = new double[d.size()][columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            double[] c = d.column(columns.get(j));
            for (int i = 0; i < c.length; i++) x[i][j] = c[i];
        }
        return x;
    }

    /**
     * {@code %events save} (a dataset: {@code .parquet}, {@code .arrow}, {@code .feather}, see {@link EventFiles#save}),
     * {@code %train save} / {@code %bnn save} (a trained model): writes one file, atomically.
     */
    public Path save(String model, Path file) {
        Object m = workspace.get(model);
        if (m instanceof Dataset d) return EventFiles.save(d, file);
        if (m instanceof RatioEstimator r) return r.save(file);
        if (m instanceof ScoreEstimator s) return s.save(file);
        if (m instanceof LikelihoodEstimator l) return l.save(file);
        if (m instanceof PosteriorEstimator npe) return npe.save(file);
        if (m instanceof BnnRegressor b) return b.save(file);
        if (m instanceof BnnClassifier c) return c.save(file);
        throw new HepmlException("'" + model + "' is a " + m.getClass().getSimpleName()
                + "; save writes datasets (.parquet, .arrow) and trained models: likelihood-ratio and score estimators, Bayesian networks.");
    }

    /** {@code %%train load} / {@code %%bnn load}: reads a model file written by {@link #save} and stores it. */
    public Object loadModel(Path file, String as) {
        Workspace.checkName(as);
        if (!Files.isRegularFile(file)) throw new HepmlException("No such file: " + file + ".");
        String kind = ModelFile.metadata(file).get("kind");
        return switch (kind == null ? "" : kind) {
            case "ratio" -> workspace.put(as, RatioEstimator.load(file));
            case "score" -> workspace.put(as, ScoreEstimator.load(file));
            case "likelihood" -> workspace.put(as, LikelihoodEstimator.load(file));
            case "posterior" -> workspace.put(as, PosteriorEstimator.load(file));
            case "bnn-regression" -> workspace.put(as, BnnRegressor.load(file));
            case "bnn-classifier" -> workspace.put(as, BnnClassifier.load(file));
            default -> throw new HepmlException(file + " holds a model of kind '" + kind + "', which load does not know.");
        };
    }

    // ---- %infer ----

    /**
     * {@code %infer scan}: -2 delta log L of the observed events over {@code grid} ({@code grid(a,b,n)} per parameter,
     * ';'-separated) for a model in the workspace (null: none) and, when {@code exact}, the exact likelihood.
     * {@code reference} and {@code truth} may be null (see {@link LikelihoodScan#report}).
     */
    public ScanReport scan(String observed, String grid, String model, boolean exact, double[] reference, double[] truth, String as) {
        if (as != null) Workspace.checkName(as);
        LogRatio m = model != null ? workspace.get(model, LogRatio.class, "likelihood-ratio estimator") : null;
        return putIfNamed(as, LikelihoodScan.report(dataset(observed), grid, m, model, exact, reference, truth));
    }

    /** {@code %infer scan --model MODEL} with the exact likelihood beside it, when {@code exact}. */
    public ScanReport scan(String observed, String grid, String model, boolean exact) {
        return scan(observed, grid, model, exact, null, null, null);
    }

    /**
     * {@code %infer fisher}: the Fisher information per event of a score estimator on {@code data} (events at its
     * reference point), Cramer-Rao errors for {@code events} events, and the exact information when {@code exact}.
     */
    public FisherReport fisher(String model, String data, double events, boolean exact, String as) {
        if (as != null) Workspace.checkName(as);
        if (workspace.get(model) instanceof LikelihoodEstimator flow) return putIfNamed(as, FisherReport.of(flow, dataset(data), events, exact));
        ScoreEstimator sally = workspace.get(model, ScoreEstimator.class, "score estimator or learned likelihood");
        return putIfNamed(as, FisherReport.of(sally, dataset(data), events, exact));
    }

    // ---- %%unfold ----

    /**
     * {@code %%unfold omnifold}: unfolds the data ({@code reco} columns of both, or {@code options.dataReco} for the
     * data) to the {@code gen} columns of the simulation (names or globs, comma-separated); the result, the
     * generator-level simulation with the unfolded weights (and replicas), is stored under {@code as}.
     */
    public Dataset omnifold(String sim, String data, String gen, String reco, OmniFoldOptions options, String as) {
        Workspace.checkName(as);
        Dataset s = dataset(sim), d = dataset(data);
        Unfolding.Features g = unfoldingFeatures(sim, s, gen, options), r = unfoldingFeatures(sim, s, reco, options);
        Unfolding.Features dr = unfoldingFeatures(data, d, options.dataReco != null ? options.dataReco : reco, options);
        if (options.seeds < 1) throw new HepmlException("--seeds must be at least 1 (the nominal run), got " + options.seeds + ".");
        Unfolding.Replicas replicas = new Unfolding.Replicas(options.bootstrap, options.seeds - 1, options.training.seed());
        TaskRunner runner = TaskRunner.on(options.on);
        Dataset result = Unfolding.omnifold(options.configurer(s, g, r), s, g, r, d, dr, as, replicas, runner);
        if (g.isParticles()) {
            // the unfolded events' generator-level particles, so that %jets cluster AS computes any observable with the weights
            workspace.put(as + ".particles", new ParticleEvents(result, ParticleReweighting.select(g.particles(), Unfolding.unfoldedEvents(s, g))));
        } else if (workspace.contains(as + ".particles") && workspace.get(as + ".particles") instanceof ParticleEvents) {
            workspace.drop(as + ".particles"); // an earlier particle-level result's particles would not belong to these events
        }
        return workspace.put(as, result);
    }

    /**
     * The features of one level of {@code %%unfold omnifold}: columns (names or globs), or the particle lists stored with
     * the dataset, {@code particles} for {@code NAME.particles} and {@code gen.particles} for {@code NAME.gen.particles}.
     */
    private Unfolding.Features unfoldingFeatures(String name, Dataset d, String spec, OmniFoldOptions options) {
        String s = spec.trim();
        if ((s.equals("particles") || s.endsWith(".particles")) && !d.has(s)) {
            String key = name + "." + s;
            if (workspace.contains(key) && workspace.get(key) instanceof ParticleEvents pe) {
                return Unfolding.Features.particles(key, pe.particles(), options.particles);
            }
            throw new HepmlException("'" + s + "' names particle lists, but '" + key + "' holds none: particles come with %jets pairs"
                    + " (NAME.particles at detector level, NAME.gen.particles at generator level) or %jets simulate.");
        }
        return Unfolding.Features.of(Unfolding.columns(d, spec));
    }

    /**
     * {@code %%unfold ibu}: iterative Bayesian unfolding of one column in bins (range null: the simulation's), with
     * {@code bootstrap} Poisson replicas for the error bars; {@code truth} (a dataset, may be null) is drawn beside it.
     */
    public Figure ibu(String sim, String data, String gen, String reco, int iterations, int bins, double[] range, String truth,
                      int bootstrap, long seed) {
        return IterativeBayesianUnfolding.figure(dataset(sim), dataset(data), gen, reco, iterations, bins, range, bootstrap, seed,
                truth != null ? dataset(truth) : null);
    }

    // ---- %%bnn ----

    /** {@code %%bnn regress}: a Bayesian regression of {@code target} on {@code inputs} (null: every x.* column). */
    public BnnRegressor bnnRegress(String data, String target, List<String> inputs, BnnOptions options, String as) {
        Workspace.checkName(as);
        return workspace.putKept(as, BnnRegressor.train(dataset(data), target, inputs, options));
    }

    /** {@code %%bnn classify}: a Bayesian binary classifier of the 0/1 {@code label} column. */
    public BnnClassifier bnnClassify(String data, String label, List<String> inputs, BnnOptions options, String as) {
        Workspace.checkName(as);
        return workspace.putKept(as, BnnClassifier.train(dataset(data), label, inputs, options));
    }

    /** The predictions of a Bayesian network (regression or classifier) on a dataset, per event mean and sigmas. */
    public Object predict(String model, String data) {
        Object m = workspace.get(model);
        if (m instanceof BnnRegressor r) return r.predict(dataset(data));
        if (m instanceof BnnClassifier c) return c.predict(dataset(data));
        throw new HepmlException("'" + model + "' is a " + m.getClass().getSimpleName() + ", not a network from %%bnn regress or classify.");
    }

    /**
     * {@code %bnn plot KIND}: regression: bands (along {@code input}, null: the first), pulls, coverage;
     * classification: sigma-mu, reliability.
     */
    public Figure bnnPlot(String kind, String model, String data, String input) {
        Object m = workspace.get(model);
        Dataset d = dataset(data);
        if (m instanceof BnnRegressor r) {
            RegressionPrediction p = r.predict(d);
            return switch (kind) {
                case "bands" -> {
                    int j = input == null ? 0 : r.inputs().indexOf(input);
                    if (j < 0) throw new HepmlException("--input " + input + " is not an input of '" + model + "'; its inputs are " + r.inputs() + ".");
                    yield p.bands(j, r.inputs().get(j));
                }
                case "pulls" -> p.pullPlot();
                case "coverage" -> p.coveragePlot();
                default -> throw new HepmlException("KIND '" + kind + "' is not a regression plot: use bands, pulls or coverage.");
            };
        }
        if (m instanceof BnnClassifier c) {
            var p = c.predict(d);
            return switch (kind) {
                case "sigma-mu" -> p.sigmaVsMu();
                case "reliability" -> p.reliabilityPlot();
                default -> throw new HepmlException("KIND '" + kind + "' is not a classifier plot: use sigma-mu or reliability.");
            };
        }
        throw new HepmlException("'" + model + "' is a " + m.getClass().getSimpleName() + ", not a network from %%bnn regress or classify.");
    }

    /** A histogram of a dataset column, weighted by its {@code weight} column when it has one. */
    public Histogram hist(String dataset, String column, int bins, double lo, double hi) {
        Dataset d = dataset(dataset);
        return Histogram.of(d.name(), d.column(column), d.has("weight") ? d.column("weight") : null, bins, lo, hi);
    }

    /** A HEP-style figure of histograms with a ratio panel to the last one ({@code %plot hist ... --ratio-to}). */
    public Figure plotWithRatio(String xLabel, Histogram... hs) {
        return HistogramPlot.of(hs).xLabel(AxisLabels.of(xLabel)).ratioTo(hs.length - 1).figure();
    }

    // ---- %plot ----

    /**
     * {@code %plot hist}: histograms of a column of several datasets, configured on the returned request and drawn
     * by its {@code figure()}, e.g. {@code hep.histograms("sim", "data").column("x.reco").ratioTo("data").figure()}.
     */
    public DatasetHistograms histograms(String... datasets) {
        return new DatasetHistograms(this, List.of(datasets));
    }

    /**
     * {@code %plot unfolding}: figures of an unfolding result: {@code show} is spectra (against {@code truth} and the
     * detector-level {@code data}, both may be null), convergence or weights; {@code columns} names or globs
     * (null: every x.gen* column).
     */
    public Figure plotUnfolding(String unfolded, String columns, String truth, String data, String show, int bins, int perRow, String as) {
        if (as != null) Workspace.checkName(as);
        if (bins < 1 || bins > 10_000) throw new HepmlException("--bins must be between 1 and 10000, got " + bins + ".");
        Dataset u = dataset(unfolded);
        Dataset t = truth != null ? dataset(truth) : null;
        Dataset d = data != null ? dataset(data) : null;
        List<String> cols = Unfolding.columns(u, columns != null ? columns : "x.gen*");
        Figure f = switch (show) {
            case "spectra" -> UnfoldingPlots.spectra(u, cols, t, d, c -> c.replace(".gen", ".reco"), bins, perRow);
            case "convergence" -> UnfoldingPlots.convergence(u, cols, t, bins);
            case "weights" -> UnfoldingPlots.weightDistribution(u);
            default -> throw new HepmlException("--show: '" + show + "' is not one of: spectra, convergence, weights.");
        };
        return putIfNamed(as, f);
    }

    /** One histogram panel of {@code column} for every dataset; unfolded datasets draw their bootstrap error bars. */
    Figure histogramPanel(List<Dataset> ds, String column, String weights, int bins, double[] range, int ratioTo, boolean normalize,
                          String title, int width, int height) {
        List<double[]> values = new ArrayList<>();
        for (Dataset d : ds) values.add(d.column(column));
        double[] r = range != null ? range : Histogram.finiteRange(column, values.toArray(double[][]::new));
        HistogramPlot plot = new HistogramPlot().title(title).xLabel(AxisLabels.of(column, ds.get(0).metadata())).normalize(normalize)
                .size(width, height);
        for (int i = 0; i < ds.size(); i++) {
            Dataset d = ds.get(i);
            if (weights == null && d.columnNames().stream().anyMatch(c -> c.startsWith("weight.boot"))) {
                // an unfolded dataset: its error bars are the bootstrap spread, not sqrt(sum w^2)
                plot.add(UnfoldedSpectrum.of(d, column, bins, r[0], r[1], false).histogram(), HistogramPlot.Draw.POINTS);
                continue;
            }
            double[] w = weights != null ? d.column(weights) : d.has("weight") ? d.column("weight") : null;
            plot.add(Histogram.of(d.name(), values.get(i), w, bins, r[0], r[1]));
        }
        if (ratioTo >= 0) plot.ratioTo(ratioTo);
        return plot.figure();
    }

    private <T> T putIfNamed(String as, T value) {
        return as != null ? workspace.put(as, value) : value;
    }

    /** {@code %events emd NAME --between A B}: the EMD of two events of a loaded file, as its transport picture. */
    public Figure emd(String events, int a, int b, EnergyMoversDistance emd) {
        ParticleSets s = finalState(events, a, b);
        return TransportPicture.of(emd, s, a, "event " + a, s, b, "event " + b);
    }

    /** {@code %events emd NAME --to K --column C}: every event's EMD to event K, a new column of the dataset. */
    public Dataset emdToReference(String events, int reference, EnergyMoversDistance emd, String column) {
        ParticleSets s = finalState(events, reference);
        Dataset d = dataset(events);
        if (d.size() != s.size()) {
            throw new HepmlException("Dataset '" + events + "' has " + d.size() + " events but its file's particles are of "
                    + s.size() + "; load the file again with %events load.");
        }
        return store(d.withColumn(column, emd.toReference(s, s, reference)));
    }

    /** The final-state particles of a loaded file's events (pT at y, phi), with the event numbers checked. */
    private ParticleSets finalState(String events, int... eventNumbers) {
        LoadedEvents loaded = loaded(events);
        if (!loaded.hasParticles()) {
            throw new HepmlException("'" + events + "' was loaded without its particles; load it again without --no-particles "
                    + "for the EMD.");
        }
        ParticleSets s = ParticleSets.finalState(loaded.particles());
        for (int k : eventNumbers) {
            if (k < 0 || k >= s.size()) {
                throw new HepmlException("Event " + k + ": '" + events + "' has " + s.size() + " events, numbered 0 to " + (s.size() - 1) + ".");
            }
        }
        return s;
    }
}
