package org.hepml.engine.plot;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.OmniFoldOptions;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.bayes.ClassifierPrediction;
import org.hepml.engine.bayes.RegressionPrediction;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.events.sim.Simulators;
import org.hepml.engine.events.sim.TractableSimulator;
import org.hepml.engine.nn.TrainingHistory;
import org.hepml.engine.sbi.CoverageResult;
import org.hepml.engine.sbi.ExactLogRatio;
import org.hepml.engine.sbi.FisherInformation;
import org.hepml.engine.sbi.LikelihoodScan;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.MethodComparison;
import org.hepml.engine.sbi.RatioDiagnostics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The figures of the tutorials, made from fixed seeds without any training (exact likelihoods, the histogram
 * reweighter, predictions built from known curves), so that they come out the same on every machine: the subjects
 * of the figure tests and the reference images.
 */
final class SampleFigures {
    private final Workspace ws = new Workspace();
    final Hep hep = new Hep(ws);

    SampleFigures() {
        hep.simulate("sim", 20000, new GaussianToy().seed(1));
        hep.simulate("data", 5000, new GaussianToy().mu(0.2).sigma(0.8).seed(2));
        hep.simulate("observed", 2000, hep.simulate(hep.galton()).theta("-0.6").seed(8));
        hep.simulate("ee", 2000, hep.simulate(hep.eeMuMu()).theta("0.2").seed(9));
    }

    /** Notebook 00: data against simulation at detector level, with the ratio panel. */
    Figure quickstart() {
        return hep.histograms("data", "sim").column("x.reco").bins(40).range(-4, 4).ratioTo("sim").figure();
    }

    /** Notebook 02: the exact -2 delta log L of 2000 e+e- -> mu+mu- events over sin^2 theta_W. */
    Figure scan() {
        return hep.scan("ee", "grid(0.15,0.3,101)", null, true).figure();
    }

    /** Notebook 04: OmniFold (histogram reweighter, 5 bootstrap replicas) of the Gaussian toy against its truth. */
    Figure unfolding() {
        if (!ws.contains("unfolded")) {
            OmniFoldOptions o = new OmniFoldOptions();
            o.reweighter = "histogram";
            o.range = new double[]{-4, 4};
            o.iterations = 3;
            o.bootstrap = 5;
            hep.omnifold("sim", "data", "x.gen", "x.reco", o, "unfolded");
        }
        return hep.plotUnfolding("unfolded", "x.gen", "data", "data", "spectra", 30, 3, null);
    }

