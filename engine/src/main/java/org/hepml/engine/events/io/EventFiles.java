package org.hepml.engine.events.io;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.observables.Observables;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads event files into hepml: LHE ({@code .lhe}, {@code .lhe.gz}), HepMC3 Asciiv3, HepMC2 IO_GenEvent,
 * HDF5 tables and CSV. This is what {@code %events load} calls.
 * <pre>{@code
 * LoadedEvents ev = EventFiles.load(Path.of("ttbar.lhe.gz"),
 *         LoadOptions.defaults().name("ttbar").observables("pt(t1), m(t1,t2)"));
 * Dataset d = ev.events();                       // weight, weight.<id>, x.pt_t1, x.m_t1_t2, scale, ...
 * Dataset r = ev.jointRatio("weight.rw0002", "weight.rw0001");   // adds r_xz
 * }</pre>
 * Shows {@link Progress} (bytes of the file read), stops on a kernel interrupt ({@link Cancelled}) and on bad
 * input throws one {@link HepmlException} naming file, line and event; nothing half-made is returned.
 */
public final class EventFiles {
    private EventFiles() {
    }

    public static LoadedEvents load(Path file) {
        return load(file, LoadOptions.defaults());
    }

    public static LoadedEvents load(Path file, LoadOptions options) {
        if (!Files.isRegularFile(file)) {
            throw new HepmlException("No event file at " + file.toAbsolutePath() + (Files.isDirectory(file) ? " (it is a directory)" : "")
                    + ". Check the path (relative paths start at the notebook's directory).");
        }
        Observables observables = options.wantsObservables() ? compile(options) : null; // fail on a bad expression before reading
        EventFormat format = options.format() != null ? options.format() : EventFormat.detect(file);
        if (observables != null && !format.hasParticles()) {
            throw new HepmlException(file + " is a " + format.title() + ": it has per-event columns, not particles, so observables such as '"
                    + options.observables() + "' cannot be computed. Its numeric columns are loaded as x.<name>; drop the observables option.");
        }
        String name = options.name() != null ? options.name() : baseName(file);
        long size = sizeOf(file);
        try (Progress progress = Progress.start("Loading " + file.getFileName(), size, "bytes")) {
            LoadedEvents result = switch (format) {
                case LHE, HEPMC3, HEPMC2 -> loadParticleLevel(file, format, name, options, observables, progress);
                case HDF5 -> FlatTables.hdf5(file, name, options);
                case LHEH5 -> Lheh5Reader.read(file, name, options, observables, progress);
                case CSV -> FlatTables.csv(file, name, options);
                case ARROW -> ArrowTables.read(file, name, options, progress);
                case PARQUET, ROOT -> throughPython(file, format, name, options, progress);
            };
            progress.update(size, result.size() + " events");
            progress.finish(result.size() + " events loaded");
            return result;
        }
    }

    /**
     * The full per-jet constituent array of a 3-D HDF5 dataset [events, constituents, features], flattened per
     * event to {@code [events][constituents*features]} (loading the file gives only per-event summaries).
     */
    public static double[][] hdf5Constituents(Path file, String datasetPath) {
        return FlatTables.constituents(file, datasetPath);
    }

    /**
     * ROOT and Parquet files, read by the field's own Python readers (uproot, pyarrow) in the project's Python and streamed
     * here as Arrow record batches, a chunk of entries at a time.
     */
    private static LoadedEvents throughPython(Path file, EventFormat format, String name, LoadOptions options, Progress progress) {
        List<String> args = new ArrayList<>(List.of(format == EventFormat.ROOT ? "root" : "parquet-read", file.toAbsolutePath().toString(),
                "--start", String.valueOf(options.skip())));
        if (!options.tree().isEmpty()) args.addAll(List.of("--tree", options.tree()));
        if (!options.branches().isEmpty()) args.addAll(List.of("--branches", String.join(",", options.branches())));
        if (options.limit() < Long.MAX_VALUE - options.skip()) args.addAll(List.of("--stop", String.valueOf(options.skip() + options.limit())));
        try (PythonBridge bridge = PythonBridge.start(file.toString(), args)) {
            LoadedEvents events;
            try {
                events = ArrowTables.read(bridge.stdout(), file, name, options, format, progress);
            } catch (IOException | RuntimeException e) {
                if (e instanceof Cancelled c) throw c;
                String why = bridge.failureIfEnded();
                if (why != null) throw new HepmlException(file + ": " + why, e);
                if (e instanceof HepmlException h) throw h;
                throw new HepmlException(file + ": the " + format.title() + " could not be read: " + e.getMessage() + ".", e);
            }
            bridge.finish();
            return events;
        }
    }

