package org.hepml.engine.events.io;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.IoProblems;
import org.hepml.engine.Progress;
import org.hepml.engine.events.ColumnRole;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.JaggedColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Datasets as Arrow tables, the exchange format of the Python tools (pandas, awkward, polars, pyarrow) and the form in
 * which ROOT and Parquet files arrive from {@link PythonBridge}. Read: numeric columns of any width become hepml
 * columns (a null becomes NaN), lists of numbers become {@link JaggedColumn}s, anything else (strings, structs) is
 * listed in the metadata {@code ignored_columns}. Column names carry hepml's roles ({@code weight}, {@code theta.*},
 * {@code x.*}, ...): a table with at least one such name keeps all names as they are (a round trip changes nothing); in a
 * table without any, every column becomes the observable {@code x.<name>}. Written: every column as float64 with
 * its role in the field metadata {@code hepml.role}, the dataset's metadata as schema metadata {@code hepml.meta.<key>}.
 */
final class ArrowTables {
    /** Rows per record batch when writing: large enough for speed, small enough to keep the copy in Arrow memory small. */
    private static final int BATCH_ROWS = 1 << 16;
    static final String META_PREFIX = "hepml.meta.";

    private ArrowTables() {
    }

    /** An Arrow IPC file ({@code .arrow}, {@code .feather} v2) or stream on disk. */
    static LoadedEvents read(Path file, String name, LoadOptions options, Progress progress) {
        long size = EventFiles.sizeOf(file);
        try (BufferAllocator allocator = allocator(file);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            boolean fileFormat = startsWithFileMagic(file);
            // pyarrow compresses Feather files with LZ4 by default
            try (ArrowReader reader = fileFormat ? new ArrowFileReader(channel, allocator, CommonsCompressionFactory.INSTANCE)
                    : new ArrowStreamReader(Channels.newInputStream(channel), allocator, CommonsCompressionFactory.INSTANCE)) {
                return collect(reader, file, name, options, EventFormat.ARROW, rows -> progress.update(Math.min(size, channel.position()),
                        rows + " events"), Map.of());
            }
        } catch (HepmlException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new HepmlException(file + ": cannot read it as an Arrow IPC file: " + e.getMessage()
                    + ". Expected a file written by pyarrow (pyarrow.feather.write_feather, pyarrow.ipc.new_file) or by hepml.", e);
        }
    }

    /** An Arrow IPC stream from the Python bridge; {@code entries} (from the schema metadata) drives the progress. */
    static LoadedEvents read(InputStream stream, Path file, String name, LoadOptions options, EventFormat format, Progress progress)
            throws IOException {
        long size = EventFiles.sizeOf(file);
        try (BufferAllocator allocator = allocator(file);
             ArrowStreamReader reader = new ArrowStreamReader(stream, allocator, CommonsCompressionFactory.INSTANCE)) {
            long[] entries = {-1};
            // the bridge has already chosen the entries and branches
            return collect(reader, file, name, options.skip(0).limit(Long.MAX_VALUE).branches(new String[0]), format, rows -> {
                if (entries[0] < 0) entries[0] = parseLong(reader.getVectorSchemaRoot().getSchema().getCustomMetadata().get("hepml.entries"));
                if (entries[0] > 0) progress.update((long) (size * Math.min(1.0, rows / (double) entries[0])), rows + " events");
            }, options.skip() > 0 ? Map.of("skipped", String.valueOf(options.skip())) : Map.of());
        }
    }

    private interface RowsRead {
        void rows(long rows) throws IOException;
    }

