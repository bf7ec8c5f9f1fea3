package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.OmniFoldOptions;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.bayes.BnnClassifier;
import org.hepml.engine.bayes.BnnOptions;
import org.hepml.engine.bayes.BnnRegressor;
import org.hepml.engine.bayes.ClassifierPrediction;
import org.hepml.engine.bayes.RegressionPrediction;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.events.sim.GaussianToy;
import org.hepml.engine.events.sim.RegressionToy;
import org.hepml.engine.events.sim.Simulators;
import org.hepml.engine.events.sim.TwoClassToy;
import org.hepml.engine.plot.Figure;
import org.hepml.engine.sbi.CoverageResult;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.FisherReport;
import org.hepml.engine.sbi.LikelihoodScan;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.MethodComparison;
import org.hepml.engine.sbi.RatioDiagnostics;
import org.hepml.engine.sbi.RatioEstimator;
import org.hepml.engine.sbi.ScanReport;
import org.hepml.engine.sbi.ScanResult;
import org.hepml.engine.sbi.ScoreEstimator;
import org.hepml.engine.unfold.UnfoldedSpectrum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hepml.magics.MagicsTest.args;

/**
 * The Java twin: what notebooks 02-05 do with magics, done here with Java alone through {@link Hep} and the engine
 * classes (the cells a notebook would run, at a small size), each result of the kind the magic displays. Where the
 * computation is deterministic given its inputs (a scan of a stored model, the Fisher information, coverage with
 * a seed), the magic is run on the same workspace too and must give the same numbers: the magic is parse + this call.
 * Physics accuracy is the business of the engine's own tests and of the notebooks; these trainings are a few epochs.
 */
class JavaTwinTest {
    final Workspace ws = new Workspace();
    final Hep hep = new Hep(ws);

    static EstimatorOptions quick(int epochs) {
        return EstimatorOptions.of(TrainingSettings.ESTIMATOR.withHidden(16, 16).withEpochs(epochs));
    }

    /** Notebook 02: simulate, histogram with a ratio, train CARL, diagnostics, scan against the exact likelihood, coverage. */
    @Test
    void likelihoodRatioTrick() {
        // %events simulate ee-mumu --theta 0.19 --smearing 0.1
        var smeared = new ElectroweakMuonPairs(List.of("sin2w"), 0.23122, 91.1876, 0.1);
        Dataset sw019 = hep.simulate("sw019", 2000, hep.simulate(smeared).theta("0.19").seed(11));
        assertThat(sw019.columnNames()).contains("x.cos", "theta.sin2w");
        hep.simulate("sw025", 2000, hep.simulate(smeared).theta("0.25").seed(12));
        Figure f = hep.histograms("sw019", "sw025").column("x.cos").bins(40).range(-1.3, 1.3).ratioTo("sw025").figure();
        assertThat(f.toHtmlImage()).contains("data:image/png;base64");

        hep.simulate("train", 3000, hep.simulate(smeared).theta("uniform(0.15,0.27)").reference(0.23).seed(1));
        assertThat(hep.describe("train").toString()).contains("train");
        RatioEstimator carl = hep.ratioEstimator("train", Method.CARL, 1, quick(3), "carl");
        assertThat(hep.get("carl", RatioEstimator.class)).isSameAs(carl);
        var sim = Simulators.of(hep.dataset("train"));
        assertThat(RatioDiagnostics.curves(carl, sim, new double[]{0.23}, LikelihoodScan.grid(-1.2, 1.2, 9), new double[]{0.17})
                .toHtmlImage()).contains("data:image/png;base64");

        hep.simulate("observed", 1000, hep.simulate(smeared).theta("0.19").seed(99));
        ScanReport scan = hep.scan("observed", "grid(0.15,0.25,21)", "carl", true, null, null, "scan");
        assertThat(scan.scans()).extracting(ScanResult::label).containsExactly("carl", "exact");
        assertThat(scan.truth()).containsExactly(0.19);
        assertThat(hep.get("scan")).isSameAs(scan);
        ScanReport byMagic = (ScanReport) new InferMagic(ws).run(args("scan --observed observed --theta grid(0.15,0.25,21) --model carl --exact"), null);
        for (int i = 0; i < 2; i++) {
            assertThat(byMagic.scans().get(i).logLikelihood()).containsExactly(scan.scans().get(i).logLikelihood());
        }

        CoverageResult coverage = hep.coverage(hep.simulator("train"), new double[]{0.19}, List.of("carl"), true, 12, 200,
                "grid(0.15,0.25,21)", new double[]{0.6827}, null, 0, 1, "coverage");
        assertThat(coverage.labels()).containsExactly("carl", "exact");
        assertThat(coverage.experiments()).isEqualTo(12);
        CoverageResult coverageByMagic = (CoverageResult) new InferMagic(ws).run(args("coverage --model carl --simulator train --truth 0.19"
                + " --experiments 12 --events 200 --theta grid(0.15,0.25,21) --exact --levels 0.6827"), null);
        for (String label : List.of("carl", "exact")) {
            assertThat(coverageByMagic.covered(label, 0.6827)).isEqualTo(coverage.covered(label, 0.6827));
        }
    }

