package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;

import java.nio.file.Path;

/** Typed access to the fields of a HepMC line, with errors that name file, line, event and the field. */
final class HepMCFields {
    private final LineReader r;
    private final Path file;
    long event;

    HepMCFields(LineReader r, Path file) {
        this.r = r;
        this.file = file;
    }

    void need(int n, String layout) {
        if (r.fields < n) throw fail("expected " + layout + ", found only " + r.fields + " fields in '" + abbreviate(r.text()) + "'");
    }

    int integer(int k, String name) {
        try {
            return NumberParser.parseInt(r.line, r.start[k], r.end[k]);
        } catch (NumberParser.BadNumber e) {
            throw fail("expected an integer for " + name + " (field " + (k + 1) + "), found '" + abbreviate(r.field(k)) + "'");
        }
    }

    double number(int k, String name) {
        try {
            return NumberParser.parseDouble(r.line, r.start[k], r.end[k]);
        } catch (NumberParser.BadNumber e) {
            throw fail("expected a number for " + name + " (field " + (k + 1) + "), found '" + abbreviate(r.field(k)) + "'");
        }
    }

    HepmlException fail(String problem) {
        return BadEventFile.at(file, r.number, event, problem);
    }

    HepmlException failAt(long line, String problem) {
        return BadEventFile.at(file, line, event, problem);
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
