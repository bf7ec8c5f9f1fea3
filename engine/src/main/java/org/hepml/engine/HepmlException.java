package org.hepml.engine;

/**
 * An error meant for the notebook user: the message says what was wrong, where (file:line, option or
 * dataset name) and what to do instead. Anything else escaping the engine is a bug.
 */
public class HepmlException extends RuntimeException {
    public HepmlException(String message) {
        super(message);
    }

    public HepmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
