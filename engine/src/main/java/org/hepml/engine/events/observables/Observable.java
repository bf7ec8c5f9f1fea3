package org.hepml.engine.events.observables;

/** One per-event number computed from the particles: its column name ({@code x.…}) and how to compute it. */
public interface Observable {
    String column();

    /** The value for the event the view is on; NaN when an object it needs is missing. */
    double value(EventView event);
}
