package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.events.Dataset;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Many event files read as one sample (the hundreds of LHE files of one MadGraph run): every file is one unit of work,
 * loaded by the engine's {@link EventFiles#load} where the runner puts it (a Spark task, or one after another here),
 * and the events are joined in the order of the files, so the result is the files loaded one by one and put end to end:
 * the same events, weights and columns in the same order. Where each file's events start, and its run information
 * (format, generator, cross section), are kept in the metadata ({@code file.<k>}). A file that cannot be read is
 * reported by name with the engine's reason, and the others' events are kept; the result says so.
 * <pre>{@code
 * EventFileSet.Loaded runs = EventFileSet.load(List.of("runs/*.lhe.gz"), EventFileSet.Reading.of("pt(e1)"), "ttbar",
 *         TaskRunner.on("spark"));
 * Dataset d = runs.events();     // all files' events; runs.unreadable() the files that could not be read, and why
 * }</pre>
 */
public final class EventFileSet {
    private EventFileSet() {
    }

    /**
     * How each file is read, the part of {@link LoadOptions} that can be shipped to where files are read: observables
     * to compute (LHE, HepMC), a forced format (null: detected from each file), recovery of a truncated file.
     */
    public record Reading(String observables, EventFormat format, boolean recover) implements Serializable {
        public static Reading of(String observables) {
            return new Reading(observables, null, false);
        }

        /** The engine's options for one file of the set, named {@code name}. */
        public LoadOptions options(String name) {
            LoadOptions o = LoadOptions.defaults().name(name).observables(observables).keepParticles(false).recover(recover);
            return format != null ? o.format(format) : o;
        }
    }

    /** One file's events as primitive columns (what travels back from a task), or why it could not be read. */
    record FileEvents(String file, List<String> columns, List<double[]> values, Map<String, String> metadata, String problem)
            implements Serializable {
        int size() {
            return values.isEmpty() ? 0 : values.get(0).length;
        }
    }

    /** A file that was read: where its events start in the joined dataset, how many, and its run information. */
    public record FileInfo(String file, int firstEvent, int events, Map<String, String> runInfo) {
        @Override
        public String toString() {
            return file + ": " + events + " events from event " + firstEvent
                    + (runInfo.containsKey("cross_section_pb") ? ", cross section " + runInfo.get("cross_section_pb") + " pb" : "");
        }
    }

    /** A file that could not be read and why (the engine's message, naming file, line and event). */
    public record Unreadable(String file, String reason) {
        @Override
        public String toString() {
            return file + ": " + reason;
        }
    }

