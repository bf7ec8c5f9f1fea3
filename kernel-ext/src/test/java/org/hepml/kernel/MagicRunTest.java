package org.hepml.kernel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** An interrupted magic stops even when the kernel's one interrupt is swallowed on its way (as in a progress update). */
class MagicRunTest {

    /** A magic that loses the first interrupt it sees (what a send in the messaging library can do) and then runs on. */
    private static Thread magicLosingItsFirstInterrupt(AtomicReference<MagicRun> run, CountDownLatch started) {
        Thread t = new Thread(() -> {
            MagicRun r = MagicRun.start("train", "%train ratio", null);
            run.set(r);
            started.countDown();
            try {
                boolean lost = false;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < until) {
                    if (Thread.currentThread().isInterrupted()) {
                        if (lost) break;
                        Thread.interrupted(); // swallowed
                        lost = true;
                    }
                    Thread.onSpinWait();
                }
                r.returned(null, Thread.currentThread().isInterrupted());
            } finally {
                r.end();
            }
        }, "magic");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aSwallowedInterruptIsDeliveredAgainWhileTheCellWaits() throws Exception {
        AtomicReference<MagicRun> run = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread magic = magicLosingItsFirstInterrupt(run, started);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        magic.interrupt(); // the kernel's interrupt, which the magic loses
        long t0 = System.nanoTime();
        boolean ended = run.get().awaitEnd(ErrorDisplay.INTERRUPT_WAIT_MILLIS);
        double waited = (System.nanoTime() - t0) / 1e9;
        assertThat(ended).as("the magic ended within the wait").isTrue();
        // one re-delivery period, with room for a slow machine; without re-delivery it runs for 60 s
        assertThat(waited).isLessThan(5);
        assertThat(run.get().interruptReport(ErrorDisplay.INTERRUPT_WAIT_MILLIS)).isEqualTo("It stopped.");
    }

    @Test
    void anEndedRunsThreadIsNotInterruptedAgain() throws Exception {
        AtomicReference<MagicRun> run = new AtomicReference<>();
        Thread t = new Thread(() -> {
            MagicRun r = MagicRun.start("events", "%events list", null);
            run.set(r);
            r.returned(null, false);
            r.end();
        });
        t.start();
        t.join();
        // the thread that ran it is gone to other work: waiting on an ended run returns at once and touches nothing
        assertThat(run.get().awaitEnd(1000)).isTrue();
        assertThat(t.isInterrupted()).isFalse();
    }
}
