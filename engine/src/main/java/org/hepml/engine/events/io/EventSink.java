package org.hepml.engine.events.io;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.Cancelled;
import org.hepml.engine.Progress;
import org.hepml.engine.events.observables.Observables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where readers put events: particles into a {@link ParticleArrays.Builder}, per-event numbers into
 * {@link EventColumns}. It applies skip/limit, reports progress, checks for interrupts, and when the particles
 * are not kept computes the observables chunk by chunk so memory stays bounded by one chunk.
 */
final class EventSink {
    private static final int CHUNK = 16_384;
    final Path file;
    final ParticleArrays.Builder particles = new ParticleArrays.Builder();
    final EventColumns columns = new EventColumns();
    private final long skip, limit;
    private final boolean keepParticles;
    private final Observables observables;
    private final Map<String, DoubleGrowable> chunkedObservables = new LinkedHashMap<>();
    private final Progress progress;
    private final EventStreams.Counting counter;
    private long index;
    private int stored;

    EventSink(Path file, LoadOptions options, Observables observables, Progress progress, EventStreams.Counting counter) {
        this.file = file;
        this.skip = options.skip();
        this.limit = options.limit();
        this.keepParticles = options.keepParticles();
        this.observables = observables;
        this.progress = progress;
        this.counter = counter;
    }

    /** False once enough events were stored; readers stop reading then. */
    boolean wantsMore() {
        return index < skip + limit;
    }

    /** 1-based number in the file of the event being read. */
    long eventNumber() {
        return index + 1;
    }

    void endEvent() {
        if (index < skip) {
            particles.discardEvent();
            columns.discardRow();
        } else {
            particles.endEvent();
            columns.endRow();
            stored++;
            if (stored == Integer.MAX_VALUE - 8) throw BadEventFile.at(file, 0, index + 1, "too many events for one dataset; load it in parts with skip and limit");
            if (!keepParticles && particles.events() >= CHUNK) flushChunk();
        }
        index++;
        if ((index & 1023) == 0) {
            Cancelled.check("Loading " + file.getFileName());
            if (progress != null && counter != null) progress.update(counter.count(), stored + " events");
        }
    }

    /** Forgets the event being read (its particles and column values so far): for recovery after a defect. */
    void discardPartialEvent() {
        particles.discardEvent();
        columns.discardRow();
    }

    private void flushChunk() {
        if (observables != null && !observables.isEmpty() && particles.events() > 0) {
            int base = stored - particles.events();
            observables.compute(particles.build()).forEach((k, v) -> {
                DoubleGrowable g = chunkedObservables.computeIfAbsent(k, x -> new DoubleGrowable());
                for (int i = 0; i < v.length; i++) g.set(base + i, v[i]);
            });
        }
        particles.clear();
    }

    int stored() {
        return stored;
    }

    /**
     * The loaded events: the per-event columns, then the observables, as one table (columns move in one at a time and
     * are released, so the peak stays near one copy of the data), the particles (null when not kept), the run, and the
     * metadata of a particle-level file: source, format and version, events skipped, {@code notes} (such as what
     * {@code --recover} left out), generator, cross section, each weight's description and name as written.
     */
    LoadedEvents finish(String name, RunInfo run, long skipped, Map<String, String> notes) {
        Map<String, double[]> observableColumns = new LinkedHashMap<>();
        ParticleArrays kept = finishParticles(observableColumns);
        Table table = Table.create(name);
        columns.drain((column, values) -> table.addColumns(DoubleColumn.create(column, values)));
        observableColumns.forEach((column, values) -> table.addColumns(DoubleColumn.create(column, values)));
        observableColumns.clear();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", file.toString());
        meta.put("format", run.format().title() + (run.formatVersion().isEmpty() ? "" : " " + run.formatVersion()));
        if (skipped > 0) meta.put("skipped", String.valueOf(skipped));
        meta.putAll(notes);
        if (!run.generators().isEmpty()) meta.put("generator", run.generators().get(0).name() + " " + run.generators().get(0).version());
        if (!run.processes().isEmpty()) meta.put("cross_section_pb", String.valueOf(run.totalCrossSection()));
        for (RunInfo.WeightInfo w : run.weights().values()) {
            meta.put("description." + w.column(), (w.group().isEmpty() ? "" : "[" + w.group() + "] ") + w.description());
        }
        meta.putAll(run.originalWeightNames());
        // the visible final state (status 1, no neutrinos: what jets are made of) as jagged columns px, py, pz, e of the dataset, where slicing,
        // selections and describe see it; the full record (all statuses, mothers, colours) stays in the particle arrays
        Map<String, org.hepml.engine.events.JaggedColumn> finalState = kept == null ? Map.of()
                : org.hepml.engine.events.FourMomenta.finalState(kept, false).columns();
        return new LoadedEvents(file, new Dataset(name, table, meta, finalState), kept, run, Map.of());
    }

    /** The particles kept (null when not kept) and the observable columns computed so far. */
    ParticleArrays finishParticles(Map<String, double[]> observableColumns) {
        if (keepParticles) {
            ParticleArrays all = particles.build();
            if (observables != null && !observables.isEmpty()) observableColumns.putAll(observables.compute(all));
            return all;
        }
        flushChunk();
        chunkedObservables.forEach((k, v) -> observableColumns.put(k, v.toArray(stored)));
        if (observables != null) for (String c : observables.columns()) observableColumns.putIfAbsent(c, new double[stored]);
        return null;
    }
}
