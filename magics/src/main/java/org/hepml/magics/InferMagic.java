package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.sim.TractableSimulator;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.sbi.CoverageResult;
import org.hepml.engine.sbi.FisherReport;
import org.hepml.engine.sbi.ScanReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;



/** {@code %infer}: parameter measurements from learned (or exact) likelihood ratios. */
public final class InferMagic extends PicocliMagic {

    public InferMagic(Workspace workspace) {
        super(workspace, Infer.class);
    }

    @Override
    public String name() {
        return "infer";
    }

    @Override
    public String summary() {
        return "likelihood scans, maximum-likelihood estimates, Wilks intervals and their coverage";
    }

    @Command(name = "infer", mixinStandardHelpOptions = true, description = "Measure parameters from observed events.",
            subcommands = {Scan.class, Fisher.class, Coverage.class, InferDesign.class, PosteriorCommands.Infer.class, PosteriorCommands.Sbc.class})
    static final class Infer {
    }

    @Command(name = "fisher", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The Fisher information per event from a SALLY score estimator, on events at its reference point,",
                    "with the Cramer-Rao errors for --events events; --exact adds the simulator's exact information."})
    static final class Fisher implements Callable<FisherReport> {
        private final Workspace workspace;
        @Option(names = "--model", required = true, paramLabel = "NAME", description = "a score estimator (%%train score) or a learned likelihood (%%train likelihood)")
        String model;
        @Option(names = "--data", required = true, paramLabel = "NAME", description = "events simulated at the reference point")
        String data;
        @Option(names = "--events", defaultValue = "1000", description = "expected number of events, e.g. luminosity x cross section (default ${DEFAULT-VALUE})")
        double events;
        @Option(names = "--exact", description = "also compute the exact Fisher information of the simulator that made --data")
        boolean exact;
        @Option(names = "--as", paramLabel = "NAME", description = "store the result")
        String as;

        Fisher(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public FisherReport call() {
            return new Hep(workspace).fisher(model, data, events, exact, as);
        }
    }

    @Command(name = "coverage", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Expected coverage: K pseudo-experiments of N events from a simulator at --truth, each scanned with",
                    "every --model (and --exact); the fraction whose Wilks region contains the truth against the nominal level,",
                    "with the band a calibrated likelihood stays in (binomial, central 95%%). Open regions (off the grid) never cover."})
    static final class Coverage implements Callable<CoverageResult> {
        private final Workspace workspace;
        @Option(names = "--model", paramLabel = "NAME", split = ",",
                description = "likelihood-ratio estimator(s) or score estimator(s) in the workspace, ','-separated")
        List<String> models = new ArrayList<>();
        @Option(names = "--simulator", required = true, paramLabel = "SIM",
                description = {"galton, ee-mumu (default settings), or a dataset made by %%events simulate galton|ee-mumu:",
                        "experiments come from its simulator with its settings (smearing, parameters)"})
        String simulator;
        @Option(names = "--truth", required = true, split = ",", paramLabel = "THETA", description = "the true parameter point")
        double[] truth;
        @Option(names = "--experiments", defaultValue = "200", description = "pseudo-experiments K (default ${DEFAULT-VALUE})")
        int experiments;
        @Option(names = "--events", defaultValue = "1000", description = "events per experiment N (default ${DEFAULT-VALUE})")
        int events;
        @Option(names = "--theta", paramLabel = "GRID", description = "the scan grid, grid(a,b,n) per parameter (default: truth +- 7 sigma)")
        String theta;
        @Option(names = "--levels", split = ",", paramLabel = "CL", description = "confidence levels (default 0.1,...,0.9,0.95,0.99)")
        double[] levels;
        @Option(names = "--exact", description = "also the simulator's exact likelihood")
        boolean exact;
        @Option(names = "--reference", split = ",", paramLabel = "THETA_REF",
                description = "for a score estimator (SALLY): the point it was trained at")
        double[] reference;
        @Option(names = "--reference-events", defaultValue = "1000000", paramLabel = "M",
                description = "for a score estimator: simulated events reweighted to every theta (default ${DEFAULT-VALUE})")
        int referenceEvents;
        @Option(names = "--seed", defaultValue = "1", description = "random seed of the experiments (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--on", paramLabel = "WHERE", description = "where the scans of the experiments run: local (here; the default), spark"
                + " (Spark tasks on a cluster on this machine), spark://host:port or spark:MASTER; needs the hepml-spark module (docs/SPARK.md)")
        String on;
        @Option(names = "--as", paramLabel = "NAME", description = "store the result")
        String as;

        Coverage(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public CoverageResult call() {
            Hep hep = new Hep(workspace);
            TractableSimulator sim;
            try {
                sim = hep.simulator(simulator);
            } catch (HepmlException e) {
                throw new MagicUsageException(e.getMessage());
            }
            return hep.coverage(sim, truth, models, exact, experiments, events, theta, levels, reference,
                    referenceEvents, seed, on, as);
        }
    }

    @Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"-2 delta log L over a parameter grid for observed events, the maximum-likelihood estimate",
                    "and 68%%/95%% intervals (1D) or contours (2D) from Wilks' theorem."})
    static final class Scan implements Callable<ScanReport> {
        private final Workspace workspace;

        @Option(names = "--observed", required = true, paramLabel = "DATA", description = "the observed events (weights used if present)")
        String observed;
        @Option(names = "--theta", required = true, paramLabel = "GRID",
                description = "the grid: grid(a,b,n) per parameter, ';'-separated")
        String theta;
        @Option(names = "--model", paramLabel = "NAME", description = "a trained likelihood-ratio estimator in the workspace")
        String model;
        @Option(names = "--exact", description = "also scan the exact likelihood of the simulator that made the observed events")
        boolean exact;
        @Option(names = "--reference", split = ",", paramLabel = "THETA1",
                description = "reference point of the exact ratio (default: the grid's first point); cancels in the scan")
        double[] reference;
        @Option(names = "--truth", split = ",", paramLabel = "THETA", description = "mark the true value (default: from the observed dataset)")
        double[] truth;
        @Option(names = "--as", paramLabel = "NAME", description = "store the result")
        String as;

        Scan(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public ScanReport call() {
            return new Hep(workspace).scan(observed, theta, model, exact, reference, truth, as);
        }
    }
}
