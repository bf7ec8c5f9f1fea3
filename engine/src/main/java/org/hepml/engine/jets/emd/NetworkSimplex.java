package org.hepml.engine.jets.emd;

import org.hepml.engine.HepmlException;

/**
 * The primal network simplex method on the transportation problem (Ahuja, Magnanti, Orlin, <i>Network Flows</i>,
 * ch. 11; the method Bonneel et al., SIGGRAPH Asia 2011, made the standard for EMDs). The basis is a spanning tree of
 * the n sources, m sinks and an artificial root; every non-tree arc carries no flow. Each pivot picks an arc of
 * negative reduced cost (block search: the most negative in a block of about sqrt(nm) arcs, resuming where the last
 * search stopped), pushes flow round the cycle it closes with the tree, and the cycle's blocking arc leaves. Ties for
 * the leaving arc go to the last blocking arc met when walking the cycle from its apex along its orientation, which
 * keeps the tree strongly feasible and rules out cycling on degenerate pivots (Cunningham 1976).
 * <p>
 * The tree is held as parent pointers with depths (for the apex) and doubly linked child lists (to walk the subtree
 * whose potentials change): a pivot costs the cycle's length plus the size of the re-hung subtree.
 */
final class NetworkSimplex {
    private final int n, m, nodes, root, realArcs;
    private final double[] cost;          // real arcs, index i*m + j
    private final double[] flow;          // real arcs, then one artificial arc per node
    private final boolean[] inTree;       // real arcs
    private final boolean[] artificialUp; // artificial arc of node u goes u -> root (else root -> u)
    private final double artificialCost;
    private final double[] pi;
    private final int[] parent, predArc, depth, firstChild, nextSibling, prevSibling;
    private final boolean[] predUp;       // the tree arc to the parent goes node -> parent
    private final double tolerance;
    private final int[] depthStack;
    private int nextArc;
    private int pivots;

    private NetworkSimplex(double[] supply, double[] demand, double[] cost) {
        n = supply.length;
        m = demand.length;
        nodes = n + m;
        root = nodes;
        realArcs = n * m;
        this.cost = cost;
        flow = new double[realArcs + nodes];
        inTree = new boolean[realArcs];
        artificialUp = new boolean[nodes];
        pi = new double[nodes + 1];
        parent = new int[nodes + 1];
        predArc = new int[nodes + 1];
        depth = new int[nodes + 1];
        firstChild = new int[nodes + 1];
        nextSibling = new int[nodes + 1];
        prevSibling = new int[nodes + 1];
        predUp = new boolean[nodes + 1];
        depthStack = new int[nodes + 1];
        double cmax = 0;
        for (double c : cost) cmax = Math.max(cmax, c);
        // dearer than any path of real arcs, so the artificial arcs end with no flow when the problem is balanced
        artificialCost = (cmax + 1) * (nodes + 1);
        // reduced costs are sums of potentials of size ~ artificialCost: a pivot must gain more than their rounding
        tolerance = 1e-14 * artificialCost;
        // the starting tree: every node hangs from the root by its artificial arc, carrying the node's supply
        parent[root] = -1;
        predArc[root] = -1;
        firstChild[root] = -1;
        for (int u = 0; u < nodes; u++) {
            double s = u < n ? supply[u] : -demand[u - n];
            parent[u] = root;
            predArc[u] = realArcs + u;
            depth[u] = 1;
            firstChild[u] = -1;
            linkChild(root, u);
            artificialUp[u] = s >= 0;
            predUp[u] = s >= 0;
            flow[realArcs + u] = Math.abs(s);
            pi[u] = s >= 0 ? 0 : artificialCost;
        }
    }

    static OptimalTransport.Solution solve(double[] supply, double[] demand, double[] cost) {
        NetworkSimplex ns = new NetworkSimplex(supply, demand, cost);
        ns.run();
        return ns.solution();
    }

    private int source(int arc) {
        if (arc < realArcs) return arc / m;
        int u = arc - realArcs;
        return artificialUp[u] ? u : root;
    }

