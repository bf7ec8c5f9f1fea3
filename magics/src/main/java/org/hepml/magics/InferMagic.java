package org.hepml.magics;

import org.hepml.engine.HepmlException;
import org.hepml.engine.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.Simulators;
import org.hepml.engine.events.sim.TractableSimulator;
import org.hepml.engine.sbi.ExactLogRatio;
import org.hepml.engine.sbi.FisherInformation;
import org.hepml.engine.sbi.ScoreEstimator;
import org.hepml.engine.sbi.LikelihoodScan;
import org.hepml.engine.sbi.LogRatio;
import org.hepml.engine.sbi.ScanReport;
import org.hepml.engine.sbi.ScanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
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
            subcommands = {Scan.class, Fisher.class, Coverage.class})
    static final class Infer {
    }

    @Command(name = "fisher", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The Fisher information per event from a SALLY score estimator, on events at its reference point,",
                    "with the Cramer-Rao errors for --events events; --exact adds the simulator's exact information."})
    static final class Fisher implements Callable<Object> {
        private final Workspace workspace;
        @Option(names = "--model", required = true, paramLabel = "NAME", description = "a score estimator (%%train score)")
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
        public Object call() {
            if (as != null) Workspace.checkName(as);
            if (!(events > 0)) throw new MagicUsageException("--events must be positive, got " + events + ".");
            ScoreEstimator sally = workspace.get(model, ScoreEstimator.class, "score estimator");
            Dataset d = workspace.dataset(data);
            FisherInformation learned = sally.fisherInformation(d);
            FisherReport report;
            if (exact) {
                TractableSimulator sim = Simulators.of(d);
                double[] ref = Scan.truthOf(d, sim.parameters());
                if (ref == null) throw new MagicUsageException("--exact needs --data simulated at one parameter point (the reference).");
                FisherInformation ex = new FisherInformation(sim.parameters(), sim.fisherInformation(ref), new double[ref.length], "exact");
                report = new FisherReport(learned, ex, ref, events);
            } else {
                report = new FisherReport(learned, null, null, events);
            }
            if (as != null) workspace.put(as, report);
            return report;
        }
    }

    @Command(name = "coverage", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Expected coverage: K pseudo-experiments of N events from a simulator at --truth, each scanned with",
                    "every --model (and --exact); the fraction whose Wilks region contains the truth against the nominal level,",
                    "with the band a calibrated likelihood stays in (binomial, central 95%). Open regions (off the grid) never cover."})
    static final class Coverage implements Callable<org.hepml.engine.sbi.CoverageResult> {
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
        @Option(names = "--as", paramLabel = "NAME", description = "store the result")
        String as;

        Coverage(Workspace workspace) {
            this.workspace = workspace;
        }

        @Override
        public org.hepml.engine.sbi.CoverageResult call() {
            if (as != null) Workspace.checkName(as);
            if (models.isEmpty() && !exact) throw new MagicUsageException("Give a --model, or --exact, or both.");
            TractableSimulator sim = simulator(workspace, simulator);
            if (truth.length != sim.parameters().size()) {
                throw new MagicUsageException("--truth has " + truth.length + " value(s); the simulator's parameters are " + sim.parameters() + ".");
            }
            org.hepml.engine.sbi.CoverageStudy study = new org.hepml.engine.sbi.CoverageStudy(sim, truth).experiments(experiments)
                    .events(events).exact(exact).seed(seed);
            if (theta != null) study.grid(Scan.axes(theta));
            if (levels != null) study.levels(levels);
            for (String m : models) {
                Object o = workspace.get(m);
                if (o instanceof ScoreEstimator score) {
                    if (reference == null) {
                        throw new MagicUsageException("--model " + m + " is a score estimator (SALLY): give --reference, the point it was trained at.");
                    }
                    study.model(m, org.hepml.engine.sbi.ScoreSummaryLikelihood.sally(score, sim, reference, referenceEvents, 20, seed + 1));
                } else {
                    study.model(m, workspace.get(m, LogRatio.class, "likelihood-ratio or score estimator"));
                }
            }
            org.hepml.engine.sbi.CoverageResult r = study.run();
            if (as != null) workspace.put(as, r);
            return r;
        }

        /** galton, ee-mumu, or the simulator (with its settings) that made a dataset in the workspace. */
        static TractableSimulator simulator(Workspace workspace, String name) {
            if (name.equals("galton")) return new org.hepml.engine.events.sim.GaltonBoard();
            if (name.equals("ee-mumu")) return new org.hepml.engine.events.sim.ElectroweakMuonPairs();
            if (!workspace.entries().containsKey(name)) {
                throw new MagicUsageException("--simulator takes galton, ee-mumu, or a dataset made by %events simulate galton|ee-mumu;"
                        + " '" + name + "' is none of these.");
            }
            return Simulators.of(workspace.dataset(name));
        }
    }

    /** Learned (and exact) Fisher information side by side, with errors for the expected events. */
    public record FisherReport(FisherInformation learned, FisherInformation exact, double[] reference, double events)
            implements org.hepml.engine.HtmlRenderable {
        @Override
        public String toString() {
            String s = learned + String.format(java.util.Locale.ROOT, "%nerrors with %.0f events: %s", events,
                    Arrays.toString(learned.errors(events)));
            if (exact != null) s += "\n" + exact + String.format(java.util.Locale.ROOT, "%nexact errors: %s", Arrays.toString(exact.errors(events)));
            return s;
        }

        @Override
        public String toHtml() {
            StringBuilder b = new StringBuilder("<div>").append(learned.toHtml());
            if (exact != null) b.append(exact.toHtml());
            b.append(String.format(java.util.Locale.ROOT, "Cramer-Rao errors with %.0f events: learned %s", events,
                    Arrays.toString(learned.errors(events))));
            if (exact != null) b.append(", exact ").append(Arrays.toString(exact.errors(events)));
            if (learned.parameters().size() == 2 && reference != null) {
                b.append("<br>").append((exact != null ? learned.ellipse(reference, events, exact) : learned.ellipse(reference, events)).toHtmlImage());
            }
            return b.append("</div>").toString();
        }
    }

    @Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"-2 delta log L over a parameter grid for observed events, the maximum-likelihood estimate",
                    "and 68%/95% intervals (1D) or contours (2D) from Wilks' theorem."})
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
            if (model == null && !exact) throw new MagicUsageException("Give a --model to scan, or --exact, or both.");
            if (as != null) Workspace.checkName(as);
            Dataset obs = workspace.dataset(observed);
            List<LogRatio> models = new ArrayList<>();
            if (model != null) models.add(workspace.get(model, LogRatio.class, "likelihood-ratio estimator"));
            List<double[]> axes = axes(theta);
            if (exact) {
                TractableSimulator sim = Simulators.of(obs);
                double[] ref = reference != null ? reference : axes.stream().mapToDouble(a -> a[0]).toArray();
                models.add(new ExactLogRatio(sim, ref));
            }
            List<ScanResult> scans = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                String label = i == 0 && model != null ? model : "exact";
                scans.add(LikelihoodScan.scan(models.get(i), obs, axes, label));
            }
            ScanReport report = new ScanReport(scans, truth != null ? truth : truthOf(obs, models.get(0).parameters()));
            if (as != null) workspace.put(as, report);
            return report;
        }

        static List<double[]> axes(String spec) {
            List<double[]> out = new ArrayList<>();
            for (String part : spec.split(";")) {
                String p = part.trim();
                if (!p.startsWith("grid(") || !p.endsWith(")")) {
                    throw new MagicUsageException("--theta takes grid(a,b,n) per parameter, ';'-separated; got '" + p + "'.");
                }
                double[] v;
                try {
                    v = Arrays.stream(p.substring(5, p.length() - 1).split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
                } catch (NumberFormatException e) {
                    throw new MagicUsageException("--theta: '" + p + "' is not grid(a,b,n) with numbers a, b, n.");
                }
                if (v.length != 3 || v[2] != Math.rint(v[2])) throw new MagicUsageException("--theta: '" + p + "' is not grid(a,b,n) with a whole n.");
                out.add(LikelihoodScan.grid(v[0], v[1], (int) v[2]));
            }
            return out;
        }

        /** The true parameter point if the observed events were all simulated at one. */
        static double[] truthOf(Dataset obs, List<String> parameters) {
            double[] t = new double[parameters.size()];
            for (int j = 0; j < t.length; j++) {
                String c = "theta." + parameters.get(j);
                if (!obs.has(c) || obs.size() == 0) return null;
                double[] v = obs.column(c);
                for (double x : v) if (x != v[0]) return null;
                t[j] = v[0];
            }
            return t;
        }
    }
}
