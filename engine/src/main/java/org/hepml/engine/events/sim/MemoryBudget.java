package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;

import java.util.Locale;

/** Refuses work whose columns cannot fit in the heap, before allocating anything, with advice. */
final class MemoryBudget {
    private MemoryBudget() {
    }

    /** @param columns the number of double columns that will be held, each of {@code n} values (plus one copy). */
    static void require(long n, int columns, String what) {
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long needed = n * columns * Double.BYTES * 2;
        if (needed > available) {
            throw new HepmlException(String.format(Locale.ROOT,
                    "%s needs about %.1f GB of memory but the kernel has %.1f GB free. Use fewer events, or give"
                            + " the kernel more memory (HEPML_JVM_OPTS=-Xmx... when starting it).",
                    what, needed / 1e9, available / 1e9));
        }
    }
}
