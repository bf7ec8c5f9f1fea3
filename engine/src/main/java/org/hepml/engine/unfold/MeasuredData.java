package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;

/**
 * The measured events OmniFold unfolds: detector-level features only, each event with a weight (1 for real data;
 * a Poisson count for a bootstrap replica).
 *
 * @param reco    detector-level features, {@code reco[event][feature]}, in the simulation's detector-level columns
 * @param weights each event's weight
 */
public record MeasuredData(double[][] reco, double[] weights) implements java.io.Serializable {

    public MeasuredData {
        if (reco.length != weights.length) {
            throw new HepmlException("The data have " + reco.length + " events but " + weights.length + " weights.");
        }
        if (reco.length == 0) throw new HepmlException("The data have no event with detector-level values to unfold.");
    }

    public int size() {
        return weights.length;
    }

    /** The same events, each weight times a bootstrap count: weights[e] * counts[e], as {@code bootstrapWeights} makes them. */
    public MeasuredData reweighted(byte[] counts) {
        double[] w = new double[weights.length];
        for (int e = 0; e < w.length; e++) w[e] = weights[e] * (int) counts[e];
        return new MeasuredData(reco, w);
    }

    /** The same events with other weights (a bootstrap replica). */
    public MeasuredData reweighted(double[] weights) {
        return new MeasuredData(reco, weights);
    }
}
