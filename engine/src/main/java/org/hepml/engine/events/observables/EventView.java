package org.hepml.engine.events.observables;

import org.hepml.engine.events.ParticleArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cursor on one event of a {@link ParticleArrays}, handed to observables and to Java lambdas. Particles are
 * named by their global index in the arrays (a "handle"); {@code -1} means "no such object", and every
 * kinematic accessor returns NaN for it, so {@code pt(object("mu", 2))} is NaN in an event with one muon.
 * <pre>{@code ev -> { int mu = ev.object("mum", 1); return ev.cosTheta(mu); }}</pre>
 * Collections are sorted by decreasing pT and computed once per event.
 */
public final class EventView {
    private final ParticleArrays particles;
    private final Vocabulary vocabulary;
    private final Map<String, Integer> slotByName = new HashMap<>();
    private final List<ParticleSelection> slots = new ArrayList<>();
    private int[][] members = new int[0][];
    private int[] counts = new int[0];
    private int[] computedFor = new int[0];
    private int event = -1;
    private final int[] pdg, status;
    private final double[] px, py, pz, e;

    public EventView(ParticleArrays particles, Vocabulary vocabulary) {
        this.particles = particles;
        this.vocabulary = vocabulary;
        pdg = particles.pdg();
        status = particles.status();
        px = particles.px();
        py = particles.py();
        pz = particles.pz();
        e = particles.e();
    }

    /** Moves to event {@code i} (0-based within the arrays). */
    public void moveTo(int i) {
        event = i;
    }

    public int event() {
        return event;
    }

    public ParticleArrays particles() {
        return particles;
    }

    /** Handle of the first particle of the event; the event's particles are {@code first() .. end()-1}. */
    public int first() {
        return particles.first(event);
    }

    public int end() {
        return particles.end(event);
    }

    /** The slot number of a collection (observables resolve names once, then use the slot). */
    int slot(String collection) {
        Integer s = slotByName.get(collection);
        if (s != null) return s;
        ParticleSelection sel = vocabulary.get(collection);
        int n = slots.size();
        slots.add(sel);
        slotByName.put(collection, n);
        members = Arrays.copyOf(members, n + 1);
        members[n] = new int[16];
        counts = Arrays.copyOf(counts, n + 1);
        computedFor = Arrays.copyOf(computedFor, n + 1);
        computedFor[n] = -1;
        return n;
    }

    /** Number of members of a collection slot in this event, computing it if needed. */
    int count(int slot) {
        fill(slot);
        return counts[slot];
    }

    /** The handle of the {@code rank}-th (1-based) member by decreasing pT, or -1. */
    int member(int slot, int rank) {
        fill(slot);
        return rank <= counts[slot] ? members[slot][rank - 1] : -1;
    }

    private void fill(int slot) {
        if (computedFor[slot] == event) return;
        ParticleSelection sel = slots.get(slot);
        int[] m = members[slot];
        int n = 0;
        for (int p = first(), end = end(); p < end; p++) {
            if (sel.matches(pdg[p], status[p])) {
                if (n == m.length) m = members[slot] = Arrays.copyOf(m, n * 2);
                // insertion keeps decreasing pT; collections are a handful of particles
                double pt = px[p] * px[p] + py[p] * py[p];
                int k = n++;
                while (k > 0 && px[m[k - 1]] * px[m[k - 1]] + py[m[k - 1]] * py[m[k - 1]] < pt) {
                    m[k] = m[k - 1];
                    k--;
                }
                m[k] = p;
            }
        }
        counts[slot] = n;
        computedFor[slot] = event;
    }

    /** The members of a named collection, by decreasing pT (a fresh array). */
    public int[] objects(String collection) {
        int s = slot(collection);
        fill(s);
        return Arrays.copyOf(members[s], counts[s]);
    }

    /** The {@code rank}-th (1-based) object of a collection by decreasing pT, or -1 if the event has fewer. */
    public int object(String collection, int rank) {
        return member(slot(collection), rank);
    }

    public int pdg(int h) { return h < 0 ? 0 : pdg[h]; }
    public int status(int h) { return h < 0 ? 0 : status[h]; }
    public double px(int h) { return h < 0 ? Double.NaN : px[h]; }
    public double py(int h) { return h < 0 ? Double.NaN : py[h]; }
    public double pz(int h) { return h < 0 ? Double.NaN : pz[h]; }
    public double e(int h) { return h < 0 ? Double.NaN : e[h]; }
    public double pt(int h) { return h < 0 ? Double.NaN : Kinematics.pt(px[h], py[h]); }
    public double eta(int h) { return h < 0 ? Double.NaN : Kinematics.eta(px[h], py[h], pz[h]); }
    public double phi(int h) { return h < 0 ? Double.NaN : Kinematics.phi(px[h], py[h]); }
    public double rapidity(int h) { return h < 0 ? Double.NaN : Kinematics.rapidity(e[h], pz[h]); }
    public double mass(int h) { return h < 0 ? Double.NaN : Kinematics.mass(e[h], px[h], py[h], pz[h]); }
    public double cosTheta(int h) { return h < 0 ? Double.NaN : Kinematics.cosTheta(px[h], py[h], pz[h]); }

    /** Invariant mass of several objects together; NaN if any is missing. */
    public double mass(int... handles) {
        double se = 0, sx = 0, sy = 0, sz = 0;
        for (int h : handles) {
            if (h < 0) return Double.NaN;
            se += e[h];
            sx += px[h];
            sy += py[h];
            sz += pz[h];
        }
        return Kinematics.mass(se, sx, sy, sz);
    }
}
