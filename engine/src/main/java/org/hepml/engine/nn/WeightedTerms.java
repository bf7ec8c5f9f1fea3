package org.hepml.engine.nn;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;

/** A loss made of named terms: each is computed once per batch, and the total is their weighted sum in order. */
record WeightedTerms(List<Term> terms) implements Loss {
    WeightedTerms {
        terms = List.copyOf(terms);
        if (terms.isEmpty()) throw new IllegalArgumentException("a loss needs at least one term");
    }

    @Override
    public NDArray compute(NDArray outputs, NDArray tangents, Batch batch) {
        return values(outputs, tangents, batch).total();
    }

    @Override
    public Values values(NDArray outputs, NDArray tangents, Batch batch) {
        List<NDArray> values = new ArrayList<>(terms.size());
        NDArray total = null;
        for (Term t : terms) {
            NDArray v = t.value().compute(outputs, tangents, batch);
            values.add(v);
            // a weight of one is left out rather than multiplied in, so a one-term loss is exactly its function
            NDArray weighted = t.weight() == 1 ? v : Scalars.times(v, (float) t.weight());
            total = total == null ? weighted : total.add(weighted);
        }
        return new Values(total, values);
    }
}
