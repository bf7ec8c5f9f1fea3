package org.hepml.engine.jets.emd;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The energy mover's distance between two jets or events (Komiske, Metodiev, Thaler, "Metric Space of Collider
 * Events", PRL 123 (2019) 041801, eq. 1):
 * <pre>
 *   EMD_{beta,R}(E, E') = min_{f_ij >= 0} sum_ij f_ij (theta_ij / R)^beta + |sum_i E_i - sum_j E'_j|
 *   with sum_j f_ij <= E_i,  sum_i f_ij <= E'_j,  sum_ij f_ij = min(sum_i E_i, sum_j E'_j),
 * </pre>
 * theta_ij the distance of particles i and j in the rapidity-azimuth plane (the azimuth difference wrapped into
 * [-pi, pi]). The energy that cannot be moved goes to a dummy particle at zero cost and is paid for by the |dE| term;
 * the transport itself is solved exactly ({@link OptimalTransport}). With {@code normalized}, each set's weights are
 * first divided by their sum (the distance between energy-flow shapes; no |dE| term).
 * The weights are whatever the caller gives (pT for hadron-collider jets, energy for e+e- events).
 */
public final class EnergyMoversDistance {
    private final double radius, beta;
    private final boolean normalized;

    /**
     * @param radius     R: the jet radius, which makes moving energy by R cost as much as creating it (R >= theta_max / 2 for a metric)
     * @param beta       the angular exponent (1 in the paper; 2 gives a squared-distance transport)
     * @param normalized compare shapes: divide each set's weights by their sum
     */
    public EnergyMoversDistance(double radius, double beta, boolean normalized) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new HepmlException("EMD: R must be a positive number (the jet radius, e.g. 0.4 or 1.0), not " + radius + ".");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new HepmlException("EMD: beta must be a positive number (the angular exponent, usually 1), not " + beta + ".");
        }
        this.radius = radius;
        this.beta = beta;
        this.normalized = normalized;
    }

    /** EMD with R and beta, weights as given. */
    public EnergyMoversDistance(double radius, double beta) {
        this(radius, beta, false);
    }

    public double radius() {
        return radius;
    }

    public double beta() {
        return beta;
    }

    public boolean normalized() {
        return normalized;
    }

    /**
     * The optimal transport between two sets.
     *
     * @param distance       the EMD
     * @param flow           f_ij, row-major {@code n0 x n1}: the weight moved from particle i of the first set to j of the second
     * @param transportCost  sum_ij f_ij (theta_ij / R)^beta
     * @param energyDifference sum E - sum E' (0 when normalized): its absolute value is the distance's second term
     */
    public record Transport(double distance, double[] flow, int n0, int n1, double transportCost, double energyDifference) {
        public double flow(int i, int j) {
            return flow[i * n1 + j];
        }
    }

    /** EMD between set {@code a} of {@code first} and set {@code b} of {@code second}. */
    public double distance(ParticleSets first, int a, ParticleSets second, int b) {
        return solve(first, a, second, b).distance;
    }

    /** EMD between two single sets given as arrays. */
    public double distance(double[] w0, double[] y0, double[] phi0, double[] w1, double[] y1, double[] phi1) {
        return distance(ParticleSets.of(w0, y0, phi0), 0, ParticleSets.of(w1, y1, phi1), 0);
    }

    /** The EMD with its flow matrix (for a transport picture). */
    public Transport transport(ParticleSets first, int a, ParticleSets second, int b) {
        return solve(first, a, second, b);
    }

    /** The ground distance (theta_ij / R)^beta of two particles. */
    public double groundDistance(double y0, double phi0, double y1, double phi1) {
        double dy = y0 - y1, dphi = wrappedAzimuth(phi0 - phi1);
        double r2 = (dy * dy + dphi * dphi) / (radius * radius);
        if (beta == 2) return r2;
        double r = Math.sqrt(r2);
        return beta == 1 ? r : Math.pow(r, beta);
    }

    /** An azimuth difference brought into [-pi, pi]. */
    static double wrappedAzimuth(double dphi) {
        double d = Math.IEEEremainder(dphi, 2 * Math.PI);
        return d;
    }

    private Transport solve(ParticleSets first, int a, ParticleSets second, int b) {
        checkIndex(first, a, "first");
        checkIndex(second, b, "second");
        int n0 = first.count(a), n1 = second.count(b), o0 = first.offsets()[a], o1 = second.offsets()[b];
        double e0 = first.total(a), e1 = second.total(b);
        if (normalized && (e0 == 0 || e1 == 0)) {
            throw new HepmlException("EMD: set " + (e0 == 0 ? a + " of the first sample" : b + " of the second sample")
                    + " has no weight (no particles or all weights zero), so it cannot be normalised; select non-empty jets first.");
        }
        double s0 = normalized ? 1 / e0 : 1, s1 = normalized ? 1 / e1 : 1;
        double diff = normalized ? 0 : e0 - e1;
        // the lighter side gets a dummy particle carrying the difference at zero cost (the |dE| term pays for it)
        boolean dummySink = diff > 0, dummySource = diff < 0;
        int rows = n0 + (dummySource ? 1 : 0), cols = n1 + (dummySink ? 1 : 0);
        double[] supply = new double[rows], demand = new double[cols], cost = new double[rows * cols];
        for (int i = 0; i < n0; i++) supply[i] = first.weight()[o0 + i] * s0;
        for (int j = 0; j < n1; j++) demand[j] = second.weight()[o1 + j] * s1;
        if (dummySource) supply[n0] = -diff;
        if (dummySink) demand[n1] = diff;
        double[] y0 = first.y(), p0 = first.phi(), y1 = second.y(), p1 = second.phi();
        for (int i = 0; i < n0; i++) {
            int row = i * cols;
            for (int j = 0; j < n1; j++) cost[row + j] = groundDistance(y0[o0 + i], p0[o0 + i], y1[o1 + j], p1[o1 + j]);
        }
        OptimalTransport.Solution s = OptimalTransport.solve(supply, demand, cost);
        double[] flow = new double[n0 * n1];
        for (int i = 0; i < n0; i++) System.arraycopy(s.flow(), i * cols, flow, i * n1, n1);
        return new Transport(s.cost() + Math.abs(diff), flow, n0, n1, s.cost(), diff);
    }

    private static void checkIndex(ParticleSets sets, int k, String which) {
        if (k < 0 || k >= sets.size()) {
            throw new HepmlException("EMD: the " + which + " sample has " + sets.size() + " sets; there is no set " + k + ".");
        }
    }

    /** The symmetric matrix of EMDs between all pairs of {@code sets} (zero diagonal), row-major. */
    public double[][] pairwise(ParticleSets sets) {
        return pairwise(sets, null);
    }

    /** EMDs between every set of {@code rows} and every set of {@code columns}: {@code [rows.size()][columns.size()]}. */
    public double[][] pairwise(ParticleSets rows, ParticleSets columns) {
        return pairwise(rows, columns == null ? rows : columns, columns == null);
    }

    /** EMD of every set to one reference set (an observable: how far each jet is from, say, an ideal two-prong jet). */
    public double[] toReference(ParticleSets sets, ParticleSets reference, int referenceSet) {
        double[][] m = pairwise(sets, reference.get(referenceSet), false);
        double[] d = new double[m.length];
        for (int k = 0; k < m.length; k++) d[k] = m[k][0];
        return d;
    }

    /** Work runs on this many threads; the calling thread reports progress and stops the work on an interrupt. */
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private double[][] pairwise(ParticleSets rows, ParticleSets columns, boolean symmetric) {
        int nr = rows.size(), nc = columns.size();
        double[][] out = new double[nr][nc];
        long total = symmetric ? (long) nr * (nr - 1) / 2 : (long) nr * nc;
        String title = String.format(Locale.ROOT, "EMD (R = %s, beta = %s) of %,d pairs", trim(radius), trim(beta), total);
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (Progress progress = Progress.start(title, total, "pairs")) {
            if (total == 0) {
                progress.finish("no pairs");
                return out;
            }
            int threads = (int) Math.min(THREADS, Math.max(1, total / 64));
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "hepml-emd");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                AtomicLong nextRow = new AtomicLong();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        // rows handed out one at a time: the upper triangle's rows shrink, so fixed chunks would be uneven
                        for (int r = (int) nextRow.getAndIncrement(); r < nr && !stop.get(); r = (int) nextRow.getAndIncrement()) {
                            for (int c = symmetric ? r + 1 : 0; c < nc; c++) {
                                double d = distance(rows, r, columns, c);
                                out[r][c] = d;
                                if (symmetric) out[c][r] = d;
                            }
                            done.addAndGet(symmetric ? nr - 1 - r : nc);
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    while (true) {
                        try {
                            f.get(200, TimeUnit.MILLISECONDS);
                            break;
                        } catch (TimeoutException e) {
                            progress.update(done.get(), String.format(Locale.ROOT, "%,d of %,d pairs", done.get(), total));
                        }
                    }
                }
            } catch (InterruptedException e) {
                stop.set(true);
                Thread.currentThread().interrupt();
                throw new Cancelled("The EMD matrix");
            } catch (ExecutionException e) {
                stop.set(true);
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) throw re;
                throw new HepmlException("EMD matrix failed: " + cause, cause);
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
            Cancelled.check("The EMD matrix");
            progress.update(total, String.format(Locale.ROOT, "%,d pairs", total));
            progress.finish(String.format(Locale.ROOT, "%,d pairs", total));
        }
        return out;
    }

    private static String trim(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e6 ? Long.toString((long) x) : Double.toString(x);
    }
}
