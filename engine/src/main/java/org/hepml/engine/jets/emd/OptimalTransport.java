package org.hepml.engine.jets.emd;

import org.hepml.engine.HepmlException;

/**
 * Exact optimal transport between two discrete distributions of equal total mass (the balanced transportation
 * problem): minimise {@code sum_ij f_ij c_ij} over flows {@code f_ij >= 0} with {@code sum_j f_ij = supply_i} and
 * {@code sum_i f_ij = demand_j}.
 * <p>
 * {@link #solve} uses the network simplex method ({@link NetworkSimplex}), the method of the EMD codes. A second,
 * independent exact method is kept for the tests: successive shortest paths with node potentials (Ahuja, Magnanti,
 * Orlin, <i>Network Flows</i>, ch. 9.7), where the bipartite residual graph has an edge i -> j of cost c_ij for every
 * pair and an edge j -> i of cost -c_ij where flow already goes from i to j; each round finds, with Dijkstra on the
 * reduced costs {@code c_ij + u_i - v_j >= 0}, the cheapest path from a source with mass left to a sink with room left
 * and pushes as much mass along it as the path allows. Every push exhausts exactly one thing (a source, a sink, or a
 * reverse edge's flow), which is set to exactly zero. Work: one dense Dijkstra, O((n + m)^2 + nm), per push.
 * <p>
 * Both return a dual solution with the flow, so a result carries its own optimality certificate: every reduced cost
 * is non-negative and every used edge has reduced cost zero.
 */
public final class OptimalTransport {
    private OptimalTransport() {
    }

    /**
     * The optimal flow.
     *
     * @param cost      the minimum of sum f_ij c_ij
     * @param flow      f_ij, row-major n x m
     * @param sourceDual u_i and {@code sinkDual} v_j: a dual solution, v_j - u_i <= c_ij with equality where f_ij > 0
     * @param iterations network simplex pivots (or augmenting paths of the shortest-path solver)
     */
    public record Solution(double cost, double[] flow, int sources, int sinks, double[] sourceDual, double[] sinkDual,
                           int iterations) {
        public double flow(int i, int j) {
            return flow[i * sinks + j];
        }
    }

    /**
     * Solves the balanced problem. The totals of {@code supply} and {@code demand} must agree up to rounding: the
     * transport stops when either side has no mass left.
     *
     * @param cost row-major n x m, finite and non-negative
     */
    public static Solution solve(double[] supply, double[] demand, double[] cost) {
        check(supply, demand, cost);
        return NetworkSimplex.solve(supply, demand, cost);
    }

