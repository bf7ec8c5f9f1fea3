package org.hepml.engine.events.io;

import java.io.InputStream;

/** A reader of one text event format (LHE, HepMC3, HepMC2) that streams events into an {@link EventSink}. */
interface EventReader {
    /** Reads the events; returns what the file says about the run. */
    RunInfo read(InputStream in);

    /** What the header and the events read so far said about the run: for recovery after a defect. */
    RunInfo runSoFar();
}
