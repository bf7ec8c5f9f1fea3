package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.api.WorkspaceListing;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.DatasetSummary;
import org.hepml.engine.events.io.EventFileSet;
import org.hepml.engine.events.io.EventFileSummary;
import org.hepml.engine.events.io.EventFormat;
import org.hepml.engine.events.io.LoadOptions;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.events.sim.JetSubstructureToy;
import org.hepml.engine.events.sim.TractableSimulator;
import org.hepml.engine.jets.emd.EnergyMoversDistance;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code %events}: make, list, describe and drop event datasets. */
public final class EventsMagic extends PicocliMagic {

    public EventsMagic(Workspace workspace) {
        super(workspace, Events.class);
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String summary() {
        return "simulate, list, describe or drop event datasets";
    }

    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "Make, list, describe and drop event datasets in the workspace.",
            subcommands = {Load.class, Save.class, Simulate.class, Generate.class, Compare.class, ListVerb.class, Describe.class, Select.class, Drop.class,
                    Emd.class, EventsResample.class})
    static final class Events {
    }

    @Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Load an event file (LHE, HepMC3, HepMC2, HDF5, LHEH5, ROOT, Parquet, Arrow, CSV; .gz too) into a dataset: one row per event",
                    "with weight, every named weight as weight.<id>, and the requested observables as x.* columns.",
                    "The particles stay reachable as NAME.file. Observables vocabulary: see the README.",
                    "Several files as one sample (a glob in quotes, 'runs/*.lhe.gz', or a comma list): each file read where --on says,",
                    "the events joined in file order (files sorted by name), run info per file in the metadata, particles not kept;",
                    "a file that cannot be read is named and left out."})
    static final class Load implements Callable<Object> {
        private final Workspace workspace;
        @Parameters(paramLabel = "FILE", description = "the file, relative to the notebook; or a glob in its last part ('runs/*.lhe.gz'), or files separated by commas")
        String file;
        @Option(names = "--observables", paramLabel = "EXPR", description = "e.g. \"pt(j1), m(l1,l2), dphi(j1,j2)\"")
        String observables;
        @Option(names = "--skip", defaultValue = "0", description = "events to skip first (default ${DEFAULT-VALUE})")
        long skip;
        @Option(names = "--limit", description = "read at most this many events")
        Long limit;
        @Option(names = "--format", description = "lhe, hepmc3, hepmc2, hdf5, lheh5, csv, arrow, parquet or root (default: detected from the content)")
        String format;
        @Option(names = "--no-particles", description = "keep only the per-event table (bounded memory for big files)")
        boolean noParticles;
        @Option(names = {"--group", "--dataset"}, paramLabel = "HDF5_PATH", description = "HDF5: the group or dataset to read (a multi-table file)")
        String group;
        @Option(names = "--features", split = ",", paramLabel = "NAME",
                description = "HDF5: names of the particle features of a 3-D [jets, particles, features] dataset, in order (pt,eta,phi,...)")
        List<String> features;
        @Option(names = "--mask", paramLabel = "HDF5_PATH",
                description = "HDF5: the dataset [jets, particles] marking the real particles (default: a dataset 'mask' beside them, a feature 'mask', else rows of zeros are padding)")
        String mask;
        @Option(names = "--tree", paramLabel = "TTREE", description = "ROOT: the TTree to read (default: the file's only tree)")
        String tree;
        @Option(names = "--branches", split = ",", paramLabel = "GLOB", description = "ROOT, Parquet, Arrow: branches or columns to read, names or globs (\"Jet.*\")")
        List<String> branches;
        @Option(names = "--recover", description = "on a defect (truncated file, damaged event, corrupt .gz) keep the complete events before it and report it")
        boolean recover;
        @Option(names = "--on", paramLabel = "WHERE", description = "where several files are read: local (here, one after another; the default),"
                + " spark (a Spark cluster on this machine), spark://host:port or spark:MASTER; needs the hepml-spark module (docs/SPARK.md)")
        String on;
        @Option(names = "--as", paramLabel = "NAME", description = "workspace name (default: the file name without extensions; for several files what their names begin with)")
        String as;

        Load(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Object call() {
            // quotes around a glob are gone by now: MagicArguments groups and strips them on the line and in the body
            List<String> patterns = java.util.Arrays.stream(file.trim().split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
            if (patterns.isEmpty()) throw new MagicUsageException("%events load needs a FILE (a path, a glob in quotes or a comma list).");
            List<Path> files = EventFileSet.files(patterns);
            boolean here = on == null || on.isBlank() || on.trim().equalsIgnoreCase("local");
            if (files.size() > 1 || !here) return loadMany(patterns, files.size());
            return loadOne(files.get(0));
        }

        /** Several files (or one sent --on elsewhere) as one sample: the per-file reading options only. */
        private EventFileSet.Loaded loadMany(List<String> patterns, int count) {
            String single = skip != 0 ? "--skip" : limit != null ? "--limit" : group != null ? "--group" : tree != null ? "--tree"
                    : branches != null ? "--branches" : features != null ? "--features" : mask != null ? "--mask" : null;
            if (single != null) {
                throw new MagicUsageException(single + " applies to one file; '" + file + "' names " + count + (count == 1 ? " file" : " files")
                        + (count == 1 ? " to be read --on " + on : "") + ". Load them without " + single
                        + " (each file is read whole, with --observables, --format and --recover), or one file at a time.");
            }
            EventFileSet.Reading reading = new EventFileSet.Reading(observables, format != null ? EventFormat.parse(format) : null, recover);
            return new Hep(workspace).load(patterns, reading, as, on);
        }

        private EventFileSummary loadOne(Path file) {
            LoadOptions opts = LoadOptions.defaults().skip(skip).keepParticles(!noParticles).recover(recover);
            // LoadOptions is immutable: every setting returns a new one
            if (limit != null) opts = opts.limit(limit);
            if (observables != null) opts = opts.observables(observables);
            if (format != null) opts = opts.format(EventFormat.parse(format));
            if (group != null) opts = opts.group(group);
            if (tree != null) opts = opts.tree(tree);
            if (branches != null) opts = opts.branches(branches.toArray(String[]::new));
            if (features != null) opts = opts.features(features.stream().map(String::trim).toArray(String[]::new));
            if (mask != null) opts = opts.mask(mask);
            return new Hep(workspace).load(file, opts, as);
        }

        static String defaultName(Path file) {
            return Hep.defaultName(file);
        }
    }

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = {"Write a dataset for the Python tools: FILE.parquet (pandas, awkward, polars) or FILE.arrow / .feather,",
                    "every column under its name (which carries its role) and the dataset's metadata. %events load reads it back."})
    static final class Save implements Callable<String> {
        private final Workspace workspace;
        @Parameters(index = "0", paramLabel = "DATASET", description = "the dataset's workspace name")
        String name;
        @Parameters(index = "1", paramLabel = "FILE", description = "where to write it: .parquet, .arrow or .feather")
        Path file;

        Save(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public String call() {
            return "saved " + name + " to " + new Hep(workspace).save(name, file);
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Simulate events with a built-in simulator whose truth is known exactly.",
            subcommands = {Gaussian.class, Galton.class, EeMuMu.class, Jets.class})
    static final class Simulate {
    }

    @Command(name = "gaussian", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The Gaussian toy of the OmniFold paper: x.gen ~ N(mu, sigma), x.reco = x.gen + N(0, smearing).",
                    "With --efficiency < 1 an event is reconstructed with that probability (else x.reco = NaN, pass_reco = 0)."})
    static final class Gaussian implements Callable<Dataset> {
        private final Workspace workspace;

        @Option(names = "--n", description = "number of events (default ${DEFAULT-VALUE})", defaultValue = "100000")
        int n;
        @Option(names = "--mu", description = "mean of the generator-level distribution (default ${DEFAULT-VALUE})", defaultValue = "0")
        double mu;
        @Option(names = "--sigma", description = "width of the generator-level distribution (default ${DEFAULT-VALUE})", defaultValue = "1")
        double sigma;
        @Option(names = "--smearing", description = "detector resolution added to each event (default ${DEFAULT-VALUE})", defaultValue = "0.5")
        double smearing;
        @Option(names = "--efficiency", description = "probability that an event is reconstructed (default ${DEFAULT-VALUE})", defaultValue = "1")
        double efficiency;
        @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})", defaultValue = "1")
        long seed;
        @Option(names = "--as", paramLabel = "NAME", description = "workspace name of the result (default ${DEFAULT-VALUE})", defaultValue = "gaussian")
        String as;

        Gaussian(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            return new Hep(workspace).simulate(as, n, new GaussianToy().mu(mu).sigma(sigma).smearing(smearing).efficiency(efficiency).seed(seed));
        }
    }

    /** Options shared by the simulators with a tractable likelihood. */
    static final class InferenceOptions {
        @Option(names = "--n", description = "number of events (default ${DEFAULT-VALUE})", defaultValue = "100000")
        int n;
        @Option(names = "--theta", required = true, paramLabel = "SPEC",
                description = "parameter values: a number, uniform(a,b), grid(a,b,n) or benchmarks(v1,...); one per parameter, ';'-separated")
        String theta;
        @Option(names = "--reference", split = ",", paramLabel = "THETA1",
                description = "make ratio-training samples against this reference point: half the events (y = 1) from it")
        double[] reference;
        @Option(names = "--augment", description = "add the joint score t_xz (and with --reference the joint ratio r_xz)")
        boolean augment;
        @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})", defaultValue = "1")
        long seed;

        Dataset generate(Workspace workspace, TractableSimulator simulator, String as) {
            AugmentedSimulation sim = new AugmentedSimulation(simulator).theta(theta).augment(augment).seed(seed);
            if (reference != null) sim.reference(reference);
            return new Hep(workspace).simulate(as, n, sim);
        }
    }

    @Command(name = "galton", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The Galton board of the mining-gold paper: 20 rows of nails, theta bends the bounce",
                    "probabilities; x.position is where the ball lands. Exact likelihood by dynamic programming."})
    static final class Galton implements Callable<Dataset> {
        private final Workspace workspace;
        @Mixin
        InferenceOptions options;
        @Option(names = "--as", paramLabel = "NAME", description = "workspace name (default ${DEFAULT-VALUE})", defaultValue = "galton")
        String as;

        Galton(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            return options.generate(workspace, new GaltonBoard(), as);
        }
    }

    @Command(name = "ee-mumu", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"e+e- -> mu+mu- near the Z pole: x.cos = cos(theta*) of the mu-, optionally smeared;",
                    "parameters sin2w and/or sqrts act through the forward-backward asymmetry. Exact likelihood."})
    static final class EeMuMu implements Callable<Dataset> {
        private final Workspace workspace;
        @Mixin
        InferenceOptions options;
        @Option(names = "--parameters", split = ",", paramLabel = "P", defaultValue = "sin2w",
                description = "the parameters: sin2w, sqrts or both (default ${DEFAULT-VALUE})")
        List<String> parameters;
        @Option(names = "--sin2w", description = "sin^2 theta_W when it is not a parameter (default ${DEFAULT-VALUE})",
                defaultValue = "0.23122")
        double sin2w;
        @Option(names = "--sqrt-s", description = "collision energy in GeV when it is not a parameter (default ${DEFAULT-VALUE})",
                defaultValue = "91.1876")
        double sqrtS;
        @Option(names = "--smearing", description = "Gaussian resolution on cos(theta*) (default ${DEFAULT-VALUE})",
                defaultValue = "0")
        double smearing;
        @Option(names = "--as", paramLabel = "NAME", description = "workspace name (default ${DEFAULT-VALUE})", defaultValue = "ee_mumu")
        String as;

        EeMuMu(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            return options.generate(workspace, new ElectroweakMuonPairs(parameters, sin2w, sqrtS, smearing), as);
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Sample events from a learned likelihood (%%%%train likelihood --method nde|scandal): a dataset with the",
                    "model's observables and theta.* at --theta."})
    static final class Generate implements Callable<Object> {
        private final Workspace workspace;
        @Option(names = "--model", required = true, paramLabel = "NAME", description = "a learned likelihood in the workspace")
        String model;
        @Option(names = "--n", required = true, description = "number of events")
        int n;
        @Option(names = "--theta", split = ",", paramLabel = "THETA", description = "the parameter point, one value per parameter of the model")
        double[] theta = new double[0];
        @Option(names = "--seed", defaultValue = "1", description = "seed of the sampling (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--compare", paramLabel = "DATASET", description = "then the classifier two-sample test against these (e.g. simulated) events: %%events compare NAME DATASET")
        String compare;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "workspace name")
        String as;

        Generate(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Object call() {
            Hep hep = new Hep(workspace);
            if (compare != null) hep.dataset(compare); // a missing dataset is named before anything is generated
            Dataset generated = hep.generate(model, n, theta, seed, as);
            return compare == null ? generated : hep.compare(as, compare, null, seed, null);
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The classifier two-sample test: can a classifier tell dataset A (e.g. generated) from B (e.g. simulated)?",
                    "Each is halved; a small network learns A vs B on one half and scores the other: the held-out AUC is 1/2",
                    "when they are alike. Shows the AUC with its standard error (DeLong), the null sd and the one-sided p-value."})
    static final class Compare implements Callable<Object> {
        private final Workspace workspace;
        @Parameters(index = "0", paramLabel = "A", description = "a dataset, e.g. events from %%events generate")
        String a;
        @Parameters(index = "1", paramLabel = "B", description = "the dataset to compare it with, e.g. simulated events")
        String b;
        @Option(names = "--columns", split = ",", paramLabel = "COLUMN", description = "the columns to compare (default: the x.* both have)")
        List<String> columns;
        @Option(names = "--seed", defaultValue = "1", description = "seed of the halves and the classifier (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--as", paramLabel = "NAME", description = "keep the result under this name")
        String as;

        Compare(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Object call() {
            return new Hep(workspace).compare(a, b, columns, seed, as);
        }
    }

    @Command(name = "jets", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"A jet-substructure toy for unfolding: six correlated observables (m, n, w, tau21, zg, lnrho)",
                    "as x.gen.* and x.reco.*, two generator tunes (simulation, nature), losses and fakes at detector level."})
    static final class Jets implements Callable<Dataset> {
        private final Workspace workspace;
        @Option(names = "--n", defaultValue = "100000", description = "number of jets (default ${DEFAULT-VALUE})")
        int n;
        @Option(names = "--tune", defaultValue = "simulation", description = "simulation or nature (default ${DEFAULT-VALUE})")
        JetSubstructureToy.Tune tune;
        @Option(names = "--efficiency", defaultValue = "1", description = "probability a jet is reconstructed (default ${DEFAULT-VALUE})")
        double efficiency;
        @Option(names = "--fake-rate", defaultValue = "0", description = "extra detector-level jets without a partner, per jet (default ${DEFAULT-VALUE})")
        double fakeRate;
        @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--as", paramLabel = "NAME", defaultValue = "jets", description = "workspace name (default ${DEFAULT-VALUE})")
        String as;

        Jets(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            return new Hep(workspace).simulate(as, n, new JetSubstructureToy().tune(tune).efficiency(efficiency).fakeRate(fakeRate).seed(seed));
        }
    }

    @Command(name = "emd", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The energy mover's distance between events of a loaded file (their final-state particles, pT at",
                    "rapidity and azimuth): --between A B draws the transport of two events with the EMD in the title;",
                    "--to K adds every event's EMD to event K as a column. Events are numbered from 0. See docs/EMD.md."})
    static final class Emd implements Callable<Object> {
        private final Workspace workspace;
        @Parameters(paramLabel = "EVENTS", description = "a file loaded with %events load (its particles kept)")
        String name;
        @Option(names = {"--R", "--radius"}, defaultValue = "0.4", description = "R: moving energy by R costs as much as creating it (default ${DEFAULT-VALUE})")
        double radius;
        @Option(names = "--beta", defaultValue = "1", description = "angular exponent beta (default ${DEFAULT-VALUE})")
        double beta;
        @Option(names = "--normalized", description = "compare shapes: each event's pT scaled to sum to 1 (no |dE| term)")
        boolean normalized;
        @Option(names = "--between", arity = "2", paramLabel = "EVENT", description = "two event numbers: draw their transport")
        int[] between;
        @Option(names = "--to", paramLabel = "EVENT", description = "reference event: add every event's EMD to it as a column")
        Integer to;
        @Option(names = "--column", defaultValue = "x.emd", description = "the new column's name with --to (default ${DEFAULT-VALUE})")
        String column;

        Emd(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Object call() {
            if ((between == null) == (to == null)) {
                throw new MagicUsageException("%events emd needs one of --between A B (a transport picture) or --to K (a column of EMDs), "
                        + "e.g. %events emd " + name + " --between 0 1.");
            }
            EnergyMoversDistance emd = new EnergyMoversDistance(radius, beta, normalized);
            Hep hep = new Hep(workspace);
            return between != null ? hep.emd(name, between[0], between[1], emd) : hep.emdToReference(name, to, emd, column);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List what the workspace holds.")
    static final class ListVerb implements Callable<WorkspaceListing> {
        private final Workspace workspace;

        ListVerb(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public WorkspaceListing call() {
            return new Hep(workspace).listing();
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Summarise a dataset: events, sum of weights, and per column its role, mean, std, range.")
    static final class Describe implements Callable<DatasetSummary> {
        private final Workspace workspace;
        @Parameters(paramLabel = "DATASET", description = "the dataset's workspace name")
        String name;

        Describe(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public DatasetSummary call() {
            return new Hep(workspace).describe(name);
        }
    }

    @Command(name = "select", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Select events and particles of a dataset into a new one: events [--from, --to), then the events passing",
                    "--where (cuts on per-event columns), then in every event the particles passing --particles (cuts on the",
                    "jagged columns of one particle list; every event stays). Cuts: \"pt > 1 and |eta| < 2.5\" (< <= > >= == !=)."})
    static final class Select implements Callable<Dataset> {
        private final Workspace workspace;
        @Parameters(paramLabel = "DATASET", description = "the dataset's workspace name")
        String name;
        @Option(names = "--from", paramLabel = "EVENT", description = "first event (from 0)")
        Integer from;
        @Option(names = "--to", paramLabel = "EVENT", description = "one past the last event")
        Integer to;
        @Option(names = "--where", paramLabel = "CUTS", description = "per-event cuts, e.g. \"x.pt > 500 and y == 1\"")
        String where;
        @Option(names = "--particles", paramLabel = "CUTS", description = "particle cuts on one list's jagged columns, e.g. \"pt > 1 and |eta| < 2.5\"")
        String particles;
        @Option(names = "--as", required = true, paramLabel = "NAME", description = "workspace name of the selection")
        String as;

        Select(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            return new Hep(workspace).select(name, from, to, where, particles, as);
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true, description = "Remove entries from the workspace.")
    static final class Drop implements Callable<String> {
        private final Workspace workspace;
        @Parameters(paramLabel = "NAME", arity = "1..*", description = "workspace names to remove")
        List<String> names;

        Drop(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public String call() {
            return new Hep(workspace).drop(names.toArray(String[]::new));
        }
    }
}
