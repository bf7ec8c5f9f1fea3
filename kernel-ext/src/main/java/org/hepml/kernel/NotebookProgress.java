package org.hepml.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Progress;
import org.hepml.engine.Quantities;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One progress display per task, updated in place (Jupyter's update_display_data) rather than printed
 * line after line: a bar, done/total, the rate in scaled units, the time left and the caller's status (e.g. the
 * current loss). Updates are throttled so that reporting every batch costs nothing, and the display
 * appears only once a task has run for a moment, so quick operations leave no clutter behind. A display belongs to
 * the cell that started its task: once that cell has ended (an interrupt ends it while the task winds down) the
 * display is never updated again, so no stale progress lands in a later cell.
 */
final class NotebookProgress implements Progress {
    private static final long MIN_INTERVAL_NANOS = 200_000_000L;
    private static final long FIRST_SHOW_NANOS = 300_000_000L;
    /** Tasks started and not yet closed, for an interrupt to wait on. */
    private static final Set<NotebookProgress> OPEN = ConcurrentHashMap.newKeySet();

    private final BaseKernel kernel;
    private final Task task;
    private final Object cell;
    private final String displayId = UUID.randomUUID().toString();
    private final long startNanos = System.nanoTime();
    /** The thread that started the task, to interrupt again while an interrupted cell waits for it. */
    private final Thread owner = Thread.currentThread();
    private long lastShownNanos;
    private double done;
    private String status = "";
    private boolean finished;
    private boolean displayed;
    private boolean orphaned;

    NotebookProgress(BaseKernel kernel, Task task) {
        this.kernel = kernel;
        this.task = task;
        this.cell = KernelInternals.currentCell(kernel);
        OPEN.add(this);
    }

    @Override
    public void update(long done, String status) {
        updateFraction(done, status);
    }

    @Override
    public synchronized void updateFraction(double done, String status) {
        this.done = done;
        this.status = status == null ? "" : status;
        long now = System.nanoTime();
        if (displayed ? now - lastShownNanos >= MIN_INTERVAL_NANOS : now - startNanos >= FIRST_SHOW_NANOS) {
            lastShownNanos = now;
            show(null);
        }
    }

    @Override
    public synchronized void finish(String status) {
        finished = true;
        if (status != null) this.status = status;
        if (task.total() > 0 && !Thread.currentThread().isInterrupted()) done = Math.max(done, task.total());
        if (displayed) show(Thread.currentThread().isInterrupted() ? "stopped" : "done");
    }

    @Override
    public synchronized void close() {
        try {
            if (!finished && displayed) {
                finished = true;
                show(Thread.currentThread().isInterrupted() ? "interrupted" : "stopped");
            }
        } finally {
            OPEN.remove(this);
        }
    }

    /**
     * Waits up to {@code millis} until no task started in the interrupted {@code cell} is open; returns at once if none
     * is. Meanwhile each open task's thread is interrupted again every {@link MagicRun#REDELIVER_MILLIS}, as for a magic:
     * the kernel's one interrupt can be lost in a progress update.
     */
    static void awaitClosed(Object cell, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L, redeliverAt = System.nanoTime();
        while (OPEN.stream().anyMatch(p -> p.cell == cell) && System.nanoTime() < deadline) {
            if (System.nanoTime() - redeliverAt >= MagicRun.REDELIVER_MILLIS * 1_000_000L) {
                redeliverAt = System.nanoTime();
                for (NotebookProgress p : OPEN) if (p.cell == cell) p.redeliverInterrupt();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Interrupts the task's thread if the task is still open (once closed, that thread may be doing later work). */
    private synchronized void redeliverInterrupt() {
        if (OPEN.contains(this)) KernelInternals.interruptOutsidePublish(owner);
    }

    private void show(String end) {
        if (orphaned) return;
        if (!KernelInternals.stillRunning(kernel, cell)) {
            orphaned = true; // its cell has ended: never write into another one
            return;
        }
        try {
            if (SET_DISPLAY_ID == null) return;
            DisplayData d = render(end);
            if (displayed) {
                KernelInternals.publish(() -> kernel.getIO().display.updateDisplay(displayId, d));
            } else {
                SET_DISPLAY_ID.invoke(d, displayId);
                KernelInternals.publish(() -> kernel.display(d));
                displayed = true;
            }
        } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
            // The cell may have ended (interrupt), or the kernel's API may differ from the one compiled against: a
            // progress display must never fail the work it reports on.
        }
    }

    /**
     * DisplayData.setDisplayId returns void in jjava 1.0a6 and DisplayData in later releases (1.0a8): a direct call is bound to
     * one return type and fails with NoSuchMethodError on the other, so it is looked up by name and parameters.
     */
    private static final Method SET_DISPLAY_ID = setDisplayId();

    private static Method setDisplayId() {
        try {
            return DisplayData.class.getMethod("setDisplayId", String.class);
        } catch (NoSuchMethodException e) {
            return null; // no updatable displays in this kernel: show no progress rather than a scroll of lines
        }
    }

    /** The parts of the display: fraction, done/total, rate, time left or taken, in that order; empty parts left out. */
    record Line(String percent, String amount, String rate, String time) {
        String text() {
            StringBuilder b = new StringBuilder();
            for (String s : new String[]{percent, amount, rate, time}) {
                if (s.isEmpty()) continue;
                if (!b.isEmpty()) b.append(" \u00b7 ");
                b.append(s);
            }
            return b.toString();
        }
    }

    /** What the display says after {@code seconds} with {@code done} of {@code total} (≤ 0: unknown) units; {@code end} null while running. */
    static Line line(double done, long total, String unit, double seconds, String end) {
        double fraction = total > 0 ? Math.min(1, done / total) : Double.NaN;
        String percent = Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%.0f%%", Math.floor(100 * fraction));
        String amount = total > 0
                ? (Quantities.count(done, unit).replace(" " + unit, "") + "/" + Quantities.count(total, unit))
                : Quantities.count(done, unit);
        double rate = seconds > 0 ? done / seconds : 0;
        String time;
        if (end != null) {
            time = end + " after " + Quantities.duration(seconds);
        } else if (total > 0 && done > 0 && rate > 0) {
            time = "ETA " + Quantities.duration((total - done) / rate);
        } else {
            time = Quantities.duration(seconds);
        }
        return new Line(percent, amount, Quantities.rate(rate, unit), time);
    }

    private DisplayData render(String end) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Line l = line(done, task.total(), task.unit(), seconds, end);
        String text = task.title() + ": " + l.text() + (status.isEmpty() ? "" : " | " + status);
        double fraction = task.total() > 0 ? Math.min(1, done / task.total()) : Double.NaN;
        String color = "interrupted".equals(end) || "stopped".equals(end) ? "#c60" : "#2a7ab0";
        String html = String.format(Locale.ROOT,
                "<div class='hepml-progress' style='font-family:monospace'>"
                        + "<b>%s</b> <span style='display:inline-block;width:240px;height:10px;border:1px solid #999;"
                        + "vertical-align:middle'><span style='display:block;height:100%%;width:%.1f%%;background:%s'>"
                        + "</span></span> %s<br>%s</div>",
                HtmlRenderable.escape(task.title()), Double.isNaN(fraction) ? 100 : 100 * fraction, color,
                HtmlRenderable.escape(l.text()), HtmlRenderable.escape(status));
        DisplayData d = new DisplayData(text);
        d.putHTML(html);
        return d;
    }
}
