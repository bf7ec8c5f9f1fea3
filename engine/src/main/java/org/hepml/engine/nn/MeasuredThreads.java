package org.hepml.engine.nn;

import org.hepml.engine.Quantities;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * libtorch's intra-op threads chosen by timing the training's own steps, as cuDNN's benchmark mode picks a convolution
 * algorithm: a few steps at each count, keep the fastest, and time them again from time to time
 * ({@link #REPROBE_NS}, doubling while the choice holds) because the machine's load changes. Which count wins depends on more than the network: on a quiet 2-core machine two
 * spinning OpenMP threads run a batch-4096 step of 4-64-64-64-1 about 1.5-2x faster than one, on a busy one the same
 * two threads wait for each other's core and run 10-60x slower (bench/training/README.md), and no rule by step size
 * sees the load. The counts give bit-identical steps for hepml's networks, so switching between them changes speed
 * only ({@code IntraOpThreadsTest}).
 * <p>A probe visits the counts there and back (1, 2, 1 on two cores: {@link #BLOCK} timed steps per visit, the turning
 * count's two visits run as one), so that steps getting faster or slower during the probe (the JIT compiling the loop
 * in a fresh JVM) weigh on every count alike; a probe timing the count running now first and the other after it saw the
 * later count faster. A first choice, or one that changed, stands only {@link #FIRST_REPROBE_NS} and is held longer only
 * once the next probe agrees: a single probe can be caught by a passing burst (the JIT's compiler threads taking the
 * second core), and a wrong choice used to stand a full second.
 * <p>In a probe a count whose steps took more than {@link #DROP} times the fastest step of another count twice is out of
 * that probe (a collapse costs two timed slow steps, not five); of the rest, the lowest median wins, and more
 * threads must beat fewer by {@link #MARGIN} and in nearly every pair of steps ({@link #SUPERIORITY}; a tie leaves the
 * other core to the machine). A probe during which the JIT compiled a lot does not confirm a choice ({@link #JIT_BUSY}). The choice is remembered per
 * network shape and batch size, so the next training (one epoch per fit, or a kernel cell run again) starts with it and
 * probes only when the wait is over. The decisions take timings as arguments, so they are tested
 * without a clock.
 */
final class MeasuredThreads {
    /** Steps at the start of a training that are not timed: the first steps allocate and run code the JIT has not compiled. */
    static final int WARMUP_STEPS = 2;
    /** Timed steps per visit of a count; a probe visits each count twice (there and back), the turning count once. */
    static final int BLOCK = 3;
    /** Steps timed per count in one probe; the median is compared. */
    static final int TRIALS = 2 * BLOCK;
    /** Steps not timed after the count changes. */
    static final int SWITCH_STEPS = 2;
    /**
     * ... and none until this long after the change: on the quiet 2-core machine a batch-4096 step at 2 threads, just
     * switched from 1, ran at 7-10 ms for ~50 ms and then at 3.6-4.6 ms (the steady 2-thread rate; 1 thread 5.3-5.5 ms),
     * so probes timing 2 steps after the switch took the slow start for the count and kept 1 thread, 0.6x PyTorch
     * (bench/training/README.md, sixth pass). Where the second thread wakes and the scheduler puts it is a matter of
     * time, not of steps.
     */
    static final long SWITCH_NS = 60_000_000L;
    /** The most untimed steps after a change (tiny steps: 60 ms can be hundreds of them). */
    static final int MAX_SWITCH_STEPS = 256;
    /** A count whose steps take this many times the fastest other count's, twice, is out of the probe (a collapse). */
    static final double DROP = 3;
    /** How many such slow steps drop a count: one could be a pause of the JVM or the machine. */
    static final int SLOW_STEPS_TO_DROP = 2;
    /** A count whose second step after a switch is this many times another's fastest is dropped before it is timed. */
    static final double HOPELESS = 10;
    /** More threads are kept only if their median step is this fraction of fewer threads' or less. */
    static final double MARGIN = 0.95;
    /**
     * ... and only if their step was the faster in at least this fraction of all (more, fewer) pairs of timed steps, each
     * count's slowest step left out (one pause of the JVM or the machine does not decide). With 5 steps each and no true
     * difference that fraction reaches 0.9 in ~2% of probes (it is 0.5 +- 0.19), where a
     * median lower by 5% comes out far more often: at batch 256 on the quiet machine 1 and 2 threads are within 10% a
     * step and steps vary 20% between probes, and the median rule alone took 2 threads in 2 of 3 fresh JVMs, ~20% slower
     * over the fit (bench/training/README.md, fifth pass). A real gain (batch 4096: 4.4 vs 6.8 ms) wins every pair.
     */
    static final double SUPERIORITY = 0.9;
    /**
     * A clear gain needs less unanimity: more threads whose median step is {@link #CLEAR_GAIN} of fewer threads' or less
     * need to win {@link #CLEAR_SUPERIORITY} of the pairs (with 5 x 5 steps and no true difference that fraction reaches
     * 0.8 in ~3% of probes, and then rarely with a median 20% lower). On the quiet machine at batch 4096 fresh JVMs'
     * probes timed 2 threads 20-26% faster a step and winning 80% of the pairs, and kept 1 thread under the 0.9 rule
     * (bench/training/README.md, sixth pass); at batch 256 the counts are within 10% a step, where 0.9 still applies.
     */
    static final double CLEAR_GAIN = 0.8;
    static final double CLEAR_SUPERIORITY = 0.8;
    /**
     * How long a choice not yet confirmed stands (the first one for a shape, or one that changed): in a fresh JVM the
     * JIT's compiler threads take a core during the first seconds, and a probe they overlap can pick the wrong count.
     * A probe times ~16 steps and lets each of its two switches settle for {@link #SWITCH_NS}; the settling steps train
     * like any other, at the count being probed, so they cost only where that count is slower (a collapsed count is
     * dropped after two of them).
     */
    static final long FIRST_REPROBE_NS = 250_000_000L;
    /**
     * How long a confirmed choice (two probes in a row agreeing) stands before the steps are timed again: the load
     * changes on a shared machine. Each further probe that agrees doubles the wait, up to {@link #MAX_REPROBE_NS}.
     */
    static final long REPROBE_NS = 1_000_000_000L;
    /** The longest wait between probes that agree. */
    static final long MAX_REPROBE_NS = 16_000_000_000L;
    /**
     * The wait is at least this many times the slowest step of the last probe, so collapsed steps cost at most ~5%
     * (confirmed choices, and any probe that dropped a count).
     */
    static final int WAIT_PER_SLOW_STEP = 80;
    /**
     * An unconfirmed choice whose probe dropped no count (every count within {@link #DROP} of the fastest) waits at least
     * this many of the probe's slowest steps: a probe of ~16 steps then takes under half the time while unconfirmed.
     */
    static final int UNCONFIRMED_WAIT_PER_SLOW_STEP = 20;

    /** A probe during which the JIT compiled for more than this fraction of its wall time (summed over compiler threads) is JIT-busy. */
    static final double JIT_BUSY = 0.1;
    /** JIT-busy probes confirm a choice only once this many in a row have agreed (the JIT may never fall quiet). */
    static final int JIT_STREAK = 4;
    /** The JVM's accumulated JIT compilation time in milliseconds (0 where the JVM does not report it). */
    static final java.util.function.LongSupplier JIT_MILLIS = jitClock();

    private static java.util.function.LongSupplier jitClock() {
        java.lang.management.CompilationMXBean c = java.lang.management.ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c::getTotalCompilationTime : () -> 0;
    }

    /** {@code -Dhepml.threads.trace=true}: every probe's timings and choice on stderr (for benchmarks). */
    private static final boolean TRACE = Boolean.getBoolean("hepml.threads.trace");

    private static final Map<String, Remembered> MEMORY = new ConcurrentHashMap<>();

    private record Remembered(int threads, long at, long standsFor, boolean confirmed, String why) {
    }

    private final int[] counts;
    private final String key;
    private int warmup;
    private int chosen;
    private long chosenAt;
    private long standsFor = FIRST_REPROBE_NS;
    /** Whether {@link #chosen} was measured (here or by an earlier training of the same shape), not the fallback. */
    private boolean known;
    /** Whether the last two probes chose {@link #chosen}: only then does it stand {@link #REPROBE_NS} or longer. */
    private boolean confirmed;
    private String why;
    private boolean probing;
    private boolean due;
    private final List<List<Long>> times = new ArrayList<>();
    private boolean[] alive;
    private int[] slow;
    private long probeSlowest;
    private long[] stalled;
    private final java.util.ArrayDeque<Planned> plan = new java.util.ArrayDeque<>();
    private int probes;
    /** The count each probe of this training chose, in order (shown in {@link #reason()}). */
    private final List<Integer> decisions = new ArrayList<>();
    private final long[] steps;
    private final java.util.function.LongSupplier jitMillis;
    private long probeJitStart, probeStart;
    /** How long after a change of count its steps are not timed (a training: {@link #SWITCH_NS}; tests: 0 unless set). */
    private long settleNs;
    /** When the probe last changed the count, and the untimed steps added since to let it settle. */
    private long switchedAt;
    private int settleSteps;
    /** Probes in a row that chose {@link #chosen}. */
    private int streak;

    /**
     * Counts to choose from (ascending, the first the fallback), the memory key ({@code null}: none), and the time
     * now; a choice remembered for the key is the first count, timed again once its wait is over.
     */
    MeasuredThreads(int[] counts, String key, long now) {
        this(counts, key, now, () -> 0);
    }

    /**
     * ... and {@code jitMillis}, the JIT's compilation time so far ({@link #JIT_MILLIS} in a training; a constant when
     * tests drive the decisions).
     */
    MeasuredThreads(int[] counts, String key, long now, java.util.function.LongSupplier jitMillis) {
        this.jitMillis = jitMillis;
        if (counts.length == 0 || counts[0] < 1) throw new IllegalArgumentException("counts " + Arrays.toString(counts));
        this.counts = counts.clone();
        this.key = key;
        this.steps = new long[counts.length];
        Remembered r = key == null ? null : MEMORY.get(key);
        if (r != null && indexOf(r.threads()) >= 0) {
            // an earlier training's choice is the best first guess; timed again once it is older than it stands for
            chosen = r.threads();
            chosenAt = r.at();
            standsFor = r.standsFor();
            confirmed = r.confirmed();
            why = r.why();
            known = true;
            due = now - r.at() >= r.standsFor();
        } else {
            chosen = counts[0];
            chosenAt = now;
            why = "not timed yet";
            due = counts.length > 1;
        }
        warmup = WARMUP_STEPS;
    }

    /** 1, 2, 4, ... up to {@code cores} (and {@code cores} itself): the counts a training times. */
    static int[] countsFor(int cores) {
        List<Integer> c = new ArrayList<>();
        for (int n = 1; n < cores; n *= 2) c.add(n);
        c.add(Math.max(1, cores));
        return c.stream().mapToInt(Integer::intValue).distinct().toArray();
    }

    /** Steps after a change of count are not timed until {@code nanos} have passed ({@link #SWITCH_NS} in a training). */
    MeasuredThreads settling(long nanos) {
        settleNs = nanos;
        return this;
    }

    /** The count the next step runs with. */
    int next() {
        return plan.isEmpty() ? chosen : plan.peek().threads();
    }

    /** The step run with {@link #next()} took {@code nanos}; {@code now} is the time after it. */
    void took(long nanos, long now) {
        int t = next();
        steps[indexOf(t)]++;
        if (warmup > 0) {
            warmup--;
            if (warmup == 0 && due) startProbe(t, now);
            return;
        }
        if (!probing) {
            if (counts.length > 1 && now - chosenAt >= standsFor) startProbe(t, now);
            return;
        }
        Planned step = plan.poll();
        probeSlowest = Math.max(probeSlowest, nanos);
        if (!step.timed()) {
            if (step.first()) {
                switchedAt = now - nanos;
                settleSteps = 0;
            }
            // the count just changed: untimed steps until settleNs has passed (and at least SWITCH_STEPS)
            boolean lastUntimed = plan.isEmpty() || plan.peek().timed() || plan.peek().threads() != t;
            if (lastUntimed && now - switchedAt < settleNs && ++settleSteps < MAX_SWITCH_STEPS) {
                plan.addFirst(new Planned(t, false, false));
            }
        }
        boolean settling = nanos < settleNs && now - switchedAt < settleNs;
        if (!step.timed() && !step.first() && !settling && hopeless(indexOf(t), nanos)) {
            // already far slower after the switch's first step (which pays the pools' start): not timed at all, so a
            // stall under heavy load (seconds a step) costs two steps of the probe, not four. Steps shorter than the
            // settling time, inside it, are the count's slow start (a batch-256 step at 2 threads took 6-9 ms there
            // and 0.45-0.5 ms once settled, against 0.55 ms at 1 thread), not a collapse
            stalled[indexOf(t)] = nanos;
            drop(indexOf(t));
        } else if (step.timed()) {
            int i = indexOf(t);
            times.get(i).add(nanos);
            for (int j = 0; j < counts.length; j++) {
                if (j != i && !times.get(j).isEmpty() && nanos > DROP * min(times.get(j)) && ++slow[i] >= SLOW_STEPS_TO_DROP) {
                    // collapsed against another count: its remaining steps leave the probe
                    drop(i);
                    break;
                }
            }
        }
        if (plan.isEmpty()) decide(now);
    }

    /** The count used for most of the steps so far (for the training's history). */
    int mostUsed() {
        int best = 0;
        for (int i = 1; i < counts.length; i++) if (steps[i] > steps[best]) best = i;
        return steps[best] == 0 ? chosen : counts[best];
    }

    /** The current choice and the timings behind it, e.g. "2 threads timed at 0.81 ms a step, 1 thread 1.23 ms". */
    String reason() {
        return why + (probes == 1 ? "; timed 1 time in this training"
                : probes > 1 ? "; timed " + probes + " times in this training, choosing " + decisions.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) : "");
    }

    /** Steps run so far with {@code threads}. */
    long stepsAt(int threads) {
        int i = indexOf(threads);
        return i < 0 ? 0 : steps[i];
    }

    int chosen() {
        return chosen;
    }

    /**
     * The counts there and back, {@link #BLOCK} timed steps a visit, starting and ending with the count running now
     * ({@code current}), the others ascending in even probes and descending in odd ones; the turning count's two visits
     * are one block of {@link #TRIALS}. So every count's timed steps are centred on the same moment of the probe, and a
     * drift (the loop getting faster as the JIT compiles it) does not favour the count timed last. The first
     * {@link #SWITCH_STEPS} steps after a change of count are not timed: changing the count starts or wakes OpenMP's and
     * libtorch's thread pools, and steps switching count every time ran 4x slower than the same count's steady ones
     * (bench/training/README.md).
     */
    private void startProbe(int current, long now) {
        probing = true;
        probeStart = now;
        probeJitStart = jitMillis.getAsLong();
        probeSlowest = 0;
        times.clear();
        for (int i = 0; i < counts.length; i++) times.add(new ArrayList<>());
        alive = new boolean[counts.length];
        Arrays.fill(alive, true);
        slow = new int[counts.length];
        stalled = new long[counts.length];
        List<Integer> order = new ArrayList<>();
        for (int c : counts) order.add(c);
        if (probes % 2 == 1) java.util.Collections.reverse(order);
        // the count running now goes first: no switch before it
        order.remove(Integer.valueOf(current));
        order.add(0, current);
        List<Integer> path = new ArrayList<>(order);
        for (int i = order.size() - 2; i >= 0; i--) path.add(order.get(i));
        int before = current;
        for (int i = 0; i < path.size(); i++) {
            int c = path.get(i);
            boolean turn = path.size() > 1 && i == order.size() - 1;
            for (int k = 0; k < (c == before ? 0 : SWITCH_STEPS); k++) plan.add(new Planned(c, false, k == 0));
            for (int k = 0; k < (turn || path.size() == 1 ? TRIALS : BLOCK); k++) plan.add(new Planned(c, true, false));
            before = c;
        }
    }

    /** Drops count {@code i} from this probe; with one count left the probe ends (its steps so far decide). */
    private void drop(int i) {
        alive[i] = false;
        plan.removeIf(p -> p.threads() == counts[i]);
        int left = 0;
        for (boolean a : alive) left += a ? 1 : 0;
        if (left <= 1) plan.clear();
    }

    private record Planned(int threads, boolean timed, boolean first) {
    }

    /** Whether a step of {@code nanos} at count {@code i} is over {@link #HOPELESS} times another count's fastest timed step. */
    private boolean hopeless(int i, long nanos) {
        for (int j = 0; j < counts.length; j++) {
            if (j != i && !times.get(j).isEmpty() && nanos > HOPELESS * min(times.get(j))) return true;
        }
        return false;
    }

    private void decide(long now) {
        probing = false;
        probes++;
        double[] median = new double[counts.length];
        int best = -1;
        for (int i = 0; i < counts.length; i++) {
            median[i] = alive[i] && !times.get(i).isEmpty() ? median(times.get(i)) : Double.NaN;
            if (Double.isNaN(median[i])) continue;
            if (best < 0 || median[i] < MARGIN * median[best] && fasterPairs(times.get(i), times.get(best))
                    >= (median[i] <= CLEAR_GAIN * median[best] ? CLEAR_SUPERIORITY : SUPERIORITY)) best = i;
        }
        long slowest = probeSlowest;
        // held long only once two probes in a row agree: the first confirmation gives REPROBE_NS, each further one doubles
        boolean agrees = known && counts[best] == chosen;
        streak = agrees ? streak + 1 : 1;
        // the JIT's compiler threads busy during the probe take a core from a second intra-op thread (a fresh JVM's first
        // probes: 8-60 ms of JIT time in 30-70 ms, 2-thread steps at batch 256 stalling to 5-13 ms): such a probe does
        // not confirm, unless the last JIT_STREAK probes all agreed
        long jit = jitMillis.getAsLong() - probeJitStart;
        boolean jitBusy = jit * 1e6 > JIT_BUSY * Math.max(1, now - probeStart);
        agrees &= !jitBusy || streak >= JIT_STREAK;
        long wait = !agrees ? FIRST_REPROBE_NS : confirmed ? Math.min(2 * standsFor, MAX_REPROBE_NS) : REPROBE_NS;
        confirmed = agrees;
        boolean dropped = false;
        for (boolean a : alive) dropped |= !a;
        standsFor = Math.max(wait, (agrees || dropped ? WAIT_PER_SLOW_STEP : UNCONFIRMED_WAIT_PER_SLOW_STEP) * slowest);
        chosen = counts[best];
        decisions.add(chosen);
        chosenAt = now;
        known = true;
        StringBuilder s = new StringBuilder("measured: ").append(threads(chosen)).append(" at " + ms(median[best]) + " ms a step");
        for (int i = 0; i < counts.length; i++) {
            if (i == best) continue;
            s.append(", ").append(threads(counts[i]));
            if (!Double.isNaN(median[i])) s.append(" ").append(ms(median[i])).append(" ms");
            else if (stalled[i] > 0) s.append(" ").append(ms(stalled[i])).append(" ms (dropped)");
            else if (!times.get(i).isEmpty()) s.append(" ").append(ms(max(times.get(i)))).append(" ms (dropped)");
        }
        why = s.toString();
        if (TRACE) System.err.println("hepml threads probe " + key + ": " + why + " " + times + " jit " + jit + " ms in "
                + (now - probeStart) / 1_000_000 + " ms, stands " + standsFor / 1_000_000 + " ms");
        if (key != null) MEMORY.put(key, new Remembered(chosen, now, standsFor, confirmed, why));
    }

    /**
     * The fraction of pairs (a from {@code more}, b from {@code fewer}) with a < b, ties counting half, each list's
     * slowest step left out when it has more than two.
     */
    static double fasterPairs(List<Long> more, List<Long> fewer) {
        long[] m = withoutSlowest(more), f = withoutSlowest(fewer);
        double wins = 0;
        for (long a : m) for (long b : f) wins += a < b ? 1 : a == b ? 0.5 : 0;
        return wins / ((double) m.length * f.length);
    }

    private static long[] withoutSlowest(List<Long> v) {
        long[] a = v.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length > 2 ? Arrays.copyOf(a, a.length - 1) : a;
    }

    private int indexOf(int t) {
        for (int i = 0; i < counts.length; i++) if (counts[i] == t) return i;
        return -1;
    }

    private static String ms(double nanos) {
        return Quantities.significant(nanos / 1e6, 3);
    }

    private static String threads(int n) {
        return n + (n == 1 ? " thread" : " threads");
    }

    private static double median(List<Long> v) {
        long[] a = v.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
    }

    private static long min(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    private static long max(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    /** Forgets every remembered choice (tests). */
    static void forget() {
        MEMORY.clear();
    }
}