    /** Notebook 03: the Galton board with joint ratio and score, three methods, a method comparison, SALLY and Fisher. */
    @Test
    void miningGold(@TempDir Path dir) {
        hep.simulate("board", 2000, hep.simulate(hep.galton()).theta("uniform(-1,-0.4)").reference(-0.6).augment(true).seed(1));
        assertThat(hep.dataset("board").columnNames()).contains("r_xz", "t_xz.theta");
        assertThat(hep.histograms("board").column("r_xz").bins(50).range(0, 4).figure().toHtmlImage()).contains("data:image/png");
        for (Method m : List.of(Method.CARL, Method.RASCAL, Method.ALICES)) {
            assertThat(hep.ratioEstimator("board", m, 1, quick(2), m.label().toLowerCase())).isInstanceOf(RatioEstimator.class);
        }
        var sim = Simulators.of(hep.dataset("board"));
        MethodComparison comparison = MethodComparison.run(sim, "uniform(-1,-0.4)", new double[]{-0.6}, new double[][]{{-0.8}},
                List.of(Method.CARL, Method.ALICES), new int[]{200}, 1, quick(1), 20);
        assertThat(comparison.mean(comparison.row(Method.ALICES), comparison.column(200))).isPositive();

        hep.simulate("eeref", 2000, hep.simulate(hep.eeMuMu()).theta("0.23").augment(true).seed(5));
        ScoreEstimator sally = hep.scoreEstimator("eeref", quick(2), "sally");
        FisherReport fisher = hep.fisher("sally", "eeref", 10_000, true, "fisher");
        assertThat(fisher.exact()).isNotNull();
        assertThat(fisher.learned().perEvent()[0][0]).isPositive();
        assertThat(hep.get("fisher", FisherReport.class)).isSameAs(fisher);
        FisherReport byMagic = (FisherReport) new InferMagic(ws).run(args("fisher --model sally --data eeref --events 10000 --exact"), null);
        assertThat(byMagic.learned().perEvent()[0]).containsExactly(fisher.learned().perEvent()[0]);
        assertThat(byMagic.exact().perEvent()[0]).containsExactly(fisher.exact().perEvent()[0]);

        // save and load: the loaded estimator gives the same scores
        Path file = hep.save("sally", dir.resolve("sally.hepml"));
        ScoreEstimator back = (ScoreEstimator) hep.loadModel(file, "sally2");
        double[][] x = LikelihoodScan.observables(hep.dataset("eeref"), sally.observables());
        assertThat(back.score(x)[0]).containsExactly(sally.score(x)[0]);
    }