    private static LoadedEvents collect(ArrowReader reader, Path file, String name, LoadOptions options, EventFormat format,
                                        RowsRead progress, Map<String, String> notes) throws IOException {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        Schema schema = root.getSchema();
        List<Pattern> globs = options.branches().stream().map(ArrowTables::glob).toList();
        for (int g = 0; g < globs.size(); g++) {
            Pattern p = globs.get(g);
            if (schema.getFields().stream().noneMatch(f -> p.matcher(f.getName()).matches())) {
                throw new HepmlException(file + ": no column matches '" + options.branches().get(g) + "'; it has "
                        + String.join(", ", schema.getFields().stream().map(Field::getName).limit(40).toList()) + ".");
            }
        }
        Map<String, DoubleGrowable> flat = new LinkedHashMap<>();
        Map<String, Jagged> jagged = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (Field f : schema.getFields()) {
            if (!globs.isEmpty() && globs.stream().noneMatch(p -> p.matcher(f.getName()).matches())) continue;
            ArrowType t = f.getType();
            if (isNumber(t)) flat.put(f.getName(), new DoubleGrowable());
            else if ((t instanceof ArrowType.List || t instanceof ArrowType.LargeList) && f.getChildren().size() == 1
                    && isNumber(f.getChildren().get(0).getType())) jagged.put(f.getName(), new Jagged());
            else ignored.add(f.getName());
        }
        long skip = options.skip(), limit = options.limit();
        long seen = 0;
        int kept = 0;
        while (reader.loadNextBatch()) {
            Cancelled.check("Loading " + file.getFileName());
            int rows = root.getRowCount();
            int from = (int) Math.max(0, Math.min(rows, skip - seen));
            int to = (int) Math.max(from, Math.min(rows, skip + limit - seen));
            for (var c : flat.entrySet()) {
                ValueVector v = root.getVector(c.getKey());
                DoubleGrowable out = c.getValue();
                for (int i = from; i < to; i++) out.set(kept + i - from, number(v, i));
            }
            for (var c : jagged.entrySet()) c.getValue().append(root.getVector(c.getKey()), from, to);
            kept += to - from;
            seen += rows;
            progress.rows(kept);
            if (seen >= skip + limit) break;
        }
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, String> custom = schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
        custom.forEach((k, v) -> {
            if (k.startsWith(META_PREFIX)) meta.put(k.substring(META_PREFIX.length()), v);
        });
        meta.put("source", file.toString());
        meta.put("format", format.title());
        if (skip > 0) meta.put("skipped", String.valueOf(skip));
        meta.putAll(notes);
        if (!ignored.isEmpty()) meta.put("ignored_columns", String.join(",", ignored));
        Table table = Table.create(name);
        // A table that already names roles (hepml's own, or one edited in pandas) keeps every name as it is, so a round trip
        // changes nothing; a plain table (a Delphes tree, a DataFrame of pt and eta) gets its columns as observables x.<name>.
        boolean speaksRoles = flat.keySet().stream().anyMatch(c -> ColumnRole.of(c) != ColumnRole.OTHER);
        for (var c : flat.entrySet()) {
            String column = !speaksRoles && ColumnRole.of(c.getKey()) == ColumnRole.OTHER ? "x." + c.getKey() : c.getKey();
            if (table.containsColumn(column)) {
                // Tablesaw's column names ignore case, so nJet and njet cannot both be columns
                String other = table.columnNames().stream().filter(column::equalsIgnoreCase).findFirst().orElse(column);
                throw new HepmlException(file + ": the columns '" + c.getKey() + "' and '" + other + "' would both be the column '"
                        + column + "' (hepml's column names ignore case and name observables x.<name>); leave one out with the "
                        + "branches option, e.g. --branches listing the others.");
            }
            table.addColumns(DoubleColumn.create(column, c.getValue().toArray(kept)));
        }
        Map<String, JaggedColumn> lists = new LinkedHashMap<>();
        for (var j : jagged.entrySet()) lists.put(j.getKey(), j.getValue().build(j.getKey(), kept));
        if (!lists.isEmpty()) meta.put("jagged_columns", describe(lists, kept));
        if (table.columnCount() == 0 && lists.isEmpty()) {
            throw new HepmlException(file + ": no numeric columns" + (ignored.isEmpty() ? "" : " (only " + String.join(", ", ignored) + ")")
                    + "; expected one row per event with numbers.");
        }
        if (table.columnCount() == 0) table.addColumns(DoubleColumn.create("event", sequence(kept)));   // keeps the row count
        return new LoadedEvents(file, new Dataset(name, table, meta, lists), null, new RunInfo.Builder(format).build(), Map.of(), lists);
    }

