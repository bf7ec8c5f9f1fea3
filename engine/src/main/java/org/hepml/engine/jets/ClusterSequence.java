package org.hepml.engine.jets;

import java.util.Arrays;

/**
 * Sequential recombination of one event's particles with a generalized-kT algorithm, as FastJet's
 * {@code ClusterSequence} does it with its N2Plain strategy (Cacciari, Salam, Eur. Phys. J. C 72 (2012) 1896,
 * sec. 3 and appendix): every pseudojet keeps its nearest neighbour in (y, phi) and the distance to it, so a step
 * costs O(N) and a whole event O(N^2). Distances, the choice of the smallest d_ij and the bookkeeping after a
 * merge follow FastJet's code path, so that even equal distances are resolved in the same order.
 *
 * <p>Pseudojets are integers: the first {@code n} are the input particles (in input order), each merge appends
 * one. Everything is kept in primitive arrays that grow as needed, so one instance per thread clusters event
 * after event without allocating. Not thread-safe.
 */
public final class ClusterSequence {
    /** History parent of an input particle, and of a beam merge's second parent (FastJet's InexistentParent and BeamJet). */
    public static final int NO_PARENT = -2, BEAM = -1;
    private static final double TWO_PI = 2 * Math.PI;
    /** FastJet's rapidity given to a massless particle along the beam (MaxRap). */
    private static final double MAX_RAP = 1e5;

    private JetDefinition definition;
    private int n;
    // pseudojets
    private int jets;
    private double[] px = new double[0], py = px, pz = px, e = px, kt2 = px, rap = px, phi = px;
    private int[] jetHistory = new int[0];
    // history: one entry per input particle, then one per merge (with the beam or with another pseudojet)
    private int steps;
    private int[] parent1 = new int[0], parent2 = parent1, stepJet = parent1;
    private double[] dij = new double[0];
    // nearest-neighbour table of the jets still being clustered (FastJet's BriefJet)
    private double[] bRap = new double[0], bPhi = bRap, bScale = bRap, nnDist = bRap, diJ = bRap;
    private int[] nn = new int[0], bJet = nn;
    private int[] stack = new int[0];
    // tiles for the tiled strategy: a grid in (y, phi) of cells at least R wide, so a neighbour closer than R is in one
    // of the 3 x 3 cells around a jet; each cell holds a linked list of slots
    private static final int TILED_ABOVE = 40;
    private static final double RAP_CLIP = 20;
    private int nTileRap, nTilePhi;
    private double tileRapMin, tileRapMax, tileSizeRap, tileSizePhi;
    private int[] tileHead = new int[0];
    private int[] slotTile = new int[0], slotPrev = slotTile, slotNext = slotTile, mark = slotTile;
    private int stamp;
    private final int[] outerTiles = new int[9], innerTiles = new int[9], moveTiles = new int[9];

    /** Clusters particles {@code from .. from+count-1} of the given four-momentum arrays. */
    public ClusterSequence cluster(JetDefinition def, double[] px, double[] py, double[] pz, double[] e, int from, int count) {
        this.definition = def;
        this.n = count;
        ensure(count);
        jets = 0;
        steps = 0;
        for (int i = 0; i < count; i++) {
            int j = addJet(px[from + i], py[from + i], pz[from + i], e[from + i]);
            jetHistory[j] = addStep(NO_PARENT, NO_PARENT, j, 0);
        }
        if (count > TILED_ABOVE) tiledClustering();
        else nearestNeighbourClustering();
        return this;
    }