    /** A BNN regression's prediction as notebook 05 draws it: y = sin x with sigma_alea 0.2, sigma_epi growing with |x|. */
    static RegressionPrediction bnnPrediction() {
        int n = 400;
        double[][] in = new double[n][1];
        double[] mean = new double[n], ale = new double[n], epi = new double[n], truth = new double[n];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            double x = -3 + 6.0 * i / (n - 1);
            in[i][0] = x;
            mean[i] = Math.sin(x);
            ale[i] = 0.2;
            // far narrower than the mean's line near x = 0: where the old figure's band could not be seen
            epi[i] = 0.004 + 0.03 * Math.abs(x);
            truth[i] = Math.sin(x) + 0.2 * r.nextGaussian();
        }
        return new RegressionPrediction(in, mean, ale, epi, truth, "y");
    }

    Figure bnnBands() {
        return bnnPrediction().bands(0, "x.1");
    }

    /** Every kind of figure the engine draws, by name. */
    Map<String, Supplier<Figure>> all() {
        Map<String, Supplier<Figure>> m = new LinkedHashMap<>();
        m.put("quickstart", this::quickstart);
        m.put("quickstart, normalised", () -> hep.histograms("data", "sim").column("x.gen").bins(40).range(-4, 4).normalize(true).ratioTo("sim").figure());
        m.put("two columns", () -> hep.histograms("data", "sim").column("x.gen", "x.reco").bins(30).range(-4, 4).figure());
        m.put("a million events", () -> HistogramPlot.of(Histogram.of("sim", gaussian(1_000_000, 7), null, 40, -4, 4)).xLabel("p_T(j₁) [GeV]").figure());
        m.put("tiny densities", () -> HistogramPlot.of(Histogram.of("sim", scaled(gaussian(5000, 8), 1e4), null, 40, -4e4, 4e4))
                .normalize(true).xLabel("x").figure());
        m.put("scan", this::scan);
        m.put("galton scan", () -> hep.scan("observed", "grid(-1.2,0,121)", null, true).figure());
        m.put("2D scan", () -> {
            if (!ws.contains("ee2")) {
                var twoParameters = new org.hepml.engine.events.sim.ElectroweakMuonPairs(List.of("sin2w", "sqrts"), 0.23122, 91.1876, 0.0);
                hep.simulate("ee2", 5000, hep.simulate(twoParameters).theta("0.23; 91.2").seed(5));
            }
            return hep.scan("ee2", "grid(0.2,0.26,21); grid(88,94,21)", null, true).figure();
        });
        m.put("unfolding", this::unfolding);
        m.put("unfolding convergence", () -> {
            unfolding();
            return hep.plotUnfolding("unfolded", "x.gen", "data", null, "convergence", 30, 3, null);
        });
        m.put("unfolding weights", () -> {
            unfolding();
            return hep.plotUnfolding("unfolded", "x.gen", null, null, "weights", 30, 3, null);
        });
        m.put("ibu", () -> hep.ibu("sim", "data", "x.gen", "x.reco", 4, 30, new double[]{-4, 4}, "data", 5, 1));
        m.put("bnn bands", this::bnnBands);
        m.put("bnn pulls", () -> bnnPrediction().pullPlot());
        m.put("bnn coverage", () -> bnnPrediction().coveragePlot());
        m.put("bnn sigma-mu", () -> classifier().sigmaVsMu());
        m.put("bnn epistemic check", () -> epistemicCheck().figure());
        m.put("bnn sigma vs training size", () -> new org.hepml.engine.bayes.EpistemicCheck.Scaling(new int[]{500, 2000, 8000},
                new double[]{Math.log(0.08), Math.log(0.04), Math.log(0.02)}, new double[]{0.05, 0.05, 0.05}, new double[]{0.2, 0.2, 0.2},
                -0.5, 0.03, 1.2).figure(0.2));
        m.put("bnn reliability", () -> classifier().reliabilityPlot());
        m.put("method comparison", () -> new MethodComparison("galton", List.of(Method.CARL, Method.ALICES), new int[]{200, 1000, 5000},
                new double[][][]{{{0.1, 0.12}, {0.05, 0.04}, {0.02, 0.025}}, {{0.01, 0.012}, {0.004, 0.005}, {0.002, 0.0025}}}, 0.5, 0.003).figure());
        TractableSimulator galton = Simulators.of(hep.dataset("observed"));
        m.put("calibration", () -> RatioDiagnostics.calibration(new ExactLogRatio(galton, new double[]{-0.6}), galton, new double[]{-0.8},
                new double[]{-0.6}, 2000, 10, 1));
        m.put("log r curves", () -> RatioDiagnostics.curves(new ExactLogRatio(galton, new double[]{-0.6}), galton, new double[]{-0.6},
                LikelihoodScan.grid(0, 30, 31), new double[]{-0.8}));
        m.put("log r scatter", () -> RatioDiagnostics.scatter(new ExactLogRatio(galton, new double[]{-0.6}), galton, new double[]{-0.6},
                RatioDiagnostics.sample(galton, new double[]{-0.6}, 500, 3), new double[]{-0.8}));
        m.put("fisher ellipse", () -> new FisherInformation(List.of("sin2w", "sqrts"), new double[][]{{200, 3}, {3, 0.5}}, new double[]{0, 0}, "exact")
                .ellipse(new double[]{0.23, 91.2}, 10000));
        m.put("training", () -> new TrainingHistory(List.of(0.7, 0.6, 0.55, 0.52, 0.51), List.of(0.71, 0.62, 0.57, 0.56, 0.565), 4, 1.0, 1000, false,
                List.of(new TrainingHistory.TermCurve("cross-entropy", 1, List.of(0.6, 0.5, 0.45, 0.43, 0.42), List.of(0.6, 0.52, 0.47, 0.46, 0.465)),
                        new TrainingHistory.TermCurve("score MSE", 2, List.of(0.05, 0.05, 0.05, 0.045, 0.045), List.of(0.055, 0.05, 0.05, 0.05, 0.05))))
                .lossCurve());
        m.put("coverage", () -> {
            CoverageResult c = hep.coverage(galton, new double[]{-0.6}, List.of(), true, 30, 300, "grid(-1.2,0,61)",
                    new double[]{0.3, 0.6827, 0.9, 0.95}, null, 0, 1, null);
            return c.figure();
        });
        return m;
    }

    /** Ten trainings' predictions at 21 points, scattered about the truth by about their claimed sigma. */
    static org.hepml.engine.bayes.EpistemicCheck.Result epistemicCheck() {
        SplittableRandom r = new SplittableRandom(5);
        int k = 10, n = 21;
        double[] x = new double[n], truth = new double[n];
        double[][] mean = new double[k][n], epi = new double[k][n], alea = new double[k][n];
        for (int i = 0; i < n; i++) {
            x[i] = -2 + 0.2 * i;
            truth[i] = Math.sin(x[i]);
            for (int t = 0; t < k; t++) {
                epi[t][i] = 0.02 + 0.02 * x[i] * x[i];
                mean[t][i] = truth[i] + epi[t][i] * r.nextGaussian();
                alea[t][i] = 0.1;
            }
        }
        return new org.hepml.engine.bayes.EpistemicCheck.Result(2000, k, x, truth, mean, epi, alea);
    }

    static ClassifierPrediction classifier() {
        SplittableRandom r = new SplittableRandom(4);
        int n = 2000;
        double[] mu = new double[n], sigma = new double[n], labels = new double[n];
        for (int i = 0; i < n; i++) {
            mu[i] = r.nextDouble();
            sigma[i] = 0.1 * mu[i] * (1 - mu[i]) * (0.8 + 0.4 * r.nextDouble());
            labels[i] = r.nextDouble() < mu[i] ? 1 : 0;
        }
        return new ClassifierPrediction(mu, sigma, mu, sigma, labels);
    }

    static double[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
        return x;
    }

    static double[] scaled(double[] x, double f) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] *= f;
        return y;
    }
}
