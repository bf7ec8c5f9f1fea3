package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.ParticleDetector;
import org.hepml.engine.events.sim.TwoTuneJets;
import org.hepml.engine.jets.JetAlgorithm;
import org.hepml.engine.jets.JetDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code %jets}: simulate top and QCD jets as particles, cluster particles into jets with their substructure. */
public final class JetsMagic extends PicocliMagic {

    public JetsMagic(Workspace workspace) {
        super(workspace, JetsCommand.class);
    }

    @Override
    public String name() {
        return "jets";
    }

    @Override
    public String summary() {
        return "simulate top/QCD jets as particles; cluster particles into jets with substructure";
    }

    @Command(name = "jets", mixinStandardHelpOptions = true,
            description = "Jets from particles: a top/QCD jet simulator, and anti-kT/kT/Cambridge-Aachen clustering with substructure.",
            subcommands = {Simulate.class, Pairs.class, Cluster.class})
    static final class JetsCommand {
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Boosted top (label y = 1: t -> b W, W -> q q') and QCD (y = 0: a quark or gluon) jets as particle lists:",
                    "an angle-ordered shower, hadron-like spreading with B hadron decays, detector smearing and thresholds (docs/JETS.md).",
                    "Stores the per-jet table (y, truth.*) as NAME and the particles as NAME.particles."})
    static final class Simulate implements Callable<Dataset> {
        private final Workspace workspace;
        @Option(names = "--n", defaultValue = "10000", description = "number of jets (default ${DEFAULT-VALUE})")
        int n;
        @Option(names = "--pt-min", defaultValue = "550", description = "lowest top/parton pT in GeV (default ${DEFAULT-VALUE})")
        double ptMin;
        @Option(names = "--pt-max", defaultValue = "650", description = "highest top/parton pT in GeV (default ${DEFAULT-VALUE})")
        double ptMax;
        @Option(names = "--top-fraction", defaultValue = "0.5", description = "fraction of top jets (default ${DEFAULT-VALUE})")
        double topFraction;
        @Option(names = "--gluon-fraction", defaultValue = "0.5", description = "fraction of gluons among QCD jets (default ${DEFAULT-VALUE})")
        double gluonFraction;
        @Option(names = "--b-fraction", defaultValue = "0.05", description = "fraction of b quarks among QCD quark jets (default ${DEFAULT-VALUE})")
        double bFraction;
        @Option(names = "--no-b-hadrons", description = "spread b quarks as light quarks (no B hadron decays, no dead cone): the first model")
        boolean noBHadrons;
        @Option(names = "--isotropic-w", description = "the W of a top decays isotropically and its quarks shower one by one (no helicity, no singlet dipole): the first two models")
        boolean isotropicW;
        @Option(names = "--alpha-s", defaultValue = "0.12", description = "radiation strength of the shower (default ${DEFAULT-VALUE})")
        double alphaS;
        @Option(names = "--smearing", defaultValue = "1", description = "detector resolution scale, 0 = none (default ${DEFAULT-VALUE})")
        double smearing;
        @Option(names = "--threshold", defaultValue = "0.5", description = "particle pT threshold in GeV (default ${DEFAULT-VALUE})")
        double threshold;
        @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--as", paramLabel = "NAME", defaultValue = "jets", description = "workspace name (default ${DEFAULT-VALUE})")
        String as;

        Simulate(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            Hep hep = new Hep(workspace);
            return hep.simulate(as, n, hep.topQcdJets().pt(ptMin, ptMax).topFraction(topFraction).gluonFraction(gluonFraction)
                    .bFraction(bFraction).flavouredHadronisation(!noBHadrons).standardModelW(!isotropicW).alphaS(alphaS).smearing(smearing).threshold(threshold).seed(seed));
        }
    }

