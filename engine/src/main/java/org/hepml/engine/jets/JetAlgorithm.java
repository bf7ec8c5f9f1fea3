package org.hepml.engine.jets;

import org.hepml.engine.HepmlException;

import java.util.Locale;

/**
 * The generalized-kT family (Cacciari, Salam, Soyez, JHEP 04 (2008) 063): d_ij = min(kt_i^2p, kt_j^2p) dR_ij^2 / R^2,
 * d_iB = kt_i^2p, with p = -1 (anti-kT), 0 (Cambridge/Aachen) and 1 (kT).
 */
public enum JetAlgorithm {
    ANTI_KT(-1, "antikt"), CAMBRIDGE_AACHEN(0, "ca"), KT(1, "kt");

    /** The exponent p of the transverse momentum in the distance. */
    public final int p;
    /** The short name used by the magic ({@code antikt}, {@code ca}, {@code kt}). */
    public final String shortName;

    JetAlgorithm(int p, String shortName) {
        this.p = p;
        this.shortName = shortName;
    }

    /**
     * The momentum factor kt^2p of a particle with squared transverse momentum {@code kt2}, computed as FastJet's
     * {@code jet_scale_for_algorithm} does (so that ties break the same way): kT uses kt^2, C/A 1, anti-kT 1/kt^2
     * (a huge number for a particle along the beam).
     */
    double scale(double kt2) {
        return switch (this) {
            case KT -> kt2;
            case CAMBRIDGE_AACHEN -> 1.0;
            case ANTI_KT -> kt2 > 1e-300 ? 1.0 / kt2 : 1e300;
        };
    }

    /** {@code antikt}/{@code anti-kt}, {@code ca}/{@code cambridge}/{@code cambridge-aachen}, {@code kt}, any case. */
    public static JetAlgorithm parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("_", "-");
        return switch (n) {
            case "antikt", "anti-kt", "akt" -> ANTI_KT;
            case "ca", "c/a", "cambridge", "cambridge-aachen", "cambridgeaachen" -> CAMBRIDGE_AACHEN;
            case "kt" -> KT;
            default -> throw new HepmlException("Unknown jet algorithm '" + name + "': use antikt, kt or ca (Cambridge/Aachen).");
        };
    }

    @Override
    public String toString() {
        return shortName;
    }
}
