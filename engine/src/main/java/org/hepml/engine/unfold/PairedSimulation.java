package org.hepml.engine.unfold;

import org.hepml.engine.HepmlException;

/**
 * The simulation OmniFold reweights: event i is a generator-level event t_i paired with its detector-level event m_i,
 * with the simulation's weight nu_0(i). An event that fails the detector selection has no m_i ({@code hasReco[i]}
 * false: lost); a detector-level event with no generator-level partner has no t_i ({@code hasGen[i]} false: a fake).
 *
 * @param gen     generator-level features, {@code gen[event][feature]} (rows of fakes are not read)
 * @param hasGen  whether the event has a generator-level partner
 * @param reco    detector-level features (rows of lost events are not read)
 * @param hasReco whether the event passes the detector selection
 * @param prior   the simulation's weights nu_0
 */
public record PairedSimulation(double[][] gen, boolean[] hasGen, double[][] reco, boolean[] hasReco, double[] prior) implements java.io.Serializable {

    public PairedSimulation {
        int n = prior.length;
        if (gen.length != n || reco.length != n || hasGen.length != n || hasReco.length != n) {
            throw new HepmlException("The simulation's generator-level, detector-level and weight columns differ in length.");
        }
        if (indices(hasReco).length == 0) {
            throw new HepmlException("No simulated event passes the detector selection: nothing to compare with the data.");
        }
        if (indices(hasGen).length == 0) throw new HepmlException("No simulated event has generator-level values to unfold to.");
    }

    /** Simulated events, whatever they have. */
    public int size() {
        return prior.length;
    }

    /** Events that pass the detector selection (matched and fakes): the simulation of step 1. */
    public int[] passing() {
        return indices(hasReco);
    }

    /** Events with a generator-level partner (matched and lost): the simulation of step 2, and the unfolded result. */
    public int[] generated() {
        return indices(hasGen);
    }

    /** Events at both levels. */
    public int[] matched() {
        return both(true, true);
    }

    /** Generator-level events that fail the detector selection. */
    public int[] lost() {
        return both(true, false);
    }

    /** Detector-level events without a generator-level partner. */
    public int[] fakes() {
        return both(false, true);
    }

    /** Generator-level features of the given events. */
    public double[][] genOf(int[] events) {
        return rows(gen, events);
    }

    /** Detector-level features of the given events. */
    public double[][] recoOf(int[] events) {
        return rows(reco, events);
    }

    private int[] both(boolean gen, boolean reco) {
        int c = 0;
        for (int i = 0; i < prior.length; i++) if (hasGen[i] == gen && hasReco[i] == reco) c++;
        int[] out = new int[c];
        c = 0;
        for (int i = 0; i < prior.length; i++) if (hasGen[i] == gen && hasReco[i] == reco) out[c++] = i;
        return out;
    }

    static int[] indices(boolean[] mask) {
        int c = 0;
        for (boolean b : mask) if (b) c++;
        int[] out = new int[c];
        c = 0;
        for (int i = 0; i < mask.length; i++) if (mask[i]) out[c++] = i;
        return out;
    }

    static double[][] rows(double[][] x, int[] events) {
        double[][] out = new double[events.length][];
        for (int k = 0; k < events.length; k++) out[k] = x[events[k]];
        return out;
    }

    /** The entries of {@code w} at the given events. */
    static double[] pick(double[] w, int[] events) {
        double[] out = new double[events.length];
        for (int k = 0; k < events.length; k++) out[k] = w[events[k]];
        return out;
    }
}
