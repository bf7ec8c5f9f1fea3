package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;

/**
 * The measured events OmniFold unfolds: detector-level features only, each event with a weight (1 for real data;
 * a Poisson count for a bootstrap replica).
 *
 * @param reco    detector-level features, {@code reco[event][feature]}, in the simulation's detector-level columns
 * @param weights each event's weight
 */
public record MeasuredData(double[][] reco, double[] weights) {

    public MeasuredData {
        if (reco.length != weights.length) {
            throw new HepmlException("The data have " + reco.length + " events but " + weights.length + " weights.");
        }
        if (reco.length == 0) throw new HepmlException("The data have no event with detector-level values to unfold.");
    }

    /** The same events with other weights (a bootstrap replica). */
    public MeasuredData reweighted(double[] weights) {
        return new MeasuredData(reco, weights);
    }
}