    private int target(int arc) {
        if (arc < realArcs) return n + arc % m;
        int u = arc - realArcs;
        return artificialUp[u] ? root : u;
    }

    private double arcCost(int arc) {
        if (arc < realArcs) return cost[arc];
        return artificialUp[arc - realArcs] ? 0 : artificialCost;
    }

    private void run() {
        if (realArcs == 0) return;
        int block = Math.max(10, (int) Math.sqrt(realArcs));
        long maxPivots = 100L * realArcs + 100_000;
        int entering;
        // pivots until no arc improves; then once more from potentials recomputed without accumulated rounding
        for (int round = 0; round < 2; round++) {
            while ((entering = findEnteringArc(block)) >= 0) {
                if (++pivots > maxPivots) {
                    throw new HepmlException("Optimal transport (network simplex) did not finish after " + maxPivots + " pivots ("
                            + n + " x " + m + "); the masses or costs may be of wildly different scales.");
                }
                pivot(entering);
            }
            recomputePotentials();
        }
    }

    /** The most negative reduced cost among non-tree arcs, searched block by block from where the last search stopped. */
    private int findEnteringArc(int block) {
        double best = -tolerance;
        int found = -1, count = block, scanned = 0;
        int i = nextArc / m, j = nextArc % m;
        while (scanned < realArcs) {
            // along one source's row, to the row's or the block's end: the source's potential is read once
            int row = i * m, from = j, to = Math.min(m, j + Math.min(count, realArcs - scanned));
            double piSource = pi[i];
            for (; j < to; j++) {
                double rc = cost[row + j] + piSource - pi[n + j];
                // tree arcs have reduced cost zero up to rounding, far above -tolerance: the flag is read only for a candidate
                if (rc < best && !inTree[row + j]) {
                    best = rc;
                    found = row + j;
                }
            }
            scanned += to - from;
            count -= to - from;
            if (j == m) {
                j = 0;
                if (++i == n) i = 0;
            }
            if (count == 0) {
                if (found >= 0) break;
                count = block;
            }
        }
        nextArc = i * m + j;
        return found;
    }

    private void pivot(int in) {
        int first = source(in), second = target(in);
        // the apex of the cycle: the deepest common ancestor of the entering arc's ends
        int a = first, b = second;
        while (a != b) {
            if (depth[a] > depth[b]) a = parent[a];
            else if (depth[b] > depth[a]) b = parent[b];
            else {
                a = parent[a];
                b = parent[b];
            }
        }
        int join = a;
        // flow goes first -> second on the entering arc, up from second to the apex, down from the apex to first;
        // against the cycle's direction a tree arc can give up its flow, along it it is unbounded
        double delta = Double.POSITIVE_INFINITY;
        int out = -1;
        boolean outOnFirstSide = false;
        for (int u = first; u != join; u = parent[u]) {
            if (predUp[u] && flow[predArc[u]] < delta) {
                delta = flow[predArc[u]];
                out = u;
                outOnFirstSide = true;
            }
        }
        for (int u = second; u != join; u = parent[u]) {
            if (!predUp[u] && flow[predArc[u]] <= delta) {
                delta = flow[predArc[u]];
                out = u;
                outOnFirstSide = false;
            }
        }
        if (out < 0) {
            throw new HepmlException("Optimal transport (network simplex): an unbounded cycle; the costs must be finite.");
        }
        if (delta > 0) {
            flow[in] += delta;
            for (int u = first; u != join; u = parent[u]) flow[predArc[u]] += predUp[u] ? -delta : delta;
            for (int u = second; u != join; u = parent[u]) flow[predArc[u]] += predUp[u] ? delta : -delta;
        }
        int leaving = predArc[out];
        flow[leaving] = 0;
        if (leaving < realArcs) inTree[leaving] = false;
        inTree[in] = true;
        // the subtree below the leaving arc is re-hung from the entering arc: u_in is its new top, v_in its new parent
        int uIn = outOnFirstSide ? first : second, vIn = outOnFirstSide ? second : first;
        unlinkChild(parent[out], out);
        // reverse the stem u_in -> ... -> out: each node's parent becomes its former child on the stem
        int child = uIn, childArc = in;
        boolean childUp = uIn == first;  // the entering arc goes first -> second
        int newParent = vIn;
        while (true) {
            int oldParent = parent[child], oldArc = predArc[child];
            boolean oldUp = predUp[child];
            if (child != out) unlinkChild(oldParent, child);
            parent[child] = newParent;
            predArc[child] = childArc;
            predUp[child] = childUp;
            linkChild(newParent, child);
            if (child == out) break;
            // the old parent hangs from this node by the same arc, seen from the other end
            newParent = child;
            childArc = oldArc;
            childUp = !oldUp;
            child = oldParent;
        }
        // potentials: the re-hung subtree shifts so the entering arc's reduced cost is zero
        double c = arcCost(in);
        double sigma = predUp[uIn] ? pi[vIn] - pi[uIn] - c : pi[vIn] - pi[uIn] + c;
        shiftSubtree(uIn, sigma);
    }

