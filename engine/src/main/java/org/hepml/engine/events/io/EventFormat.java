package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The event file formats hepml reads; {@link #detect} looks at the content first and the name second. */
public enum EventFormat {
    LHE("Les Houches Event file"),
    HEPMC3("HepMC3 Asciiv3"),
    HEPMC2("HepMC2 IO_GenEvent"),
    HDF5("HDF5 table"),
    /** The HDF5 event files of HPC generators: grouped (event, particle, init, procInfo) or flat 2.0 (events, particles, ...). */
    LHEH5("LHEH5 (HDF5 event file)"),
    CSV("CSV table"),
    ARROW("Arrow IPC table"),
    PARQUET("Parquet table"),
    ROOT("ROOT file");

    static final String KNOWN = "lhe, hepmc3, hepmc2, hdf5, lheh5, csv, arrow, parquet, root";

    private final String title;

    EventFormat(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** Whether the format holds particles (so observables can be computed), rather than per-event columns. */
    public boolean hasParticles() {
        return this == LHE || this == HEPMC3 || this == HEPMC2 || this == LHEH5;
    }

    /** Parses a user's format name ({@code lhe}, {@code hepmc3}, {@code hepmc2}, {@code hdf5}, {@code lheh5}, {@code csv}, {@code arrow}, {@code parquet}, {@code root}). */
    public static EventFormat parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "lhe", "lhef" -> LHE;
            case "hepmc", "hepmc3", "asciiv3" -> HEPMC3;
            case "hepmc2", "io_genevent" -> HEPMC2;
            case "hdf5", "h5" -> HDF5;
            case "lheh5" -> LHEH5;
            case "csv", "tsv" -> CSV;
            case "arrow", "feather", "ipc" -> ARROW;
            case "parquet", "pq" -> PARQUET;
            case "root" -> ROOT;
            default -> throw new HepmlException("Unknown event file format '" + name
                    + "'. Known formats: " + KNOWN + ".");
        };
    }

    /** Detects the format from the first bytes (after gunzip), falling back to the file name. */
    public static EventFormat detect(Path file) {
        byte[] head = new byte[4096];
        int n = 0;
        try (InputStream in = EventStreams.open(file)) {
            for (int k; n < head.length && (k = in.read(head, n, head.length - n)) > 0; ) n += k;
        } catch (IOException e) {
            // a truncated .gz: decide from what could be read; the reader then reports where the file ends
        }
        head = Arrays.copyOf(head, n);
        if (head.length >= 8 && head[0] == (byte) 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') {
            return Lheh5Reader.isLheh5(file) ? LHEH5 : HDF5; // LHEH5: the groups event, particle, init, or the 2-D datasets events, particles with init
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("ARROW1")) return ARROW;                              // the Arrow IPC file magic
        if (head.length >= 8 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xff && (head[2] & 0xff) == 0xff
                && (head[3] & 0xff) == 0xff) return ARROW;                        // an Arrow IPC stream (continuation marker)
        if (text.startsWith("PAR1")) return PARQUET;
        if (text.startsWith("root")) return ROOT;
        if (text.contains("<LesHouchesEvents")) return LHE;
        if (text.contains("HepMC::Asciiv3") || text.contains("HepMC::Version 3")) return HEPMC3;
        if (text.contains("HepMC::IO_GenEvent")) return HEPMC2;
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) name = name.substring(0, name.length() - 3);
        if (name.endsWith(".lhe") || name.endsWith(".lhef")) return LHE;
        if (name.endsWith(".hepmc") || name.endsWith(".hepmc3")) return HEPMC3;
        if (name.endsWith(".hepmc2")) return HEPMC2;
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) return HDF5;
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) return CSV;
        if (name.endsWith(".arrow") || name.endsWith(".feather") || name.endsWith(".ipc")) return ARROW;
        if (name.endsWith(".parquet")) return PARQUET;
        if (name.endsWith(".root")) return ROOT;
        throw new HepmlException("Cannot tell the format of " + file + ": it is not LHE (<LesHouchesEvents>), HepMC "
                + "(HepMC::Asciiv3 / HepMC::IO_GenEvent), HDF5, Arrow, Parquet, ROOT or CSV. Name the format explicitly (format "
                + KNOWN.replace(", ", "|") + ").");
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(2);
            return b.length == 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
        }
    }

    @SuppressWarnings("unused")
    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(Arrays.copyOf(b, prefix.length), prefix);
    }

    static InputStream gunzip(InputStream in) throws IOException {
        return new CheckedGzipInputStream(in);
    }
}
