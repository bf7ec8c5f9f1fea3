package org.hepml.engine.sbi;

import org.hepml.engine.events.sim.TractableSimulator;

import java.util.List;

/**
 * A score t(x) = grad_theta log p(x | theta_ref) for events, the summary statistic of SALLY and SALLINO: a
 * trained {@link ScoreEstimator}, or the simulator's exact score ({@link #exact}), so the likelihood built on
 * it can be checked with a perfect score, apart from any training.
 */
public interface Score {

    /** The parameter names, in the order of the score's components. */
    List<String> parameters();

    /** The observable column names the score reads, in the order of {@code x[i]}. */
    List<String> observables();

    /** t(x) for every event: {@code [event][parameter]}. */
    double[][] score(double[][] x);

    /** The simulator's exact score at {@code reference}. */
    static Score exact(TractableSimulator simulator, double... reference) {
        simulator.checkTheta(reference);
        double[] ref = reference.clone();
        return new Score() {
            @Override
            public List<String> parameters() {
                return simulator.parameters();
            }

            @Override
            public List<String> observables() {
                return List.of(simulator.observable());
            }

            @Override
            public double[][] score(double[][] x) {
                double[][] t = new double[x.length][];
                for (int i = 0; i < x.length; i++) t[i] = simulator.score(x[i][0], ref);
                return t;
            }
        };
    }
}
