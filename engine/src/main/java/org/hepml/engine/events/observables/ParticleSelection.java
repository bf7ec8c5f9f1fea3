package org.hepml.engine.events.observables;

import java.util.Arrays;

/**
 * Which particles of an event belong to a collection: by PDG id (signed, or by absolute value) and status.
 * An empty id list means any particle; an empty status list means any status.
 * <pre>{@code ParticleSelection.absPdg(11, 13)            // e±, μ± in the final state (status 1)
 * ParticleSelection.pdg(-13)                      // μ+ only
 * ParticleSelection.absPdg(6).anyStatus()         // top quarks, intermediate (LHE status 2) included}</pre>
 */
public record ParticleSelection(int[] ids, boolean absolute, int[] statuses) {

    /** Final-state particles whose |PDG id| is one of {@code ids}. */
    public static ParticleSelection absPdg(int... ids) {
        return new ParticleSelection(ids.clone(), true, new int[]{1});
    }

    /** Final-state particles whose signed PDG id is one of {@code ids}. */
    public static ParticleSelection pdg(int... ids) {
        return new ParticleSelection(ids.clone(), false, new int[]{1});
    }

    /** Every final-state particle. */
    public static ParticleSelection finalState() {
        return new ParticleSelection(new int[0], true, new int[]{1});
    }

    /** The same ids with other statuses (e.g. {@code status(2)} for LHE intermediate resonances). */
    public ParticleSelection status(int... statuses) {
        return new ParticleSelection(ids, absolute, statuses.clone());
    }

    /** The same ids at any status. */
    public ParticleSelection anyStatus() {
        return new ParticleSelection(ids, absolute, new int[0]);
    }

    public boolean matches(int pdgId, int status) {
        if (statuses.length > 0 && !contains(statuses, status)) return false;
        if (ids.length == 0) return true;
        return contains(ids, absolute ? Math.abs(pdgId) : pdgId);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    @Override
    public String toString() {
        return (absolute ? "|pdg| in " : "pdg in ") + (ids.length == 0 ? "any" : Arrays.toString(ids))
                + ", status " + (statuses.length == 0 ? "any" : Arrays.toString(statuses));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParticleSelection s && absolute == s.absolute && Arrays.equals(ids, s.ids) && Arrays.equals(statuses, s.statuses);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids) * 31 + Arrays.hashCode(statuses) + (absolute ? 1 : 0);
    }
}
