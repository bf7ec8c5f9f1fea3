package org.hepml.engine.events.io;

import java.util.List;
import java.util.Map;

/**
 * One LHEH5 layout as {@link Lheh5Reader#load} reads it: the run, the per-event values of a batch of events, the particle rows
 * they point to, and how an error names each of these in the file.
 */
interface Lheh5Layout {
    /** The run: beams, PDFs, weighting strategy, processes, version; weights are registered by {@link Lheh5Reader#load}. */
    RunInfo.Builder run();

    long events();

    long particleRows();

    /** The weight names as the file writes them, one per weight column; empty for a single unnamed weight. */
    List<String> weightNames();

    /** Where the weight names are, for an error about them: {@code '/event/weight'}. */
    String weightsAt();

    boolean hasTrials();

    boolean hasRenormalisationScale();

    boolean hasFactorisationScale();

    /** The values of events [from, from+n); a column the file lacks is null (trials, mu_r, mu_f only where the layout says it has them). */
    EventRows eventRows(long from, int n);

    /** Rows [from, from+n) of the particles by {@link Lheh5Reader#PARTICLE_FIELDS}; null for an optional field the file lacks. */
    double[][] particleRows(long from, int n);

    /** How an error names the event's first particle row and its particle count: {@code '/event/start'}. */
    String startAt();

    String countAt();

    /** Why the particle rows [start, start+count) of an event are not all in the file, which has {@code rows}. */
    String outOfRange(long start, long count, long rows);

    /** How an error names one of {@link Lheh5Reader#PARTICLE_FIELDS}: {@code '/particle/id'}. */
    String particleAt(int field);

    /** How an error names a particle row's mothers: {@code row 8 of '/particle/mother1' and '/particle/mother2'}. */
    String mothersAt(long row);

    /** Metadata entries about the file that the result should carry: what the layout holds and hepml does not read. */
    default Map<String, String> notes() {
        return Map.of();
    }

    /** The per-event values of a batch: starts and counts index the particle rows; weights by weight column, [weights][events]. */
    record EventRows(double[] starts, double[] counts, double[][] weights, double[] pid, double[] scale, double[] aqed, double[] aqcd,
                     double[] trials, double[] renormalisationScale, double[] factorisationScale) {
    }
}
