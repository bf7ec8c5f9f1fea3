package org.hepml.engine.sbi;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import java.util.List;

/**
 * Not a test (docs/FLOWS.md, "NDE scan: bias against the training size"): with args {@code TRUTH N}, the exact MLE on N
 * events simulated at TRUTH (does the simulator match the exact density?); with {@code TRUTH N PRIOR SEED}, the common
 * shift delta of theta that best fits a training sample (events at theta_i read as theta_i + delta) by the exact
 * likelihood -- the training sample's own statistical error, the least any estimator trained on it inherits. Both in
 * sigma of 1,000 events at TRUTH. Run: java -cp test-classes:classes:deps org.hepml.engine.sbi.TrainingSampleShiftProbe 0.21 240000 "uniform(0.15,0.27)" 1
 */
class TrainingSampleShiftProbe {
    public static void main(String[] a) {
        var ee = new ElectroweakMuonPairs(List.of("sin2w"), ElectroweakMuonPairs.SIN2W, ElectroweakMuonPairs.MZ, 0.1);
        double truth = Double.parseDouble(a[0]);
        int n = Integer.parseInt(a[1]);
        String prior = a.length > 2 ? a[2] : Double.toString(truth);
        Dataset d = new AugmentedSimulation(ee).theta(prior).seed(Long.parseLong(a.length > 3 ? a[3] : "5")).generate("big", n);
        double[] x = d.column("x.cos"), th = d.column("theta.sin2w");
        double sigma = 1 / Math.sqrt(1000 * ee.fisherInformation(new double[]{truth})[0][0]);
        if (a.length > 2) {
            // a prior sample: fit a common shift delta, events at theta_i taken as if at theta_i + delta
            double best = 0, bestL = Double.NEGATIVE_INFINITY;
            double[][] ab = new double[x.length][];
            for (int i = 0; i < x.length; i++) ab[i] = ee.likelihoodTerms(x[i]);
            for (int k = -40; k <= 40; k++) {
                double delta = k * 0.05 * sigma, L = 0;
                for (int i = 0; i < x.length; i++) L += Math.log(ab[i][0] + ee.forwardBackwardAsymmetry(new double[]{th[i] + delta}) * ab[i][1]);
                if (L > bestL) { bestL = L; best = delta; }
            }
            System.out.printf("prior %s: best common shift %+.3f sigma(1000) (sd of the estimate ~ %.3f)%n", prior, best / sigma, Math.sqrt(1000.0 / n));
            return;
        }
        double[][] ab = new double[x.length][];
        for (int i = 0; i < x.length; i++) ab[i] = ee.likelihoodTerms(x[i]);
        double best = 0, bestL = Double.NEGATIVE_INFINITY;
        for (int k = -100; k <= 100; k++) {
            double t = truth + k * 0.01 * sigma, afb = ee.forwardBackwardAsymmetry(new double[]{t}), L = 0;
            for (double[] v : ab) L += Math.log(v[0] + afb * v[1]);
            if (L > bestL) { bestL = L; best = t; }
        }
        System.out.printf("truth %.3f: exact MLE on %d simulated events %+.3f sigma(1000) (sd ~ %.3f)%n", truth, n, (best - truth) / sigma, Math.sqrt(1000.0 / n));
    }
}
