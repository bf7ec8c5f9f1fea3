package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.observables.EventView;
import org.hepml.engine.events.observables.Vocabulary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * How to load an event file. Immutable; each {@code withX} returns a changed copy:
 * <pre>{@code
 * LoadOptions.defaults().name("ttbar").limit(10_000).observables("pt(j1), m(l1,l2)")
 * }</pre>
 */
public final class LoadOptions {
    private final String name;
    private final long skip;
    private final long limit;
    private final String observables;
    private final Map<String, ToDoubleFunction<EventView>> custom;
    private final Vocabulary vocabulary;
    private final EventFormat format;
    private final boolean keepParticles;
    private final String group;
    private final boolean recover;

    private LoadOptions(String name, long skip, long limit, String observables, Map<String, ToDoubleFunction<EventView>> custom,
                        Vocabulary vocabulary, EventFormat format, boolean keepParticles, String group, boolean recover) {
        this.name = name;
        this.skip = skip;
        this.limit = limit;
        this.observables = observables;
        this.custom = Map.copyOf(custom);
        this.vocabulary = vocabulary;
        this.format = format;
        this.keepParticles = keepParticles;
        this.group = group;
        this.recover = recover;
    }

    /** All events, no observables, format detected, particles kept, dataset named after the file. */
    public static LoadOptions defaults() {
        return new LoadOptions(null, 0, Long.MAX_VALUE, "", Map.of(), Vocabulary.standard(), null, true, "", false);
    }

    /** Name of the resulting Dataset (default: the file name without extensions). */
    public LoadOptions name(String name) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover);
    }

    /** Events to pass over at the start of the file. */
    public LoadOptions skip(long skip) {
        if (skip < 0) throw new HepmlException("skip must be 0 or more, got " + skip + ".");
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover);
    }

    /** Most events to keep (after skipping). */
    public LoadOptions limit(long limit) {
        if (limit < 0) throw new HepmlException("limit must be 0 or more, got " + limit + ".");
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover);
    }

    /** Observables to compute as {@code x.*} columns, e.g. {@code "pt(j1), m(l1,l2), dphi(j1,j2)"} (see VOCABULARY.md). */
    public LoadOptions observables(String expression) {
        return new LoadOptions(name, skip, limit, Objects.requireNonNullElse(expression, ""), custom, vocabulary, format, keepParticles, group, recover);
    }

    /** One more observable computed by Java code; {@code column} gets an {@code x.} prefix if it has none. */
    public LoadOptions observable(String column, ToDoubleFunction<EventView> function) {
        Map<String, ToDoubleFunction<EventView>> c = new LinkedHashMap<>(custom);
        c.put(column.startsWith("x.") ? column : "x." + column, Objects.requireNonNull(function));
        return new LoadOptions(name, skip, limit, observables, c, vocabulary, format, keepParticles, group, recover);
    }

    /** The particle collections the observables may name (default {@link Vocabulary#standard()}). */
    public LoadOptions vocabulary(Vocabulary vocabulary) {
        return new LoadOptions(name, skip, limit, observables, custom, Objects.requireNonNull(vocabulary), format, keepParticles, group, recover);
    }

    /** Forces a format instead of detecting it. */
    public LoadOptions format(EventFormat format) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover);
    }

    /** Whether to keep the particle arrays (false: only the per-event table, for files too big for memory). */
    public LoadOptions keepParticles(boolean keep) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keep, group, recover);
    }

    /** HDF5 only: the group or dataset path holding the table (default: the root group). */
    public LoadOptions group(String group) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, Objects.requireNonNullElse(group, ""), recover);
    }

    /**
     * On a defect in an LHE or HepMC file (a truncated file, a damaged event, a corrupt .gz), keep exactly the complete
     * events before it and report the defect beside them (metadata "recovered", and a warning in the description)
     * instead of failing.
     */
    public LoadOptions recover(boolean recover) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover);
    }

    public String name() { return name; }
    public long skip() { return skip; }
    public long limit() { return limit; }
    public String observables() { return observables; }
    public Map<String, ToDoubleFunction<EventView>> customObservables() { return custom; }
    public Vocabulary vocabulary() { return vocabulary; }
    /** The forced format, or null to detect it. */
    public EventFormat format() { return format; }
    public boolean keepParticles() { return keepParticles; }
    public String group() { return group; }
    public boolean recover() { return recover; }

    boolean wantsObservables() {
        return !observables.isBlank() || !custom.isEmpty();
    }
}
