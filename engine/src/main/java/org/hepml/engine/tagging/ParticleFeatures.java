package org.hepml.engine.tagging;

import org.hepml.engine.HepmlException;
import org.hepml.engine.nn.ParticleSets;

import java.util.Arrays;
import java.util.Locale;

/** What a particle network sees of each constituent ({@code %%train tagger --features}). */
public enum ParticleFeatures {
    /** (z, y, phi) about the jet axis: the EFN's input (infrared and collinear safe with z as the weight). */
    ANGULAR,
    /** (z, y, phi, ln z, delta R, ln pT), ParticleNet's kinematics ({@link ParticleSets#kinematic}): the PFNs' default. */
    KINEMATIC;

    /** EFN and MLP: angular (the MLP reads no particles); PFN and Bayesian PFN: kinematic. */
    public static ParticleFeatures defaultFor(TaggerModel model) {
        return model == TaggerModel.PFN || model == TaggerModel.BNN_PFN ? KINEMATIC : ANGULAR;
    }

    public static ParticleFeatures parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ParticleFeatures p : values()) if (p.toString().equals(n)) return p;
        throw new HepmlException("--features takes " + String.join(" or ", Arrays.stream(values()).map(ParticleFeatures::toString).toList()) + "; got '" + name + "'.");
    }

    /** The feature names, in row order. */
    public String[] names() {
        return this == KINEMATIC ? ParticleSets.KINEMATIC_NAMES.clone() : new String[]{"z", "y", "phi"};
    }

    /** The rows a network with these features trains on, from a sample's (z, y, phi) rows. */
    ParticleSets.Padded rows(JetSample s) {
        return this == KINEMATIC ? ParticleSets.kinematic(s.particles(), s.pt()) : s.particles();
    }

    /** The name {@code --features} takes: angular, kinematic. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