    /** The joined events, the files they came from in order, and the files left out. */
    public record Loaded(Dataset events, List<FileInfo> files, List<Unreadable> unreadable) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(events.name() + ": " + events.size() + " events from " + files.size() + " file(s)");
            for (String c : events.columnNames()) {
                if (!c.equals("weight") && !c.startsWith("weight.")) continue;
                double sum = 0;
                for (double w : events.column(c)) if (!Double.isNaN(w)) sum += w;
                b.append(String.format(Locale.ROOT, "\n  %-22s sum = %.6g", c, sum));
            }
            if (unreadable.isEmpty()) return b.toString();
            b.append("\n").append(unreadable.size()).append(" file(s) could not be read and are left out:");
            for (Unreadable u : unreadable) b.append("\n  ").append(u);
            return b.toString();
        }
    }

    /**
     * The files named by {@code patterns}, in order: each a path, or a glob in its last part ({@code runs/*.lhe.gz},
     * files sorted by name); a pattern that names no file is an error that says so.
     */
    public static List<Path> files(List<String> patterns) {
        List<Path> out = new ArrayList<>();
        for (String p : patterns) {
            Path path = Path.of(p.trim());
            String last = path.getFileName() == null ? "" : path.getFileName().toString();
            if (!last.matches(".*[*?\\[{].*")) {
                out.add(path);
                continue;
            }
            Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
            if (!Files.isDirectory(dir)) throw new HepmlException("'" + p + "': no folder " + dir.toAbsolutePath() + ".");
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + last);
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> in = Files.newDirectoryStream(dir)) {
                for (Path f : in) if (Files.isRegularFile(f) && matcher.matches(f.getFileName())) found.add(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (found.isEmpty()) throw new HepmlException("'" + p + "' matches no file in " + dir.toAbsolutePath() + ".");
            found.sort(null);
            out.addAll(found);
        }
        if (out.isEmpty()) throw new HepmlException("Name at least one event file (a path or a glob such as 'runs/*.lhe.gz').");
        return out;
    }

    /** Loads the files named by {@code patterns} (paths or globs) into one dataset named {@code name}. */
    public static Loaded load(List<String> patterns, Reading reading, String name, TaskRunner runner) {
        List<String> files = files(patterns).stream().map(Path::toString).toList();
        Objects.requireNonNull(name, "name");
        List<FileEvents> parts;
        try (Progress progress = Progress.startNested("Loading " + files.size() + " event files", files.size(), "files")) {
            parts = runner.runAll(files.size(), i -> read(files.get(i), reading, name),
                    i -> Path.of(files.get(i)).getFileName().toString(), progress);
            long read = parts.stream().filter(Objects::nonNull).count();
            if (read < files.size()) {
                progress.finish("interrupted after " + read + " of " + files.size() + " files");
                throw org.hepml.engine.Cancelled.saying("Loading " + files.size() + " event files was interrupted after " + read
                        + " of them; nothing was stored.");
            }
            progress.finish(files.size() + " files read");
        }
        return join(name, parts, runner);
    }

    /** One unit: a file read with the engine; a file it cannot read comes back as a problem, not a failed task. */
    static FileEvents read(String file, Reading reading, String name) {
        try {
            LoadedEvents loaded = EventFiles.load(Path.of(file), reading.options(name));
            Dataset d = loaded.events();
            List<double[]> values = new ArrayList<>();
            for (String c : d.columnNames()) values.add(d.column(c));
            return new FileEvents(file, List.copyOf(d.columnNames()), values, new LinkedHashMap<>(d.metadata()), null);
        } catch (org.hepml.engine.Cancelled e) {
            throw e;
        } catch (HepmlException | UncheckedIOException e) {
            return new FileEvents(file, List.of(), List.of(), Map.of(), String.valueOf(e.getMessage()));
        }
    }

    /** The files' events end to end, in file order; a file whose columns differ from the first file's is left out. */
    static Loaded join(String name, List<FileEvents> parts, TaskRunner runner) {
        List<FileInfo> infos = new ArrayList<>();
        List<Unreadable> bad = new ArrayList<>();
        List<FileEvents> good = new ArrayList<>();
        List<String> columns = null;
        for (FileEvents f : parts) {
            if (f.problem() != null) {
                bad.add(new Unreadable(f.file(), f.problem()));
            } else if (columns != null && !columns.equals(f.columns())) {
                bad.add(new Unreadable(f.file(), "its columns " + f.columns() + " differ from those of " + good.get(0).file()
                        + " " + columns + "; files read as one sample must have the same weights and observables."));
            } else {
                if (columns == null) columns = f.columns();
                good.add(f);
            }
        }
        if (good.isEmpty()) {
            StringBuilder b = new StringBuilder("None of the " + parts.size() + " event files could be read:");
            for (Unreadable u : bad) b.append("\n  ").append(u);
            throw new HepmlException(b.toString());
        }
        int total = good.stream().mapToInt(FileEvents::size).sum();
        Dataset.Builder b = Dataset.builder(name);
        for (int j = 0; j < columns.size(); j++) {
            double[] v = new double[total];
            int at = 0;
            for (FileEvents f : good) {
                double[] part = f.values().get(j);
                System.arraycopy(part, 0, v, at, part.length);
                at += part.length;
            }
            b.column(columns.get(j), v);
        }
        // what all files agree on stays as it is (format, generator, weight descriptions); the rest is per file
        Map<String, String> common = new LinkedHashMap<>(good.get(0).metadata());
        for (FileEvents f : good) common.entrySet().removeIf(e -> !e.getValue().equals(f.metadata().get(e.getKey())));
        common.remove("source");
        common.forEach(b::meta);
        b.meta("source", good.size() + " files, " + good.get(0).file() + " ... " + good.get(good.size() - 1).file());
        int at = 0;
        for (int k = 0; k < good.size(); k++) {
            FileEvents f = good.get(k);
            FileInfo info = new FileInfo(f.file(), at, f.size(), f.metadata());
            infos.add(info);
            b.meta(String.format(Locale.ROOT, "file.%d", k + 1), info.toString());
            at += f.size();
        }
        for (Unreadable u : bad) b.meta("unreadable." + Path.of(u.file()).getFileName(), u.reason());
        if (runner != TaskRunner.LOCAL) b.meta("read on", runner.describe());
        return new Loaded(b.build(), List.copyOf(infos), List.copyOf(bad));
    }
}
