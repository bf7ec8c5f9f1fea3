package org.hepml.engine.tagging;

import org.hepml.engine.HepmlException;

import java.util.Arrays;
import java.util.Locale;

/** The taggers of {@link Tagger}, by the names {@code %%train tagger --model} takes. */
public enum TaggerModel {
    /** Energy Flow Network on the leading jet's constituents (z, y, phi): IRC safe. */
    EFN("efn"),
    /** Particle Flow Network on the same constituents. */
    PFN("pfn"),
    /** A multilayer perceptron on the jet observables (m, m_sd, tau21, tau32, D2): the landscape paper's baseline. */
    MLP("mlp"),
    /** A Bayesian PFN: each jet's tag mu with its predictive spread sigma. */
    BNN_PFN("bnn-pfn");

    public final String cliName;

    TaggerModel(String cliName) {
        this.cliName = cliName;
    }

    /** By its name: efn, pfn, mlp (also mlp-on-observables) or bnn-pfn. */
    public static TaggerModel parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("mlp-on-observables")) return MLP;
        for (TaggerModel m : values()) if (m.cliName.equals(n)) return m;
        throw new HepmlException("--model takes " + String.join(", ", Arrays.stream(values()).map(m -> m.cliName).toList()) + "; got '" + name + "'.");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
