package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.observables.EventView;
import org.hepml.engine.events.observables.Vocabulary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * How to load an event file. Immutable; each setting returns a changed copy:
 * <pre>{@code
 * LoadOptions.defaults().name("ttbar").limit(10_000).observables("pt(j1), m(l1,l2)")
 * LoadOptions.defaults().tree("Delphes").branches("Jet.PT", "Jet.Eta", "MissingET.*")
 * }</pre>
 *
 * @param name          name of the resulting Dataset (null: the file name without extensions)
 * @param skip          events (ROOT: entries) to pass over at the start of the file
 * @param limit         most events to keep after skipping
 * @param observables   observables to compute as {@code x.*} columns (LHE and HepMC)
 * @param custom        observables computed by Java code, by column name
 * @param vocabulary    the particle collections the observables may name
 * @param format        the forced format, or null to detect it
 * @param keepParticles whether to keep the particle arrays
 * @param group         HDF5: the group or dataset path holding the table ("" = the root group)
 * @param recover       on a defect keep the complete events before it (LHE and HepMC)
 * @param tree          ROOT: the TTree to read ("" = the only tree in the file)
 * @param branches      ROOT, Arrow, Parquet: the branches or columns to read, names or globs (empty = all)
 * @param features      HDF5: the names of the particle features of a 3-D [jets, particles, features] dataset (empty = from
 *                      the file's attribute)
 * @param mask          HDF5: the dataset [jets, particles] that marks the real particles ("" = a dataset 'mask' beside the
 *                      particles, a feature 'mask', else zero padding)
 */
public record LoadOptions(String name, long skip, long limit, String observables, Map<String, ToDoubleFunction<EventView>> custom,
                          Vocabulary vocabulary, EventFormat format, boolean keepParticles, String group, boolean recover,
                          String tree, List<String> branches, List<String> features, String mask) {

    public LoadOptions {
        if (skip < 0) throw new HepmlException("skip must be 0 or more, got " + skip + ".");
        if (limit < 0) throw new HepmlException("limit must be 0 or more, got " + limit + ".");
        observables = Objects.requireNonNullElse(observables, "");
        custom = Map.copyOf(custom);
        Objects.requireNonNull(vocabulary, "vocabulary");
        group = Objects.requireNonNullElse(group, "");
        tree = Objects.requireNonNullElse(tree, "");
        branches = List.copyOf(branches);
        features = List.copyOf(features);
        mask = Objects.requireNonNullElse(mask, "");
    }

    /** All events, no observables, format detected, particles kept, dataset named after the file. */
    public static LoadOptions defaults() {
        return new LoadOptions(null, 0, Long.MAX_VALUE, "", Map.of(), Vocabulary.standard(), null, true, "", false, "", List.of(), List.of(), "");
    }

    /** Name of the resulting Dataset (default: the file name without extensions). */
    public LoadOptions name(String name) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, branches, features, mask);
    }

    /** Events to pass over at the start of the file. */
    public LoadOptions skip(long skip) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, branches, features, mask);
    }

    /** Most events to keep (after skipping). */
    public LoadOptions limit(long limit) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, branches, features, mask);
    }

    /** Observables to compute as {@code x.*} columns, e.g. {@code "pt(j1), m(l1,l2), dphi(j1,j2)"} (see docs/VOCABULARY.md). */
    public LoadOptions observables(String expression) {
        return new LoadOptions(name, skip, limit, expression, custom, vocabulary, format, keepParticles, group, recover, tree, branches, features, mask);
    }

    /** One more observable computed by Java code; {@code column} gets an {@code x.} prefix if it has none. */
    public LoadOptions observable(String column, ToDoubleFunction<EventView> function) {
        Map<String, ToDoubleFunction<EventView>> c = new LinkedHashMap<>(custom);
        c.put(column.startsWith("x.") ? column : "x." + column, Objects.requireNonNull(function));
        return new LoadOptions(name, skip, limit, observables, c, vocabulary, format, keepParticles, group, recover, tree, branches, features, mask);
    }

    /** The particle collections the observables may name (default {@link Vocabulary#standard()}). */
    public LoadOptions vocabulary(Vocabulary vocabulary) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, branches, features, mask);
    }

    /** Forces a format instead of detecting it. */
    public LoadOptions format(EventFormat format) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, branches, features, mask);
    }

    /** Whether to keep the particle arrays (false: only the per-event table, for files too big for memory). */
    public LoadOptions keepParticles(boolean keep) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keep, group, recover, tree, branches, features, mask);
    }

    /** HDF5 only: the group or dataset path holding the table (default: the root group). */
    public LoadOptions group(String group) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, branches, features, mask);
    }

    /**
     * On a defect in an LHE or HepMC file (a truncated file, a damaged event, a corrupt .gz), keep exactly the complete
     * events before it and report the defect beside them (metadata "recovered", and a warning in the description)
     * instead of failing.
     */
    public LoadOptions recover(boolean recover) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, branches, features, mask);
    }

    /** ROOT only: the TTree to read, e.g. {@code "Delphes"} or {@code "Events"} (default: the file's only tree). */
    public LoadOptions tree(String tree) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, branches, features, mask);
    }

    /** ROOT, Arrow, Parquet: the branches or columns to read, by name or glob ({@code "Jet.*"}); none given reads all. */
    public LoadOptions branches(String... branches) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, List.of(branches), features, mask);
    }

    /**
     * HDF5 only: the names of the features of a 3-D [jets, particles, features] dataset, in the file's order (when its
     * attribute does not name them, or to rename them), e.g. {@code "pt", "eta", "phi"}.
     */
    public LoadOptions features(String... features) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, branches, List.of(features), mask);
    }

    /** HDF5 only: the dataset [jets, particles] whose non-zero (true) entries are the real particles; the rest is padding. */
    public LoadOptions mask(String maskDataset) {
        return new LoadOptions(name, skip, limit, observables, custom, vocabulary, format, keepParticles, group, recover, tree, branches, features, maskDataset);
    }

    /** The Java observables by column name. */
    public Map<String, ToDoubleFunction<EventView>> customObservables() {
        return custom;
    }

    boolean wantsObservables() {
        return !observables.isBlank() || !custom.isEmpty();
    }
}
