package org.hepml.magics;

import java.util.List;

/**
 * One notebook magic ({@code %name ...} on a line, or {@code %%name ...} with more options in the cell).
 * A magic returns a value that renders in the notebook (a table, a figure, a summary) or null.
 */
public interface Magic {
    /** The name after the percent sign. */
    String name();

    /** One line saying what it does, for {@code %hepml}. */
    String summary();

    /** Runs the magic; {@code body} is null for a line magic. */
    Object run(List<String> args, String body);
}
