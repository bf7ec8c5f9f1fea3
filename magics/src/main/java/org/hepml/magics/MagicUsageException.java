package org.hepml.magics;

import org.hepml.engine.HepmlException;

/** A magic was called with an unknown option, a bad value or missing arguments; the message has the usage. */
public class MagicUsageException extends HepmlException {
    public MagicUsageException(String message) {
        super(message);
    }
}
