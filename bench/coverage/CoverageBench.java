import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.events.sim.TractableSimulator;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.sbi.CoverageResult;
import org.hepml.engine.sbi.CoverageStudy;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.LikelihoodScan;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.RatioEstimator;
import org.hepml.engine.sbi.ScanResult;
import org.hepml.engine.sbi.ScoreEstimator;
import org.hepml.engine.sbi.ScoreSummaryLikelihood;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Coverage of the Wilks intervals at bench size (see run.sh): per simulator, K experiments at the truth, the exact
 * likelihood, CARL and ALICES (trained and scanned as in RatioEstimatorTest: a training range wider than the grid,
 * CARL on the Galton board as an ensemble of five) and SALLY (score trained at the reference, histogram
 * likelihood reweighted from a large reference sample). Prints each study's table to stderr and one JSON line.
 */
public class CoverageBench {
    public static void main(String[] args) {
        int k = Integer.parseInt(args[0]);
        double[] levels = CoverageStudy.DEFAULT_LEVELS;
        List<String> json = new ArrayList<>();
        long t0 = System.nanoTime();
        GaltonBoard galton = new GaltonBoard();
        Dataset gTrain = new AugmentedSimulation(galton).theta("uniform(-1.2,-0.2)").reference(-0.6).augment(true).seed(1).generate("train", 40_000);
        Dataset gRef = new AugmentedSimulation(galton).theta("-0.6").augment(true).seed(2).generate("ref", 20_000);
        json.add(study("galton", galton, -0.8, -0.6, 400, LikelihoodScan.grid(-1, -0.4, 161), gTrain, gRef, 30, 5, 200_000, k, levels));
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs(List.of("sin2w"), 0.23122, 91.1876, 0.1);
        Dataset eTrain = new AugmentedSimulation(ee).theta("uniform(0.15,0.27)").reference(0.23).augment(true).seed(3).generate("ee", 30_000);
        Dataset eRef = new AugmentedSimulation(ee).theta("0.23").augment(true).seed(1).generate("ref", 50_000);
        json.add(study("ee_mumu", ee, 0.20, 0.23, 2000, LikelihoodScan.grid(0.16, 0.24, 81), eTrain, eRef, 20, 1, 2_000_000, k, levels));
        System.out.printf(Locale.ROOT, "{\"experiments\": %d, \"seconds\": %.0f, %s}%n", k, (System.nanoTime() - t0) / 1e9, String.join(", ", json));
    }

    static String study(String name, TractableSimulator sim, double truth, double reference, int events, double[] grid, Dataset train,
                        Dataset atReference, int epochs, int carlMembers, int referenceEvents, int k, double[] levels) {
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withEpochs(epochs));
        EstimatorOptions so = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withEpochs(15));
        EstimatorOptions co = o.withEnsemble(carlMembers);
        try (RatioEstimator carl = RatioEstimator.train(train, Method.CARL, 1, co);
             RatioEstimator alices = RatioEstimator.train(train, Method.ALICES, 1, o);
             ScoreEstimator score = ScoreEstimator.train(atReference, so)) {
            CoverageResult r = new CoverageStudy(sim, truth).experiments(k).events(events).grid(List.of(grid)).levels(levels).seed(12345)
                    .model("carl", carl).model("alices", alices)
                    .model("sally", ScoreSummaryLikelihood.sally(score, sim, new double[]{reference}, referenceEvents, 20, 7))
                    .exact(true).run();
            System.err.println(r);
            List<String> per = new ArrayList<>();
            for (String label : r.labels()) {
                List<String> cells = new ArrayList<>();
                for (double l : levels) {
                    int[] band = CoverageResult.binomialRange(k, l, 0.001);
                    cells.add(String.format(Locale.ROOT, "\"%.3f\": {\"covered\": %d, \"open\": %d, \"calibrated_99.9\": [%d, %d]}", l,
                            r.covered(label, l), r.open(label, l), band[0], band[1]));
                }
                per.add("\"" + label + "\": {" + String.join(", ", cells) + "}");
            }
            return String.format(Locale.ROOT, "\"%s\": {\"truth\": %s, \"events\": %d, %s}", name, truth, events, String.join(", ", per));
        }
    }
}