    /**
     * Writes a dataset for the Python tools around hepml: {@code .parquet} (through pyarrow) or {@code .arrow} /
     * {@code .feather} (Arrow IPC), every column with its name (which carries its role) and the dataset's metadata. The
     * file appears whole or not at all. pandas reads it with {@code pd.read_parquet}, awkward with
     * {@code ak.from_parquet}, and {@link #load} reads it back.
     */
    public static Path save(Dataset dataset, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new HepmlException("Could not write " + file + ": the folder " + parent + " does not exist.");
        }
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".arrow") || n.endsWith(".feather") || n.endsWith(".ipc")) {
            ArrowTables.write(dataset, file);
        } else if (n.endsWith(".parquet")) {
            try (PythonBridge bridge = PythonBridge.start(file.toString(), List.of("parquet-write", file.toAbsolutePath().toString()))) {
                try (OutputStream in = bridge.stdin()) {
                    ArrowTables.write(dataset, in);
                } catch (IOException e) {
                    // Python stopped reading (it failed); its own message follows from finish()
                }
                bridge.finish();
            }
        } else {
            throw new HepmlException("Cannot tell the format to write the dataset '" + dataset.name() + "' to " + file
                    + ": name the file .parquet, .arrow or .feather.");
        }
        return file;
    }

    /** What a physicist checks first about a file, reading all of it (see DESCRIBE.md). */
    public static EventFileSummary describe(Path file) {
        return load(file, LoadOptions.defaults()).summary();
    }

    private static Observables compile(LoadOptions options) {
        Observables o = Observables.parse(options.observables(), options.vocabulary());
        for (var c : options.customObservables().entrySet()) o = o.with(c.getKey(), c.getValue());
        return o;
    }

    private static LoadedEvents loadParticleLevel(Path file, EventFormat format, String name, LoadOptions options,
                                                  Observables observables, Progress progress) {
        EventStreams.Counting[] counter = new EventStreams.Counting[1];
        EventSink sink = null;
        EventReader reader = null;
        RunInfo run = null;
        HepmlException defect;
        try (InputStream in = EventStreams.open(file, counter)) {
            sink = new EventSink(file, options, observables, progress, counter[0]);
            reader = switch (format) {
                case LHE -> new LheReader(file, sink);
                case HEPMC3 -> new HepMC3Reader(file, sink);
                case HEPMC2 -> new HepMC2Reader(file, sink);
                default -> throw new IllegalStateException(format.name());
            };
            run = reader.read(in);
            // a compressed file is read to its end, so that its checksums are checked (unless only some events were asked for)
            if (sink.wantsMore() && in instanceof CheckedGzipInputStream) in.transferTo(OutputStream.nullOutputStream());
            defect = null;
        } catch (Cancelled e) {
            throw e;
        } catch (HepmlException e) {
            defect = e;
        } catch (CheckedGzipInputStream.Corrupt e) {
            defect = new HepmlException(file + ": the compressed file is corrupt: " + e.getMessage()
                    + ". Its events cannot be trusted; compress the original again, or download it again.", e);
        } catch (IOException | UncheckedIOException e) {
            defect = BadEventFile.at(file, 1, 0, "cannot read the file (" + e.getMessage()
                    + "); it may be truncated (a .gz that ends early) or unreadable", e);
        } catch (RuntimeException e) {
            // the readers turn bad input into HepmlException; anything else is a hepml bug, still reported against the file
            throw BadEventFile.at(file, 1, 0, "unexpected error while reading (" + e
                    + "); this is a bug in hepml's reader, please report it with the file", e);
        }
        if (defect != null) {
            if (!options.recover() || reader == null) throw defect;
            // keep exactly the complete events before the defect: the one being read is dropped
            sink.discardPartialEvent();
            run = reader.runSoFar();
        }
        return sink.finish(name, run, options.skip(), defect == null ? Map.of() : Map.of("recovered", defect.getMessage()));
    }

    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new HepmlException("Cannot read " + file + ": " + e.getMessage() + ".", e);
        }
    }

    /** {@code runs/ttbar.lhe.gz} → {@code ttbar}. */
    static String baseName(Path file) {
        String n = file.getFileName().toString();
        for (String ext : new String[]{".gz", ".lhe", ".lhef", ".hepmc3", ".hepmc2", ".hepmc", ".h5", ".hdf5", ".csv", ".tsv"}) {
            if (n.toLowerCase(Locale.ROOT).endsWith(ext)) n = n.substring(0, n.length() - ext.length());
        }
        return n.isEmpty() ? "events" : n;
    }
}