    /** Notebook 04: OmniFold with bootstrap replicas on the Gaussian toy, its figures, IBU on the jet toy. */
    @Test
    void omnifoldAndIbu() {
        hep.simulate("sim", 3000, new GaussianToy().mu(0).sigma(1).seed(1));
        hep.simulate("data", 3000, new GaussianToy().mu(0.2).sigma(0.8).seed(2));
        OmniFoldOptions o = new OmniFoldOptions();
        o.iterations = 2;
        o.bootstrap = 2;
        o.training = TrainingSettings.UNFOLDING.withHidden(16, 16).withEpochs(2).withBatchSize(1000).withLearningRate(5e-3);
        Dataset unfolded = hep.omnifold("sim", "data", "x.gen", "x.reco", o, "unfolded");
        assertThat(unfolded.columnNames()).contains("weight", "weight.prior", "weight.boot1", "weight.boot2");
        assertThat(ws.dataset("unfolded")).isSameAs(unfolded);
        double[][] moments = UnfoldedSpectrum.moments(unfolded, "x.gen");
        assertThat(moments).hasNumberOfRows(3);
        for (String show : List.of("spectra", "convergence", "weights")) {
            assertThat(hep.plotUnfolding("unfolded", "x.gen", "data", "data", show, 40, 3, null).toHtmlImage()).contains("data:image/png");
        }

        // the binned variant trains nothing: the magic must give the very same weights, replicas included
        OmniFoldOptions binned = new OmniFoldOptions();
        binned.reweighter = "histogram";
        binned.range = new double[]{-4, 4};
        binned.iterations = 2;
        binned.bootstrap = 2;
        Dataset javaBinned = hep.omnifold("sim", "data", "x.gen", "x.reco", binned, "binned");
        Dataset magicBinned = (Dataset) new UnfoldMagic(ws).run(args("omnifold --sim sim --data data --gen x.gen --reco x.reco"
                + " --reweighter histogram --range -4,4 --iterations 2 --bootstrap 2 --as binned_magic"), null);
        for (String w : List.of("weight", "weight.boot1", "weight.boot2")) {
            assertThat(magicBinned.column(w)).as(w).containsExactly(javaBinned.column(w));
        }

        hep.simulate("jets_sim", 3000, hep.jets().efficiency(0.9).fakeRate(0.05).seed(3));
        hep.simulate("jets_data", 3000, hep.jets().tune(org.hepml.engine.events.sim.JetSubstructureToy.Tune.NATURE).seed(4));
        Figure ibu = hep.ibu("jets_sim", "jets_data", "x.gen.m", "x.reco.m", 4, 30, new double[]{0, 75}, "jets_data", 5, 1);
        assertThat(ibu.toHtmlImage()).contains("data:image/png");
    }

    /** Notebook 05: a Bayesian regression and classifier, their predictions and uncertainty plots. */
    @Test
    void bayesianNetworks() {
        hep.store(new RegressionToy().noise(0.1).heteroscedastic(true).seed(1).generate("amps", 500));
        hep.store(new RegressionToy().noise(0.1).heteroscedastic(true).range(4).seed(3).generate("amps_wide", 300));
        BnnOptions o = BnnOptions.of(TrainingSettings.BAYESIAN.withHidden(8).withEpochs(3).withBatchSize(256)).withSamples(10);
        BnnRegressor bnn = hep.bnnRegress("amps", "y", null, o, "bnn");
        RegressionPrediction pred = (RegressionPrediction) hep.predict("bnn", "amps_wide");
        assertThat(pred.size()).isEqualTo(300);
        assertThat(pred.mean()).containsExactly(bnn.predict(hep.dataset("amps_wide")).mean());
        for (String kind : List.of("bands", "pulls", "coverage")) {
            assertThat(hep.bnnPlot(kind, "bnn", "amps_wide", null).toHtmlImage()).contains("data:image/png");
        }

        hep.store(new TwoClassToy().dimensions(2).seed(1).generate("two", 500));
        hep.bnnClassify("two", "y", null, o, "tagger");
        ClassifierPrediction tag = (ClassifierPrediction) hep.predict("tagger", "two");
        assertThat(tag.size()).isEqualTo(500);
        for (String kind : List.of("sigma-mu", "reliability")) {
            assertThat(hep.bnnPlot(kind, "tagger", "two", null).toHtmlImage()).contains("data:image/png");
        }
        assertThat(hep.get("tagger")).isInstanceOf(BnnClassifier.class);
        assertThat(hep.listing().toString()).contains("bnn", "tagger", "amps");
    }

    /** No notebook reaches into the magics from a Java cell: the twin covers what they need. */
    @Test
    void noNotebookImportsTheMagics() throws IOException {
        Path notebooks = Path.of("..", "notebooks");
        try (Stream<Path> files = Files.list(notebooks)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".ipynb")).toList();
            assertThat(all).hasSizeGreaterThanOrEqualTo(6);
            for (Path nb : all) assertThat(Files.readString(nb)).as(nb.toString()).doesNotContain("org.hepml.magics");
        }
    }
}