    private void nearestNeighbourClustering() {
        JetAlgorithm alg = definition.algorithm();
        double r2 = definition.r() * definition.r(), invR2 = 1.0 / r2;
        for (int i = 0; i < n; i++) setBriefJet(i, i, alg, r2);
        for (int a = 1; a < n; a++) {
            for (int b = 0; b < a; b++) {
                double d = distance(a, b);
                if (d < nnDist[a]) {
                    nnDist[a] = d;
                    nn[a] = b;
                }
                if (d < nnDist[b]) {
                    nnDist[b] = d;
                    nn[b] = a;
                }
            }
        }
        for (int i = 0; i < n; i++) diJ[i] = briefDiJ(i);
        int tail = n;
        while (tail > 0) {
            int best = 0;
            double min = diJ[0];
            for (int i = 1; i < tail; i++) {
                if (diJ[i] < min) {
                    best = i;
                    min = diJ[i];
                }
            }
            int a = best, b = nn[a];
            min *= invR2;
            if (b >= 0) {
                // keep b < a, so that if a is the last slot the merged jet (put in b) is not moved away below
                if (a < b) {
                    int t = a;
                    a = b;
                    b = t;
                }
                int merged = merge(bJet[a], bJet[b], min);
                setBriefJet(b, merged, alg, r2);
            } else {
                beamStep(bJet[a], min);
            }
            tail--;
            // the last slot fills the hole left by a
            bRap[a] = bRap[tail];
            bPhi[a] = bPhi[tail];
            bScale[a] = bScale[tail];
            nn[a] = nn[tail];
            nnDist[a] = nnDist[tail];
            bJet[a] = bJet[tail];
            diJ[a] = diJ[tail];
            for (int i = 0; i < tail; i++) {
                // (FastJet also re-scans the jets without a neighbour after a beam merge: they cannot gain one, so skip them)
                if (nn[i] == a || (b >= 0 && nn[i] == b)) {
                    setNearestNeighbour(i, tail, r2);
                    diJ[i] = briefDiJ(i);
                }
                if (b >= 0) {
                    double d = distance(i, b);
                    if (d < nnDist[i] && i != b) {
                        nnDist[i] = d;
                        nn[i] = b;
                        diJ[i] = briefDiJ(i);
                    }
                    if (d < nnDist[b] && i != b) {
                        nnDist[b] = d;
                        nn[b] = i;
                    }
                }
                if (nn[i] == tail) nn[i] = a;
            }
            if (b >= 0) diJ[b] = briefDiJ(b);
        }
    }

