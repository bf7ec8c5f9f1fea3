package org.hepml.engine.events.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the HepMC2 and HepMC3 text readers share: the listing's {@code HepMC::} header and footer lines (version,
 * start, end, and a clear error when the file is the other HepMC format), the event-level columns, the run's
 * cross section, and the wrapping of read errors with the file and line. Each format supplies its data-line
 * switch and how an event is completed.
 */
abstract class HepMCTextReader implements EventReader {
    final Path file;
    final EventSink sink;
    final RunInfo.Builder run;
    final DoubleGrowable weight, processId, scale, alphaS, alphaQed;
    private final String listing, otherListing, formatName, otherFormat;
    boolean inEvent;
    double xsec = Double.NaN, xsecErr = Double.NaN;

    /**
     * @param listing      the listing's name in its START/END lines ("IO_GenEvent", "Asciiv3")
     * @param otherListing the other HepMC format's listing name, recognised to say which format to use
     */
    HepMCTextReader(Path file, EventSink sink, EventFormat format, String listing, String formatName, String otherListing,
                    String otherFormat) {
        this.file = file;
        this.sink = sink;
        this.run = new RunInfo.Builder(format);
        this.listing = listing;
        this.formatName = formatName;
        this.otherListing = otherListing;
        this.otherFormat = otherFormat;
        weight = sink.columns.column("weight");
        processId = sink.columns.column("process_id");
        scale = sink.columns.column("scale");
        alphaS = sink.columns.column("alpha_s");
        alphaQed = sink.columns.column("alpha_qed");
    }

    /** Handles one data line, already split into fields; returns false when the sink wants no more events. */
    abstract boolean dataLine(LineReader r, HepMCFields f) throws IOException;

    /** Completes the current event (checks, mothers) and hands it to the sink. */
    abstract void finishEvent(HepMCFields f);

    /** Anything the run information needs at the end besides the cross section. */
    void completeRun() {
    }

    @Override
    public RunInfo runSoFar() {
        return run.build();
    }

    @Override
    public final RunInfo read(InputStream in) {
        LineReader r = new LineReader(in, file);
        HepMCFields f = new HepMCFields(r, file);
        try {
            return readLines(r, f);
        } catch (IOException | UncheckedIOException e) {
            throw BadEventFile.at(file, r.number + 1, f.event, "cannot read further (" + e.getMessage()
                    + "); the file looks truncated or corrupted", e);
        }
    }

    private RunInfo readLines(LineReader r, HepMCFields f) throws IOException {
        String start = "HepMC::" + listing + "-START_EVENT_LISTING", end = "HepMC::" + listing + "-END_EVENT_LISTING";
        boolean started = false, ended = false;
        while (r.next()) {
            if (r.length == 0) continue;
            if (r.startsWith("HepMC::")) {
                String t = r.text().trim();
                if (t.startsWith("HepMC::Version")) run.version = t.substring("HepMC::Version".length()).trim();
                else if (t.equals(start)) started = true;
                else if (t.equals(end)) {
                    ended = true;
                    break;
                } else if (t.contains(otherListing)) {
                    throw f.fail("this is a " + otherFormat + " " + otherListing + " file; load it with format " + otherFormat.toLowerCase(Locale.ROOT));
                }
                continue;
            }
            if (!started) throw f.fail("expected '" + start + "' before any data line");
            r.split();
            if (!dataLine(r, f)) return finish();
        }
        if (inEvent) {
            if (!ended) throw f.failAt(r.number, "the file ends without '" + end + "'; it looks truncated (the last event may be incomplete)");
            finishEvent(f);
        }
        if (!started) throw f.failAt(r.number, "no '" + start + "' line; is this a " + formatName + " file?");
        return finish();
    }

    /** At an E line: completes the previous event and numbers the new one; false when the sink wants no more. */
    boolean nextEvent(HepMCFields f) {
        if (inEvent) finishEvent(f);
        if (!sink.wantsMore()) return false;
        f.event = sink.eventNumber();
        return true;
    }

    /** The factor to GeV from a {@code U} line (momentum unit GEV or MEV, then the length unit). */
    static double momentumUnit(LineReader r, HepMCFields f) {
        f.need(3, "U momentum_unit length_unit (GEV|MEV MM|CM)");
        String u = r.field(1);
        if (u.equalsIgnoreCase("MEV")) return 1e-3;
        if (u.equalsIgnoreCase("GEV")) return 1;
        throw f.fail("unknown momentum unit '" + u + "'; expected GEV or MEV");
    }

    /** A line type of more than one character is refused with the types the format knows. */
    static void checkTag(LineReader r, HepMCFields f, String known) {
        if (r.length > 1 && r.line[1] != ' ' && r.line[1] != '\t') {
            throw f.fail("unknown line type '" + HepMCFields.abbreviate(r.field(0)) + "'; expected " + known);
        }
    }

    void requireEvent(HepMCFields f, String tag) {
        if (!inEvent) throw f.fail("a " + tag + " line before the first E (event) line");
    }

    private RunInfo finish() {
        if (!Double.isNaN(xsec)) run.processes.add(new RunInfo.Process(0, xsec, xsecErr, Double.NaN));
        completeRun();
        return run.build();
    }
}
