package org.hepml.engine.events.io;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts the event section of an LHE file into blocks of whole events (each ends right after an {@code </event>}), has
 * them parsed on the machine's cores ({@link LheEventBlock#parse}) and hands them back in file order. At most
 * {@code ahead} blocks are read ahead, so memory stays bounded by a few blocks whatever the file's size.
 * {@link #giveBack} returns the bytes not used (from a point in a block on) to the source, for the XML path.
 */
final class LheBlocks implements AutoCloseable {
    /**
     * Bytes per block: a few hundred events, small enough that the block and its columns are ordinary young objects
     * for the garbage collector (G1 treats an array of half a region, 512 KB or more, as humongous: costly to make).
     */
    static final int BLOCK = 1 << 18;
    private static final byte[] END_EVENT = {'<', '/', 'e', 'v', 'e', 'n', 't'};

    private record Pending(LheEventBlock block, Future<LheEventBlock> parsed) {
    }

    private final ByteSource source;
    private final int blockSize, ahead;
    private final boolean parallel;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private byte[] carry = new byte[0];
    private int carryLength;
    private boolean ended, lastFramed;
    private long peakHeld;

    /**
     * @param blockSize bytes per block (a block grows to hold one event that is longer)
     * @param parallel  parse on the shared worker threads; false parses each block on the calling thread
     */
    LheBlocks(ByteSource source, int blockSize, boolean parallel) {
        this.source = source;
        this.blockSize = blockSize;
        this.parallel = parallel && Workers.THREADS > 1;
        this.ahead = this.parallel ? Workers.THREADS + 2 : 1;
    }

    /** The next block, parsed; null after the last one. */
    LheEventBlock next() {
        while (pending.size() < ahead && !lastFramed) {
            LheEventBlock b = frame();
            Future<LheEventBlock> parsed;
            if (parallel) {
                FutureTask<LheEventBlock> task = new FutureTask<>(b::parse);
                Workers.POOL.execute(task);
                parsed = task;
            } else {
                parsed = CompletableFuture.completedFuture(b.parse());
            }
            pending.add(new Pending(b, parsed));
        }
        long held = carryLength;
        for (Pending p : pending) held += p.block.data.length;
        peakHeld = Math.max(peakHeld, held);
        Pending p = pending.poll();
        if (p == null) return null;
        // a block no worker has started yet is parsed here rather than waited for (run() does nothing once started)
        if (p.parsed instanceof FutureTask<LheEventBlock> task) task.run();
        return await(p.parsed);
    }

    /** The most bytes held at once (blocks read ahead and the piece of an event after the last cut). */
    long peakHeld() {
        return peakHeld;
    }

    /** Reads the next block: as many bytes as a block holds, cut after its last {@code </event>}. */
    private LheEventBlock frame() {
        byte[] buf = new byte[Math.max(blockSize, 2 * carryLength)];
        System.arraycopy(carry, 0, buf, 0, carryLength);
        int n = carryLength;
        int cut;
        while (true) {
            while (n < buf.length && !ended) {
                int r;
                try {
                    r = source.read(buf, n, buf.length - n);
                } catch (IOException | RuntimeException e) {
                    r = -1; // the source keeps the error and throws it again to the XML path, at the same place
                }
                if (r < 0) ended = true;
                else n += r;
            }
            if (ended) {
                cut = n;
                break;
            }
            cut = afterLastEventEnd(buf, n);
            if (cut > 0) break;
            if (buf.length >= LheReader.MAX_EVENT + blockSize) {
                cut = n; // no event ends in here: the block parser stops at once and the XML path reads it
                break;
            }
            buf = Arrays.copyOf(buf, 2 * buf.length);
        }
        carryLength = n - cut;
        if (carry.length < carryLength) carry = new byte[Math.max(carryLength, 2 * carry.length)];
        System.arraycopy(buf, cut, carry, 0, carryLength);
        lastFramed = ended && carryLength == 0;
        return new LheEventBlock(buf, cut, lastFramed);
    }

    /** The position right after the last {@code </event>} (blanks allowed before its '>') in buf[0, n), or -1. */
    static int afterLastEventEnd(byte[] buf, int n) {
        for (int j = n - END_EVENT.length - 1; j >= 0; j--) {
            if (buf[j] != '<' || !Arrays.equals(buf, j, j + END_EVENT.length, END_EVENT, 0, END_EVENT.length)) continue;
            int k = j + END_EVENT.length;
            while (k < n && (buf[k] == ' ' || buf[k] == '\t' || buf[k] == '\n' || buf[k] == '\r')) k++;
            if (k < n && buf[k] == '>') return k + 1;
        }
        return -1;
    }

    /**
     * Puts the bytes from {@code block.data[from]} on back into the source, followed by every block read ahead and the
     * piece after the last cut, in file order; the blocks read ahead are no longer wanted.
     */
    void giveBack(LheEventBlock block, int from) {
        source.unread(carry, 0, carryLength);
        carry = new byte[0];
        carryLength = 0;
        for (var it = pending.descendingIterator(); it.hasNext(); ) {
            Pending p = it.next();
            p.parsed.cancel(false);
            source.unread(p.block.data, 0, p.block.length);
        }
        pending.clear();
        source.unread(block.data, from, block.length);
        lastFramed = true;
    }

    @Override
    public void close() {
        for (Pending p : pending) p.parsed.cancel(false);
        pending.clear();
    }

    /** Waits for a parse without giving up on an interrupt: the reader's own checks see it (the flag stays set). */
    private static LheEventBlock await(Future<LheEventBlock> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // the block parser reports nothing by exception: this is a bug, shown as one
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error r) throw r;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** The parsing threads, one per core, shared by all loads; idle ones end after a while. */
    private static final class Workers {
        static final int THREADS = Runtime.getRuntime().availableProcessors();
        static final ExecutorService POOL = pool();

        private static ExecutorService pool() {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor p = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "hepml-lhe-parse-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            p.allowCoreThreadTimeOut(true);
            return p;
        }
    }
}
