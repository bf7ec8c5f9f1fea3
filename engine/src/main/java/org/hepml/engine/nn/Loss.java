package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * A training objective: named terms with weights, each a scalar from the network's outputs (and, for
 * score-based methods, their tangents with respect to selected inputs) on one batch; the optimiser minimises
 * the weighted sum. ALICES, for instance, is {@code named("cross-entropy", ...).plus("score", alpha, ...)},
 * and the training history keeps a curve for each term (MadMiner logs its loss contributions the same way).
 * A plain lambda is a loss of one term called "loss".
 */
@FunctionalInterface
public interface Loss {
    /**
     * The total, sum_k weight_k term_k, on one batch.
     *
     * @param outputs  network outputs [b, outputs]
     * @param tangents d outputs / d selected inputs [k, b, outputs], or null when none were asked for
     */
    NDArray compute(NDArray outputs, NDArray tangents, Batch batch);

    /** The terms, in the order they are computed and summed. */
    default List<Term> terms() {
        return List.of(new Term("loss", 1, this));
    }

    /** The total and every term's (unweighted) value on one batch, each term computed once. */
    default Values values(NDArray outputs, NDArray tangents, Batch batch) {
        NDArray total = compute(outputs, tangents, batch);
        return new Values(total, List.of(total));
    }

    /** One term of a loss: its name (for curves and legends), its weight in the total, and how it is computed. */
    record Term(String name, double weight, Loss value) {
        public Term {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a loss term needs a name");
            if (!Double.isFinite(weight)) throw new IllegalArgumentException("the weight of loss term '" + name + "' is " + weight);
        }
    }

    /** A batch's total (the array that is differentiated) and its terms' values, in the order of {@link #terms()}. */
    record Values(NDArray total, List<NDArray> terms) {
    }

    /** {@code loss} as one term called {@code name}. */
    static Loss named(String name, Loss loss) {
        return new WeightedTerms(List.of(new Term(name, 1, loss)));
    }

    /** This loss plus {@code weight} times {@code term}, a new term called {@code name}. */
    default Loss plus(String name, double weight, Loss term) {
        List<Term> all = new ArrayList<>(terms());
        if (all.stream().anyMatch(t -> t.name().equals(name))) {
            throw new IllegalArgumentException("the loss already has a term called '" + name + "'");
        }
        all.add(new Term(name, weight, term));
        return new WeightedTerms(all);
    }
}