    /** Potentials afresh from the tree (root at 0, every tree arc at reduced cost zero), free of the pivots' rounding. */
    private void recomputePotentials() {
        int[] stack = depthStack;
        int top = 0;
        pi[root] = 0;
        for (int ch = firstChild[root]; ch >= 0; ch = nextSibling[ch]) stack[top++] = ch;
        while (top > 0) {
            int x = stack[--top];
            double c = arcCost(predArc[x]);
            pi[x] = predUp[x] ? pi[parent[x]] - c : pi[parent[x]] + c;
            for (int ch = firstChild[x]; ch >= 0; ch = nextSibling[ch]) stack[top++] = ch;
        }
    }

    /** Adds sigma to the potentials of u's subtree and sets its depths from u's new parent. */
    private void shiftSubtree(int u, double sigma) {
        int[] stack = depthStack;
        int top = 0;
        stack[top++] = u;
        while (top > 0) {
            int x = stack[--top];
            pi[x] += sigma;
            depth[x] = depth[parent[x]] + 1;
            for (int ch = firstChild[x]; ch >= 0; ch = nextSibling[ch]) stack[top++] = ch;
        }
    }

    private void linkChild(int p, int ch) {
        int head = firstChild[p];
        nextSibling[ch] = head;
        prevSibling[ch] = -1;
        if (head >= 0) prevSibling[head] = ch;
        firstChild[p] = ch;
    }

    private void unlinkChild(int p, int ch) {
        int prev = prevSibling[ch], next = nextSibling[ch];
        if (prev >= 0) nextSibling[prev] = next;
        else firstChild[p] = next;
        if (next >= 0) prevSibling[next] = prev;
        nextSibling[ch] = -1;
        prevSibling[ch] = -1;
    }

    private OptimalTransport.Solution solution() {
        double total = 0, mass = 0, stranded = 0;
        double[] real = new double[realArcs];
        for (int e = 0; e < realArcs; e++) {
            if (flow[e] > 0) {
                real[e] = flow[e];
                total += flow[e] * cost[e];
                mass += flow[e];
            }
        }
        for (int u = 0; u < nodes; u++) stranded += flow[realArcs + u];
        if (stranded > 1e-9 * Math.max(mass, Double.MIN_NORMAL)) {
            throw new HepmlException("Optimal transport: " + stranded + " of the mass found no way across; the two sides' totals differ.");
        }
        double[] u = new double[n], v = new double[m];
        double shift = n > 0 ? pi[0] : 0;
        for (int i = 0; i < n; i++) shift = Math.min(shift, pi[i]);
        for (int i = 0; i < n; i++) u[i] = pi[i] - shift;
        for (int j = 0; j < m; j++) v[j] = pi[n + j] - shift;
        return new OptimalTransport.Solution(total, real, n, m, u, v, pivots);
    }
}
