package org.hepml.engine.jets;

import org.hepml.engine.HepmlException;

import java.util.Locale;

/** A clustering algorithm and its radius R, with E-scheme recombination (four-momenta add). */
public record JetDefinition(JetAlgorithm algorithm, double r) {
    /** FastJet's largest allowed radius; used for reclustering a jet's constituents into one tree. */
    public static final double MAX_R = 1000;

    public JetDefinition {
        if (algorithm == null) throw new HepmlException("A jet definition needs an algorithm (antikt, kt or ca).");
        if (!(r > 0 && r <= MAX_R)) {
            throw new HepmlException(String.format(Locale.ROOT, "The jet radius R must be in (0, %.0f], got %s.", MAX_R, r));
        }
    }

    public static JetDefinition antiKt(double r) {
        return new JetDefinition(JetAlgorithm.ANTI_KT, r);
    }

    public static JetDefinition kt(double r) {
        return new JetDefinition(JetAlgorithm.KT, r);
    }

    public static JetDefinition cambridgeAachen(double r) {
        return new JetDefinition(JetAlgorithm.CAMBRIDGE_AACHEN, r);
    }

    @Override
    public String toString() {
        return algorithm.shortName + " R=" + r;
    }
}
