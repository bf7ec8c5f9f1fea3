package org.hepml.engine;

/**
 * A result kept from an operation that an interrupt stopped before it finished (a training keeps its best state so
 * far): it says so, and what it holds, so that the notebook can tell the user what was kept.
 */
public interface StoppedEarly {
    /** True when an interrupt stopped the operation that made this result before it finished. */
    boolean stoppedEarly();

    /** What the result holds, as a phrase: e.g. "the network of epoch 6 (best validation loss 1.024); 6 epochs finished". */
    String whatWasKept();
}
