package org.hepml.engine.events.observables;

import org.hepml.engine.HepmlException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named particle collections observables can refer to ({@code j}, {@code l}, {@code mu}, …), see
 * docs/VOCABULARY.md. Immutable; {@link #with} adds or replaces one:
 * <pre>{@code Vocabulary.standard().with("lep", ParticleSelection.absPdg(11, 13, 15))}</pre>
 */
public final class Vocabulary {
    private static final Vocabulary STANDARD = makeStandard();
    private final Map<String, ParticleSelection> collections;

    private Vocabulary(Map<String, ParticleSelection> collections) {
        this.collections = Collections.unmodifiableMap(new LinkedHashMap<>(collections));
    }

    public static Vocabulary standard() {
        return STANDARD;
    }

    private static Vocabulary makeStandard() {
        Map<String, ParticleSelection> c = new LinkedHashMap<>();
        c.put("j", ParticleSelection.absPdg(1, 2, 3, 4, 5, 21)); // partons as jets: meaningful for parton-level files
        c.put("b", ParticleSelection.absPdg(5));
        c.put("l", ParticleSelection.absPdg(11, 13));
        c.put("lp", ParticleSelection.pdg(-11, -13));
        c.put("lm", ParticleSelection.pdg(11, 13));
        c.put("e", ParticleSelection.absPdg(11));
        c.put("ep", ParticleSelection.pdg(-11));
        c.put("em", ParticleSelection.pdg(11));
        c.put("mu", ParticleSelection.absPdg(13));
        c.put("mup", ParticleSelection.pdg(-13));
        c.put("mum", ParticleSelection.pdg(13));
        c.put("ta", ParticleSelection.absPdg(15));
        c.put("gamma", ParticleSelection.absPdg(22));
        c.put("nu", ParticleSelection.absPdg(12, 14, 16));
        c.put("inv", ParticleSelection.absPdg(12, 14, 16, 1000022, 1000039)); // what met sums: neutrinos, neutralino, gravitino
        c.put("fs", ParticleSelection.finalState());
        c.put("t", ParticleSelection.absPdg(6).anyStatus());
        c.put("W", ParticleSelection.absPdg(24).anyStatus());
        c.put("Z", ParticleSelection.absPdg(23).anyStatus());
        c.put("H", ParticleSelection.absPdg(25).anyStatus());
        return new Vocabulary(c);
    }

    /** A vocabulary with one more collection (names: a letter, then letters or underscores; no digits, which give ranks). */
    public Vocabulary with(String name, ParticleSelection selection) {
        if (!name.matches("[A-Za-z][A-Za-z_]*")) {
            throw new HepmlException("Collection name '" + name + "' must be letters (and '_'), with no digits: "
                    + "a trailing number picks an object by pT rank, as in j1.");
        }
        Map<String, ParticleSelection> c = new LinkedHashMap<>(collections);
        c.put(name, selection);
        return new Vocabulary(c);
    }

    public boolean has(String name) {
        return collections.containsKey(name);
    }

    public ParticleSelection get(String name) {
        ParticleSelection s = collections.get(name);
        if (s == null) {
            throw new HepmlException("Unknown particle collection '" + name + "'. Known collections: "
                    + String.join(", ", collections.keySet()) + ".");
        }
        return s;
    }

    public Map<String, ParticleSelection> collections() {
        return collections;
    }
}