    /** The same optimum by successive shortest paths: slower (O(n^3)), kept as an independent check of the simplex. */
    static Solution solveByShortestPaths(double[] supply, double[] demand, double[] cost) {
        check(supply, demand, cost);
        int n = supply.length, m = demand.length;
        double[] left = supply.clone(), room = demand.clone();
        double[] flow = new double[n * m];
        double[] u = new double[n], v = new double[m];
        // v_j = min_i c_ij makes every reduced cost c_ij + u_i - v_j non-negative from the start
        for (int j = 0; j < m; j++) {
            double min = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) min = Math.min(min, cost[i * m + j]);
            v[j] = n == 0 ? 0 : min;
        }
        // a start on the edges of reduced cost zero: each sink takes what it can from its cheapest source
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n && room[j] > 0; i++) {
                int k = i * m + j;
                if (cost[k] != v[j] || left[i] <= 0) continue;
                double push = Math.min(left[i], room[j]);
                flow[k] += push;
                left[i] = left[i] == push ? 0 : left[i] - push;
                room[j] = room[j] == push ? 0 : room[j] - push;
            }
        }
        double[] distSource = new double[n], distSink = new double[m];
        int[] predOfSink = new int[m], predOfSource = new int[n];
        boolean[] doneSource = new boolean[n], doneSink = new boolean[m];
        int pushes = 0;
        long maxPushes = 50L * (n + m) + 1000;
        while (true) {
            boolean anySource = false, anySink = false;
            for (double s : left) anySource |= s > 0;
            for (double r : room) anySink |= r > 0;
            if (!anySource || !anySink) break;
            if (++pushes > maxPushes) {
                throw new HepmlException("Optimal transport did not finish after " + maxPushes + " augmenting paths ("
                        + n + " x " + m + "); the masses or costs may be degenerate (NaN-like or of wildly different scales).");
            }
            // Dijkstra from every source with mass left (distance 0) to the first sink with room left
            for (int i = 0; i < n; i++) {
                distSource[i] = left[i] > 0 ? 0 : Double.POSITIVE_INFINITY;
                predOfSource[i] = -1;
                doneSource[i] = false;
            }
            for (int j = 0; j < m; j++) {
                distSink[j] = Double.POSITIVE_INFINITY;
                predOfSink[j] = -1;
                doneSink[j] = false;
            }
            int target = -1;
            double reach = 0;
            while (true) {
                int best = -1;
                boolean bestIsSink = false;
                double bestDist = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    if (!doneSource[i] && distSource[i] < bestDist) {
                        bestDist = distSource[i];
                        best = i;
                    }
                }
                for (int j = 0; j < m; j++) {
                    if (!doneSink[j] && distSink[j] < bestDist) {
                        bestDist = distSink[j];
                        best = j;
                        bestIsSink = true;
                    }
                }
                if (best < 0) break;
                if (bestIsSink) {
                    doneSink[best] = true;
                    if (room[best] > 0) {
                        target = best;
                        reach = bestDist;
                        break;
                    }
                    // back along edges that carry flow into this sink: reduced cost -(c_ij + u_i - v_j), zero up to rounding
                    int j = best;
                    for (int i = 0; i < n; i++) {
                        if (doneSource[i] || flow[i * m + j] <= 0) continue;
                        double d = bestDist + Math.max(0, v[j] - u[i] - cost[i * m + j]);
                        if (d < distSource[i]) {
                            distSource[i] = d;
                            predOfSource[i] = j;
                        }
                    }
                } else {
                    doneSource[best] = true;
                    int i = best, row = i * m;
                    double ui = u[i];
                    for (int j = 0; j < m; j++) {
                        if (doneSink[j]) continue;
                        double d = bestDist + Math.max(0, cost[row + j] + ui - v[j]);
                        if (d < distSink[j]) {
                            distSink[j] = d;
                            predOfSink[j] = i;
                        }
                    }
                }
            }
            if (target < 0) {
                throw new HepmlException("Optimal transport: no path from the mass left to the room left (" + n + " x " + m + ").");
            }
            // new potentials: distances capped at the target's keep every reduced cost non-negative
            for (int i = 0; i < n; i++) u[i] += Math.min(distSource[i], reach);
            for (int j = 0; j < m; j++) v[j] += Math.min(distSink[j], reach);
            // bottleneck: the path's source mass, the target's room, the flows the path takes back
            double push = room[target];
            int j = target, origin;
            while (true) {
                int i = predOfSink[j];
                if (predOfSource[i] < 0) {
                    origin = i;
                    break;
                }
                int back = predOfSource[i];
                push = Math.min(push, flow[i * m + back]);
                j = back;
            }
            push = Math.min(push, left[origin]);
            j = target;
            while (true) {
                int i = predOfSink[j];
                flow[i * m + j] += push;
                if (predOfSource[i] < 0) break;
                int back = predOfSource[i];
                int k = i * m + back;
                flow[k] = flow[k] == push ? 0 : flow[k] - push;
                j = back;
            }
            left[origin] = left[origin] == push ? 0 : left[origin] - push;
            room[target] = room[target] == push ? 0 : room[target] - push;
        }
        double total = 0;
        for (int k = 0; k < flow.length; k++) {
            if (flow[k] > 0) total += flow[k] * cost[k];
        }
        return new Solution(total, flow, n, m, u, v, pushes);
    }

    private static void check(double[] supply, double[] demand, double[] cost) {
        int n = supply.length, m = demand.length;
        if (cost.length != (long) n * m) {
            throw new HepmlException("Optimal transport: the cost matrix has " + cost.length + " entries, expected "
                    + n + " x " + m + " = " + (long) n * m + ".");
        }
        for (double s : supply) checkMass(s, "a source's mass");
        for (double d : demand) checkMass(d, "a sink's mass");
        for (double c : cost) {
            if (!(c >= 0) || Double.isInfinite(c)) {
                throw new HepmlException("Optimal transport: a cost is " + c + "; costs must be finite and non-negative.");
            }
        }
    }

    private static void checkMass(double x, String what) {
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw new HepmlException("Optimal transport: " + what + " is " + x + "; masses must be finite and non-negative.");
        }
    }
}
