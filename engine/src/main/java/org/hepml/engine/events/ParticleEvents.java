package org.hepml.engine.events;

import org.hepml.engine.HepmlException;

import java.util.Locale;

/**
 * Events with particles: the per-event {@link Dataset} (labels, truth, weights; one row per event) and the events'
 * particles as {@link FourMomenta} (jagged columns). What particle-level simulators return.
 */
public record ParticleEvents(Dataset events, FourMomenta particles) {
    public ParticleEvents {
        if (events.size() != particles.events()) {
            throw new HepmlException("The dataset has " + events.size() + " events but the particles belong to " + particles.events() + ".");
        }
    }

    public String name() {
        return events.name();
    }

    public int size() {
        return events.size();
    }

    @Override
    public String toString() {
        int n = particles.events();
        int min = Integer.MAX_VALUE, max = 0;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, particles.count(i));
            max = Math.max(max, particles.count(i));
        }
        return String.format(Locale.ROOT, "'%s': %,d events, %,d particles (%.1f per event, %d to %d)", name(), n, particles.particles(),
                n == 0 ? 0.0 : particles.particles() / (double) n, n == 0 ? 0 : min, max);
    }
}
