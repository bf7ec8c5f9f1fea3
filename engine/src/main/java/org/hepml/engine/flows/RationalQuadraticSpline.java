package org.hepml.engine.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.hepml.engine.nn.Losses;
import org.hepml.engine.nn.Scalars;

/**
 * The monotonic rational-quadratic spline of Durkan, Bekasov, Murray, Papamakarios, "Neural Spline Flows" (NeurIPS
 * 2019), section 3.1 and appendix A: K bins on [-B, B] whose widths, heights and inner knot derivatives come from a
 * network, the identity outside (linear tails, so the knot derivatives at +-B are 1). Each bin maps by
 * y = y_k + h_k [s xi^2 + d_k xi (1 - xi)] / [s + (d_k + d_{k+1} - 2 s) xi (1 - xi)], xi = (x - x_k) / w_k, s = h_k / w_k
 * (eq. 4), with the derivative of eq. 5 and the inverse from the quadratic of eq. 6-8. One transformed coordinate at a
 * time: {@code x} is [b], the unconstrained parameters [b, 3K - 1] (K widths, K heights, K - 1 inner derivatives).
 * Constant factors in the differentiated path go through {@link Scalars}: DJL's {@code x.mul(2f)} frees the 2 before
 * the backward pass reads it, which made flow training irreproducible and gave random NaN gradients.
 */
public final class RationalQuadraticSpline {
    /** Smallest bin width / height (fraction of 2B) and knot derivative: keeps every bin invertible in float32. */
    static final float MIN_BIN = 1e-3f, MIN_DERIVATIVE = 1e-3f;

    private RationalQuadraticSpline() {
    }

    /** The number of unconstrained parameters per coordinate for {@code bins} bins. */
    public static int parameters(int bins) {
        return 3 * bins - 1;
    }

    /** y = g(x) and log |dy/dx|, both [b]. */
    public static NDArray[] forward(NDArray x, NDArray params, int bins, float bound) {
        Knots k = Knots.of(params, bins, bound);
        NDArray inside = x.gte(-bound).logicalAnd(x.lte(bound));
        NDArray xc = x.clip(-bound, bound);
        Bin b = k.bin(xc, k.xs);
        NDArray s = b.h.div(b.w);
        // xi in [0, 1] by construction; clipped so that float rounding at a knot can never make the denominator negative
        NDArray xi = xc.sub(b.x).div(b.w).clip(0f, 1f), one = xi.neg().add(1f), xiOne = xi.mul(one);
        NDArray numerator = b.h.mul(s.mul(xi.square()).add(b.d0.mul(xiOne)));
        NDArray denominator = s.add(b.d0.add(b.d1).sub(Scalars.times(s, 2f)).mul(xiOne));
        NDArray y = b.y.add(numerator.div(denominator));
        // eq. 5: dy/dx = s^2 [d_{k+1} xi^2 + 2 s xi (1 - xi) + d_k (1 - xi)^2] / denominator^2
        NDArray slope = s.square().mul(b.d1.mul(xi.square()).add(Scalars.times(s, 2f).mul(xiOne)).add(b.d0.mul(one.square())));
        NDArray logSlope = slope.log().sub(Scalars.times(denominator.log(), 2f));
        return new NDArray[]{NDArrays.where(inside, y, x), NDArrays.where(inside, logSlope, logSlope.zerosLike())};
    }

    /** x = g^-1(y), [b] (for sampling; no log-determinant needed). */
    public static NDArray inverse(NDArray y, NDArray params, int bins, float bound) {
        Knots k = Knots.of(params, bins, bound);
        NDArray inside = y.gte(-bound).logicalAnd(y.lte(bound));
        NDArray yc = y.clip(-bound, bound);
        Bin b = k.bin(yc, k.ys);
        NDArray s = b.h.div(b.w), dy = yc.sub(b.y), curvature = b.d0.add(b.d1).sub(s.mul(2f));
        // eq. 6-8: a xi^2 + b xi + c = 0 with the root 2c / (-b - sqrt(b^2 - 4ac)), stable for a -> 0
        NDArray a = b.h.mul(s.sub(b.d0)).add(dy.mul(curvature));
        NDArray bq = b.h.mul(b.d0).sub(dy.mul(curvature));
        NDArray c = s.neg().mul(dy);
        NDArray discriminant = bq.square().sub(a.mul(c).mul(4f)).clip(0f, Float.MAX_VALUE);
        NDArray xi = c.mul(2f).div(bq.neg().sub(discriminant.sqrt()));
        NDArray x = xi.mul(b.w).add(b.x);
        return NDArrays.where(inside, x, y);
    }

