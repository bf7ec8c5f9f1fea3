package org.hepml.engine.sbi;

import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.events.sim.TractableSimulator;

import java.util.List;

/** The exact log r(x | theta) of a simulator with a tractable likelihood, against a reference theta1. */
public final class ExactLogRatio implements LogRatio, java.io.Serializable { // sent whole to coverage tasks elsewhere
    private final TractableSimulator simulator;
    private final double[] reference;

    public ExactLogRatio(TractableSimulator simulator, double... reference) {
        simulator.checkTheta(reference);
        this.simulator = simulator;
        this.reference = reference.clone();
    }

    @Override
    public List<String> parameters() {
        return simulator.parameters();
    }

    @Override
    public List<String> observables() {
        return List.of(simulator.observable());
    }

    /** log p(x | theta1) of the last events asked about: a scan asks for the same events at every point. */
    private double[][] lastX;
    private double[] lastReference;

    /** For ee -> mumu, p(x | theta) = a(x) + A_FB(theta) b(x): a and b of the last events (each costs two erf). */
    private double[][] lastTerms;

    @Override
    public double[] logRatio(double[][] x, double[] theta) {
        double[] ref;
        double[][] terms;
        synchronized (this) {
            if (x != lastX) {
                double[] r = new double[x.length];
                if (simulator instanceof ElectroweakMuonPairs ee) {
                    double[][] t = new double[x.length][];
                    double afb = ee.forwardBackwardAsymmetry(reference);
                    for (int k = 0; k < x.length; k++) {
                        t[k] = ee.likelihoodTerms(x[k][0]);
                        r[k] = Math.log(t[k][0] + afb * t[k][1]);
                    }
                    lastTerms = t;
                } else {
                    for (int k = 0; k < x.length; k++) r[k] = simulator.logLikelihood(x[k][0], reference);
                    lastTerms = null;
                }
                lastReference = r;
                lastX = x;
            }
            ref = lastReference;
            terms = lastTerms;
        }
        double[] out = new double[x.length];
        if (terms != null) {
            double afb = ((ElectroweakMuonPairs) simulator).forwardBackwardAsymmetry(theta);
            simulator.checkTheta(theta);
            for (int k = 0; k < x.length; k++) {
                double p = terms[k][0] + afb * terms[k][1];
                // an impossible x gets the simulator's own error
                out[k] = p > 0 ? Math.log(p) - ref[k] : simulator.logLikelihood(x[k][0], theta);
            }
            return out;
        }
        for (int k = 0; k < x.length; k++) out[k] = simulator.logLikelihood(x[k][0], theta) - ref[k];
        return out;
    }
}
