package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;

import java.nio.file.Path;

/** Builds the one error a reader throws for bad input: file:line, which event, what was expected. */
final class BadEventFile {
    private BadEventFile() {
    }

    /**
     * @param line  1-based line number, or ≤ 0 when unknown
     * @param event 1-based event number in the file, or ≤ 0 outside events (header, run info)
     */
    static HepmlException at(Path file, long line, long event, String problem) {
        StringBuilder s = new StringBuilder();
        s.append(file);
        if (line > 0) s.append(':').append(line);
        s.append(": ");
        if (event > 0) s.append("in event ").append(event).append(": ");
        s.append(problem);
        if (!problem.endsWith(".")) s.append('.');
        return new HepmlException(s.toString());
    }
}