    /** Writes the dataset as an Arrow IPC file; the file appears whole or not at all. */
    static void write(Dataset d, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".hepml-partial");
        try (BufferAllocator allocator = allocator(file);
             FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
             VectorSchemaRoot root = VectorSchemaRoot.create(schema(d), allocator);
             ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writeBatches(d, root, writer::start, writer::writeBatch, writer::end);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial);
            if (e instanceof HepmlException h) throw h;
            throw new HepmlException("Could not write " + file + ": " + (e instanceof IOException io ? IoProblems.why(io) : e.getMessage()) + ".", e);
        }
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new HepmlException("Could not write " + file + ": " + IoProblems.why(e) + ".", e);
        }
    }

    /** Writes the dataset as an Arrow IPC stream (to the Python bridge). */
    static void write(Dataset d, OutputStream out) throws IOException {
        try (BufferAllocator allocator = allocator(Path.of(d.name()));
             VectorSchemaRoot root = VectorSchemaRoot.create(schema(d), allocator);
             ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
            writeBatches(d, root, writer::start, writer::writeBatch, writer::end);
        }
    }

    private interface IoStep {
        void run() throws IOException;
    }

    private static void writeBatches(Dataset d, VectorSchemaRoot root, IoStep start, IoStep batch, IoStep end) throws IOException {
        List<String> columns = d.columnNames();
        double[][] values = new double[columns.size()][];
        for (int c = 0; c < values.length; c++) values[c] = d.column(columns.get(c));
        start.run();
        for (int from = 0; from < d.size() || from == 0; from += BATCH_ROWS) {
            Cancelled.check("Writing " + d.name());
            int n = Math.min(BATCH_ROWS, d.size() - from);
            for (int c = 0; c < values.length; c++) {
                Float8Vector v = (Float8Vector) root.getVector(c);
                v.allocateNew(n);
                for (int i = 0; i < n; i++) v.set(i, values[c][from + i]);   // NaN stays NaN (not null): values are kept bit for bit
                v.setValueCount(n);
            }
            root.setRowCount(n);
            batch.run();
            if (d.size() == 0) break;
        }
        end.run();
    }

    private static Schema schema(Dataset d) {
        List<Field> fields = new ArrayList<>();
        for (String c : d.columnNames()) {
            Map<String, String> role = Map.of("hepml.role", d.role(c).name().toLowerCase(Locale.ROOT));
            fields.add(new Field(c, new FieldType(false, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), null, role), null));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        d.metadata().forEach((k, v) -> meta.put(META_PREFIX + k, v));
        meta.put(META_PREFIX + "name", d.name());
        return new Schema(fields, meta);
    }

    private static BufferAllocator allocator(Path file) {
        try {
            return new RootAllocator();
        } catch (RuntimeException | LinkageError e) {
            // Arrow's memory layer needs --add-opens=java.base/java.nio=ALL-UNNAMED; ./hepml kernel passes it
            throw new HepmlException(file + ": Arrow cannot start in this JVM (" + e.getMessage() + "). Start the kernel with "
                    + "--add-opens=java.base/java.nio=ALL-UNNAMED (./hepml kernel does; for a plain JJava kernel set "
                    + "JJAVA_JVM_OPTS to it).", e);
        }
    }

    private static boolean startsWithFileMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(6), java.nio.charset.StandardCharsets.ISO_8859_1).equals("ARROW1");
        }
    }

    private static boolean isNumber(ArrowType t) {
        return t instanceof ArrowType.FloatingPoint || t instanceof ArrowType.Int || t instanceof ArrowType.Bool;
    }

    private static double number(ValueVector v, int i) {
        if (v.isNull(i)) return Double.NaN;
        if (v instanceof FloatingPointVector f) return f.getValueAsDouble(i);
        if (v instanceof BaseIntVector n) return n.getValueAsLong(i);
        if (v instanceof BitVector b) return b.get(i);
        throw new IllegalStateException("not a number vector: " + v.getClass().getSimpleName());
    }

    /** A glob over column names: {@code *} any characters, {@code ?} one, {@code [..]} a class; nothing else is special. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            switch (ch) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) re.append("\\[");
                    else {
                        re.append('[').append(glob, i + 1, close).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static String describe(Map<String, JaggedColumn> lists, int events) {
        List<String> parts = new ArrayList<>();
        lists.forEach((column, j) -> parts.add(column + String.format(Locale.ROOT, " (%.2f per event)", events == 0 ? 0 : j.values().length / (double) events)));
        return String.join(", ", parts);
    }

    private static double[] sequence(int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = i;
        return s;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the error being reported matters more than a leftover partial file
        }
    }

    /** A growing jagged column: offsets and values appended batch by batch. */
    private static final class Jagged {
        private final DoubleGrowable values = new DoubleGrowable();
        private int[] offsets = new int[1024];
        private int events;
        private int size;

        void append(FieldVector list, int from, int to) {
            for (int i = from; i < to; i++) {
                if (list instanceof ListVector l && !l.isNull(i)) {
                    FieldVector data = l.getDataVector();
                    for (int k = l.getElementStartIndex(i), end = l.getElementEndIndex(i); k < end; k++) values.set(size++, number(data, k));
                } else if (list instanceof LargeListVector l && !l.isNull(i)) {
                    FieldVector data = l.getDataVector();
                    for (long k = l.getElementStartIndex(i), end = l.getElementEndIndex(i); k < end; k++) values.set(size++, number(data, (int) k));
                }
                if (events + 2 > offsets.length) offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
                offsets[++events] = size;
            }
        }

        JaggedColumn build(String name, int rows) {
            return new JaggedColumn(name, java.util.Arrays.copyOf(offsets, rows + 1), values.toArray(size));
        }
    }
}