    @Command(name = "pairs", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"QCD jets at generator level (every hadron, unsmeared) in one of two tunes of the jet simulator, and the same",
                    "jets seen by a particle detector (efficiency, pT and angular smearing, pT threshold): the toy of particle-level",
                    "unfolding. Stores the per-jet table (truth.*, n_gen, n_reco) as NAME, the detector-level particles as",
                    "NAME.particles, the generator-level ones as NAME.gen.particles (docs/JETS.md)."})
    static final class Pairs implements Callable<Dataset> {
        private final Workspace workspace;
        @Option(names = "--tune", defaultValue = "simulation", description = "simulation (alpha_s 0.10) or nature (alpha_s 0.13, more hadrons and gluons) (default ${DEFAULT-VALUE})")
        String tune;
        @Option(names = "--n", defaultValue = "10000", description = "number of jets (default ${DEFAULT-VALUE})")
        int n;
        @Option(names = "--pt-min", defaultValue = "300", description = "lowest parton pT in GeV (default ${DEFAULT-VALUE})")
        double ptMin;
        @Option(names = "--pt-max", defaultValue = "400", description = "highest parton pT in GeV (default ${DEFAULT-VALUE})")
        double ptMax;
        @Option(names = "--efficiency", defaultValue = "0.9", description = "probability to reconstruct a particle (default ${DEFAULT-VALUE})")
        double efficiency;
        @Option(names = "--threshold", defaultValue = "1", description = "detector-level particle pT threshold in GeV (default ${DEFAULT-VALUE})")
        double threshold;
        @Option(names = "--angular", defaultValue = "0.02", description = "rapidity and azimuth resolution (default ${DEFAULT-VALUE})")
        double angular;
        @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--as", paramLabel = "NAME", defaultValue = "pairs", description = "workspace name (default ${DEFAULT-VALUE})")
        String as;

        Pairs(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            Hep hep = new Hep(workspace);
            return hep.simulatePairs(as, n, hep.twoTuneJets().tune(TwoTuneJets.Tune.named(tune)).pt(ptMin, ptMax)
                    .detector(new ParticleDetector().efficiency(efficiency).threshold(threshold).angularResolution(angular)).seed(seed));
        }
    }

    @Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Cluster each event's particles (from %%jets simulate, or the final state of an LHE/HepMC file from %%events load)",
                    "with E-scheme recombination, keep jets with pT >= --pt-min and |y| <= --y-max, and compute the leading jet's",
                    "x.pt, x.y, x.phi, x.m, x.n, x.tau1..3, x.tau21, x.tau32, x.c2, x.d2 and soft drop's x.zg, x.rg, x.m_sd.",
                    "Stores the table as NAME (labels and truth carried over) and all jets with constituents as NAME.jets."})
    static final class Cluster implements Callable<Dataset> {
        private final Workspace workspace;
        @Parameters(paramLabel = "DATA", description = "the events whose particles to cluster")
        String data;
        @Option(names = "--algorithm", defaultValue = "antikt", converter = AlgorithmConverter.class,
                description = "antikt, kt or ca (Cambridge/Aachen) (default ${DEFAULT-VALUE})")
        JetAlgorithm algorithm;
        @Option(names = {"-R", "--radius"}, defaultValue = "0.8", description = "jet radius R (default ${DEFAULT-VALUE})")
        double r;
        @Option(names = "--pt-min", defaultValue = "0", description = "smallest jet pT in GeV (default ${DEFAULT-VALUE})")
        double ptMin;
        @Option(names = "--y-max", defaultValue = "2.5", description = "largest jet |rapidity| (default ${DEFAULT-VALUE})")
        double yMax;
        @Option(names = "--zcut", defaultValue = "0.1", description = "soft drop z_cut (default ${DEFAULT-VALUE})")
        double zCut;
        @Option(names = "--beta", defaultValue = "0", description = "soft drop beta (default ${DEFAULT-VALUE})")
        double beta;
        @Option(names = "--no-ecf", description = "skip C2 and D2 (their cost grows as n^3 in the constituents)")
        boolean noEcf;
        @Option(names = "--as", paramLabel = "NAME", description = "workspace name (default DATA_jets)")
        String as;

        Cluster(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public Dataset call() {
            return new Hep(workspace).clusterJets(data, new JetDefinition(algorithm, r), ptMin, yMax, zCut, beta, !noEcf,
                    as != null ? as : data + "_jets");
        }
    }

    static final class AlgorithmConverter implements ITypeConverter<JetAlgorithm> {
        @Override
        public JetAlgorithm convert(String value) {
            return JetAlgorithm.parse(value);
        }
    }
}