    /**
     * FastJet's N2Tiled idea: the same nearest-neighbour bookkeeping, but a jet's neighbour is searched only in the 3 x 3
     * tiles around it, and after a merge only the jets in the tiles around the merged and removed ones are revisited.
     * The smallest d_ij is still found by a scan over all jets (cheap: one comparison each).
     */
    private void tiledClustering() {
        JetAlgorithm alg = definition.algorithm();
        double r = definition.r(), r2 = r * r, invR2 = 1.0 / r2;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double y = Math.max(-RAP_CLIP, Math.min(RAP_CLIP, rap[i]));
            lo = Math.min(lo, y);
            hi = Math.max(hi, y);
        }
        nTileRap = Math.max(1, (int) Math.floor((hi - lo) / r));
        tileRapMin = lo;
        tileRapMax = hi;
        tileSizeRap = (hi - lo) / nTileRap;
        nTilePhi = Math.max(1, (int) Math.floor(TWO_PI / r));
        tileSizePhi = TWO_PI / nTilePhi;
        int tiles = nTileRap * nTilePhi;
        if (tileHead.length < tiles) tileHead = new int[Math.max(tiles, 2 * tileHead.length)];
        Arrays.fill(tileHead, 0, tiles, -1);
        for (int i = 0; i < n; i++) {
            setBriefJet(i, i, alg, r2);
            insert(i);
        }
        for (int i = 0; i < n; i++) setNearestNeighbourTiled(i, r2);
        for (int i = 0; i < n; i++) diJ[i] = briefDiJ(i);
        int tail = n;
        while (tail > 0) {
            int best = 0;
            double min = diJ[0];
            for (int i = 1; i < tail; i++) {
                if (diJ[i] < min) {
                    best = i;
                    min = diJ[i];
                }
            }
            int a = best, b = nn[a];
            min *= invR2;
            int oldTileB = -1;
            if (b >= 0) {
                if (a < b) {
                    int t = a;
                    a = b;
                    b = t;
                }
                int merged = merge(bJet[a], bJet[b], min);
                oldTileB = slotTile[b];
                remove(b);
                setBriefJet(b, merged, alg, r2);
                insert(b);
            } else {
                beamStep(bJet[a], min);
            }
            int tileA = slotTile[a];
            remove(a);
            stamp++;
            revisit(tileA, a, b, r2);
            if (b >= 0) {
                revisit(oldTileB, a, b, r2);
                revisit(slotTile[b], a, b, r2);
                diJ[b] = briefDiJ(b);
            }
            tail--;
            if (a != tail) moveSlot(tail, a);
        }
    }

    /** Updates the neighbours of the jets in the tiles around {@code tile} after a merged a and b (b < 0: a left with the beam). */
    private void revisit(int tile, int a, int b, double r2) {
        int k = neighbourTiles(tile, outerTiles);
        for (int q = 0; q < k; q++) {
            for (int i = tileHead[outerTiles[q]]; i >= 0; i = slotNext[i]) {
                if (mark[i] == stamp) continue;
                mark[i] = stamp;
                if (nn[i] == a || (b >= 0 && nn[i] == b)) {
                    setNearestNeighbourTiled(i, r2);
                    diJ[i] = briefDiJ(i);
                }
                if (b >= 0 && i != b) {
                    double d = distance(i, b);
                    if (d < nnDist[i]) {
                        nnDist[i] = d;
                        nn[i] = b;
                        diJ[i] = briefDiJ(i);
                    }
                    if (d < nnDist[b]) {
                        nnDist[b] = d;
                        nn[b] = i;
                    }
                }
            }
        }
    }

    private void setNearestNeighbourTiled(int i, double r2) {
        double best = r2;
        int who = -1;
        int k = neighbourTiles(slotTile[i], innerTiles);
        for (int q = 0; q < k; q++) {
            for (int j = tileHead[innerTiles[q]]; j >= 0; j = slotNext[j]) {
                if (j == i) continue;
                double d = distance(i, j);
                if (d < best) {
                    best = d;
                    who = j;
                }
            }
        }
        nnDist[i] = best;
        nn[i] = who;
    }

    /** Moves the jet in slot {@code from} (the last) into the free slot {@code to}, keeping tiles and neighbour links. */
    private void moveSlot(int from, int to) {
        bRap[to] = bRap[from];
        bPhi[to] = bPhi[from];
        bScale[to] = bScale[from];
        nn[to] = nn[from];
        nnDist[to] = nnDist[from];
        bJet[to] = bJet[from];
        diJ[to] = diJ[from];
        int tile = slotTile[from];
        slotTile[to] = tile;
        slotPrev[to] = slotPrev[from];
        slotNext[to] = slotNext[from];
        mark[to] = mark[from];
        if (slotPrev[to] >= 0) slotNext[slotPrev[to]] = to;
        else tileHead[tile] = to;
        if (slotNext[to] >= 0) slotPrev[slotNext[to]] = to;
        int k = neighbourTiles(tile, moveTiles);
        for (int q = 0; q < k; q++) {
            for (int j = tileHead[moveTiles[q]]; j >= 0; j = slotNext[j]) if (nn[j] == from) nn[j] = to;
        }
    }

    private void insert(int slot) {
        double y = Math.max(tileRapMin, Math.min(tileRapMax, bRap[slot]));
        int iy = Math.min(nTileRap - 1, (int) ((y - tileRapMin) / tileSizeRap));
        if (!(iy >= 0)) iy = 0;  // a single tile of zero width: 0/0
        int ip = Math.min(nTilePhi - 1, (int) (bPhi[slot] / tileSizePhi));
        int tile = iy * nTilePhi + ip;
        slotTile[slot] = tile;
        slotPrev[slot] = -1;
        slotNext[slot] = tileHead[tile];
        if (tileHead[tile] >= 0) slotPrev[tileHead[tile]] = slot;
        tileHead[tile] = slot;
    }

    private void remove(int slot) {
        if (slotPrev[slot] >= 0) slotNext[slotPrev[slot]] = slotNext[slot];
        else tileHead[slotTile[slot]] = slotNext[slot];
        if (slotNext[slot] >= 0) slotPrev[slotNext[slot]] = slotPrev[slot];
    }

    /** The tile and its (up to 8) neighbours, phi wrapping around, each once. */
    private int neighbourTiles(int tile, int[] out) {
        int iy = tile / nTilePhi, ip = tile % nTilePhi, k = 0;
        for (int dy = -1; dy <= 1; dy++) {
            int y = iy + dy;
            if (y < 0 || y >= nTileRap) continue;
            for (int dp = -1; dp <= 1; dp++) {
                int t = y * nTilePhi + Math.floorMod(ip + dp, nTilePhi);
                boolean seen = false;
                for (int q = 0; q < k; q++) seen |= out[q] == t;
                if (!seen) out[k++] = t;
            }
        }
        return k;
    }

    private void setBriefJet(int slot, int jet, JetAlgorithm alg, double r2) {
        bRap[slot] = rap[jet];
        bPhi[slot] = phi[jet];
        bScale[slot] = alg.scale(kt2[jet]);
        nn[slot] = -1;
        nnDist[slot] = r2;
        bJet[slot] = jet;
    }

    private void setNearestNeighbour(int i, int tail, double r2) {
        double best = r2;
        int who = -1;
        for (int j = 0; j < tail; j++) {
            if (j == i) continue;
            double d = distance(i, j);
            if (d < best) {
                best = d;
                who = j;
            }
        }
        nnDist[i] = best;
        nn[i] = who;
    }

    /** Squared (y, phi) distance, phi wrapped into [0, pi]. */
    private double distance(int a, int b) {
        double dphi = Math.abs(bPhi[a] - bPhi[b]);
        double dy = bRap[a] - bRap[b];
        if (dphi > Math.PI) dphi = TWO_PI - dphi;
        return dphi * dphi + dy * dy;
    }

    private double briefDiJ(int i) {
        double s = bScale[i];
        if (nn[i] >= 0 && bScale[nn[i]] < s) s = bScale[nn[i]];
        return nnDist[i] * s;
    }

    private int merge(int jetI, int jetJ, double d) {
        int k = addJet(px[jetI] + px[jetJ], py[jetI] + py[jetJ], pz[jetI] + pz[jetJ], e[jetI] + e[jetJ]);
        int hi = jetHistory[jetI], hj = jetHistory[jetJ];
        jetHistory[k] = addStep(Math.min(hi, hj), Math.max(hi, hj), k, d);
        return k;
    }

    private void beamStep(int jet, double d) {
        addStep(jetHistory[jet], BEAM, -1, d);
    }

    private int addJet(double x, double y, double z, double en) {
        int j = jets++;
        px[j] = x;
        py[j] = y;
        pz[j] = z;
        e[j] = en;
        double k2 = x * x + y * y;
        kt2[j] = k2;
        // FastJet's PseudoJet::_set_rap_phi
        double f = k2 == 0.0 ? 0.0 : Math.atan2(y, x);
        if (f < 0.0) f += TWO_PI;
        if (f >= TWO_PI) f -= TWO_PI;
        phi[j] = f;
        if (en == Math.abs(z) && k2 == 0) {
            double maxRap = MAX_RAP + Math.abs(z);
            rap[j] = z >= 0.0 ? maxRap : -maxRap;
        } else {
            double m2 = Math.max(0.0, (en + z) * (en - z) - k2);
            double ePlusPz = en + Math.abs(z);
            double r = 0.5 * Math.log((k2 + m2) / (ePlusPz * ePlusPz));
            rap[j] = z > 0 ? -r : r;
        }
        return j;
    }

    private int addStep(int p1, int p2, int jet, double d) {
        int s = steps++;
        parent1[s] = p1;
        parent2[s] = p2;
        stepJet[s] = jet;
        dij[s] = d;
        return s;
    }

    private void ensure(int count) {
        int cap = 2 * Math.max(count, 1);
        if (px.length >= cap) return;
        cap = Math.max(cap, px.length * 3 / 2);
        px = new double[cap];
        py = new double[cap];
        pz = new double[cap];
        e = new double[cap];
        kt2 = new double[cap];
        rap = new double[cap];
        phi = new double[cap];
        jetHistory = new int[cap];
        parent1 = new int[cap];
        parent2 = new int[cap];
        stepJet = new int[cap];
        dij = new double[cap];
        stack = new int[cap];
        int half = cap / 2 + 1;
        bRap = new double[half];
        bPhi = new double[half];
        bScale = new double[half];
        nnDist = new double[half];
        diJ = new double[half];
        nn = new int[half];
        bJet = new int[half];
        slotTile = new int[half];
        slotPrev = new int[half];
        slotNext = new int[half];
        mark = new int[half];
    }

    // ---- results

    public JetDefinition definition() {
        return definition;
    }

    /** Number of input particles. */
    public int particles() {
        return n;
    }

    /** Number of pseudojets (input particles and merges). */
    public int pseudojets() {
        return jets;
    }

    /**
     * The pseudojets that ended as jets (merged with the beam) with pT >= {@code ptMin} and |y| <= {@code yMax},
     * hardest first (FastJet's {@code sorted_by_pt(inclusive_jets(ptmin))} followed by a rapidity selection).
     */
    public int[] inclusiveJets(double ptMin, double yMax) {
        double kt2Min = ptMin * ptMin;
        int[] out = new int[n];
        int k = 0;
        for (int s = n; s < steps; s++) {
            if (parent2[s] != BEAM) continue;
            int j = stepJet[parent1[s]];
            if (kt2[j] >= kt2Min && Math.abs(rap[j]) <= yMax) out[k++] = j;
        }
        return sortByPt(Arrays.copyOf(out, k));
    }

    /**
     * The {@code count} jets present when the clustering had {@code count} pseudojets left (FastJet's
     * {@code exclusive_jets(n)}), hardest first; all particles when there are no more than {@code count}.
     * Meaningful for kT and C/A clustered with a large R (no merge with the beam before the end).
     */
    public int[] exclusiveJets(int count) {
        if (count >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return sortByPt(all);
        }
        int stop = 2 * n - count;
        int[] out = new int[count];
        int k = 0;
        for (int s = stop; s < steps && k < count; s++) {
            int p1 = parent1[s], p2 = parent2[s];
            if (p1 >= 0 && p1 < stop) out[k++] = stepJet[p1];
            if (p2 >= 0 && p2 < stop && k < count) out[k++] = stepJet[p2];
        }
        return sortByPt(Arrays.copyOf(out, k));
    }

    private int[] sortByPt(int[] js) {
        // insertion sort by decreasing kt2: jets are few
        for (int i = 1; i < js.length; i++) {
            int j = js[i];
            int k = i - 1;
            while (k >= 0 && kt2[js[k]] < kt2[j]) {
                js[k + 1] = js[k];
                k--;
            }
            js[k + 1] = j;
        }
        return js;
    }

    /** The input particles (indices 0..n-1 in input order) that make pseudojet {@code jet}, ascending. */
    public int[] constituents(int jet) {
        int top = 0, k = 0;
        int[] out = new int[n];
        stack[top++] = jetHistory[jet];
        while (top > 0) {
            int s = stack[--top];
            if (parent1[s] == NO_PARENT) {
                out[k++] = s;  // the first n history entries are the particles themselves
            } else {
                stack[top++] = parent1[s];
                if (parent2[s] >= 0) stack[top++] = parent2[s];
            }
        }
        int[] c = Arrays.copyOf(out, k);
        Arrays.sort(c);
        return c;
    }

    /** The two pseudojets merged into {@code jet}, harder (larger pT) first, or null for an input particle. */
    public int[] parents(int jet) {
        int s = jetHistory[jet];
        if (parent1[s] == NO_PARENT) return null;
        int a = stepJet[parent1[s]], b = stepJet[parent2[s]];
        return kt2[a] >= kt2[b] ? new int[]{a, b} : new int[]{b, a};
    }

    /** The distance d_ij (in FastJet's units, divided by R^2) at which {@code jet} was made; 0 for a particle. */
    public double mergeDistance(int jet) {
        return dij[jetHistory[jet]];
    }

    public double px(int j) { return px[j]; }
    public double py(int j) { return py[j]; }
    public double pz(int j) { return pz[j]; }
    public double e(int j) { return e[j]; }
    /** Rapidity, as FastJet computes it. */
    public double rap(int j) { return rap[j]; }
    /** Azimuth in [0, 2 pi). */
    public double phi(int j) { return phi[j]; }

    public double pt(int j) {
        return Math.sqrt(kt2[j]);
    }

    /** Invariant mass, 0 where E^2 - p^2 is negative by rounding. */
    public double m(int j) {
        double m2 = (e[j] + pz[j]) * (e[j] - pz[j]) - kt2[j];
        return m2 > 0 ? Math.sqrt(m2) : 0;
    }

    /** Squared (y, phi) distance between two pseudojets. */
    public double deltaR2(int a, int b) {
        double dphi = Math.abs(phi[a] - phi[b]);
        if (dphi > Math.PI) dphi = TWO_PI - dphi;
        double dy = rap[a] - rap[b];
        return dphi * dphi + dy * dy;
    }
}