    /** The knots of one batch of splines: x and y positions [b, K + 1], derivatives [b, K + 1]. */
    private record Knots(NDArray xs, NDArray ys, NDArray derivatives, int bins) {
        static Knots of(NDArray params, int bins, float bound) {
            NDArray widths = params.get(new NDIndex(":, 0:" + bins));
            NDArray heights = params.get(new NDIndex(":, " + bins + ":" + 2 * bins));
            NDArray inner = params.get(new NDIndex(":, " + 2 * bins + ":"));
            NDArray ones = inner.get(new NDIndex(":, 0:1")).onesLike();
            NDArray d = NDArrays.concat(new NDList(ones, inner.getNDArrayInternal().softPlus().add(MIN_DERIVATIVE), ones), 1);
            return new Knots(positions(widths, bins, bound), positions(heights, bins, bound), d, bins);
        }

        /** Knot positions -B = p_0 < ... < p_K = B from unconstrained bin sizes (softmax, with a floor). */
        private static NDArray positions(NDArray unconstrained, int bins, float bound) {
            NDArray fraction = Scalars.times(unconstrained.softmax(1), 1f - MIN_BIN * bins).add(MIN_BIN);
            NDArray cumulative = fraction.cumSum(1);
            NDArray zero = cumulative.get(new NDIndex(":, 0:1")).zerosLike();
            NDArray p = Scalars.times(NDArrays.concat(new NDList(zero, cumulative), 1), 2f * bound).sub(bound);
            // the last knot is B exactly (the cumulative sum ends at 1 only to rounding), so a value at B has xi <= 1
            NDArray last = p.get(new NDIndex(":, " + bins + ":")).zerosLike().add(bound);
            return NDArrays.concat(new NDList(p.get(new NDIndex(":, 0:" + bins)), last), 1);
        }

        /** The bin of every value of {@code v} among the knot positions {@code knots}, and that bin's quantities. */
        Bin bin(NDArray v, NDArray knots) {
            NDArray innerKnots = knots.get(new NDIndex(":, 1:" + bins));
            NDArray index = v.expandDims(1).gte(innerKnots).toType(DataType.FLOAT32, false).sum(new int[]{1}); // 0..K-1
            NDManager m = v.getManager();
            NDArray oneHot = index.expandDims(1).eq(m.arange(0f, (float) bins, 1f, DataType.FLOAT32)).toType(DataType.FLOAT32, false);
            // the left and right knots of every bin side by side, [b', 3, K + 1] -> [b', 6, K], picked in one product
            NDArray knotsAll = NDArrays.stack(new NDList(xs, ys, derivatives), 1);
            NDArray sides = NDArrays.concat(new NDList(knotsAll.get(new NDIndex(":, :, 0:" + bins)), knotsAll.get(new NDIndex(":, :, 1:"))), 1);
            NDArray picked = sides.mul(oneHot.expandDims(1)).sum(new int[]{2}); // [b, 6]
            NDArray x0 = Losses.column(picked, 0), y0 = Losses.column(picked, 1), d0 = Losses.column(picked, 2);
            NDArray x1 = Losses.column(picked, 3), y1 = Losses.column(picked, 4), d1 = Losses.column(picked, 5);
            return new Bin(x0, x1.sub(x0), y0, y1.sub(y0), d0, d1);
        }
    }

    /** One bin per value: left knot x, width w, left knot y, height h, knot derivatives d0 (left) and d1 (right). */
    private record Bin(NDArray x, NDArray w, NDArray y, NDArray h, NDArray d0, NDArray d1) {
    }
}
