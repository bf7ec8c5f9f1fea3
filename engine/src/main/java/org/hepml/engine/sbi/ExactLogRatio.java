package org.hepml.engine.sbi;

import org.hepml.engine.events.sim.TractableSimulator;

import java.util.List;

/** The exact log r(x | theta) of a simulator with a tractable likelihood, against a reference theta1. */
public final class ExactLogRatio implements LogRatio {
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

    @Override
    public double[] logRatio(double[][] x, double[] theta) {
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            out[k] = simulator.logLikelihood(x[k][0], theta) - simulator.logLikelihood(x[k][0], reference);
        }
        return out;
    }
}
