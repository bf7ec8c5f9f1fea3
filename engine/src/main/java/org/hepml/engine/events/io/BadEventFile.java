package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;

import java.nio.file.Path;

/** Builds the one error a reader throws for bad input: file:line, which event, what was expected. */
final class BadEventFile {
    private BadEventFile() {
    }

    /**
     * @param line  1-based line number (0 for an empty file is reported as line 1)
     * @param event 1-based event number in the file, or ≤ 0 outside events (header, run info)
     */
    static HepmlException at(Path file, long line, long event, String problem, Throwable cause) {
        HepmlException e = at(file, line, event, problem);
        e.initCause(cause);
        return e;
    }

    static HepmlException at(Path file, long line, long event, String problem) {
        StringBuilder s = new StringBuilder();
        s.append(file).append(':').append(Math.max(1, line)); // an empty file's problem is on its line 1
        s.append(": ");
        if (event > 0) s.append("in event ").append(event).append(": ");
        s.append(problem);
        if (!problem.endsWith(".")) s.append('.');
        return new HepmlException(s.toString());
    }
}
