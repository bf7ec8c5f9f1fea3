package org.hepml.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.hepml.engine.HtmlRenderable;
import org.hepml.engine.Progress;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.UUID;

/**
 * One progress display per task, updated in place (Jupyter's update_display_data) rather than printed
 * line after line: a bar, the fraction done, the rate, the time left and the caller's status (e.g. the
 * current loss). Updates are throttled so that reporting every batch costs nothing, and the display
 * appears only once a task has run for a moment, so quick operations leave no clutter behind.
 */
final class NotebookProgress implements Progress {
    private static final long MIN_INTERVAL_NANOS = 200_000_000L;
    private static final long FIRST_SHOW_NANOS = 300_000_000L;

    private final BaseKernel kernel;
    private final Task task;
    private final String displayId = UUID.randomUUID().toString();
    private final long startNanos = System.nanoTime();
    private long lastShownNanos;
    private long done;
    private String status = "";
    private boolean finished;
    private boolean displayed;

    NotebookProgress(BaseKernel kernel, Task task) {
        this.kernel = kernel;
        this.task = task;
    }

    @Override
    public synchronized void update(long done, String status) {
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
        if (task.total() > 0) done = Math.max(done, task.total());
        if (displayed) show("done");
    }

    @Override
    public synchronized void close() {
        if (!finished && displayed) {
            finished = true;
            show(Thread.currentThread().isInterrupted() ? "interrupted" : "stopped");
        }
    }

    private void show(String end) {
        try {
            if (SET_DISPLAY_ID == null) return;
            DisplayData d = render(end);
            if (displayed) {
                kernel.getIO().display.updateDisplay(displayId, d);
            } else {
                SET_DISPLAY_ID.invoke(d, displayId);
                kernel.display(d);
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

    private DisplayData render(String end) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double fraction = task.total() > 0 ? Math.min(1, (double) done / task.total()) : Double.NaN;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = "";
        if (end == null && rate > 0 && task.total() > 0) {
            eta = "ETA " + duration((task.total() - done) / rate);
        }
        String state = end == null ? "" : end + " in " + duration(seconds);
        String text = String.format(Locale.ROOT, "%s: %s %s %s/s %s %s %s", task.title(),
                Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%3.0f%%", 100 * fraction),
                count(done), count((long) rate), task.unit(), eta, state).replaceAll(" +", " ").trim()
                + (status.isEmpty() ? "" : " | " + status);
        String color = "interrupted".equals(end) || "stopped".equals(end) ? "#c60" : "#2a7ab0";
        String html = String.format(Locale.ROOT,
                "<div class='hepml-progress' style='font-family:monospace'>"
                        + "<b>%s</b> <span style='display:inline-block;width:240px;height:10px;border:1px solid #999;"
                        + "vertical-align:middle'><span style='display:block;height:100%%;width:%.1f%%;background:%s'>"
                        + "</span></span> %s &middot; %s %s/s &middot; %s %s<br>%s</div>",
                HtmlRenderable.escape(task.title()), Double.isNaN(fraction) ? 100 : 100 * fraction, color,
                Double.isNaN(fraction) ? count(done) : String.format(Locale.ROOT, "%.0f%%", 100 * fraction),
                count((long) rate), HtmlRenderable.escape(task.unit()), eta, state, HtmlRenderable.escape(status));
        DisplayData d = new DisplayData(text);
        d.putHTML(html);
        return d;
    }

    private static String count(long n) {
        if (n >= 10_000_000) return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        if (n >= 10_000) return String.format(Locale.ROOT, "%.0fk", n / 1e3);
        return Long.toString(n);
    }

    private static String duration(double s) {
        if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", (long) s / 60, (long) s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", (long) s / 3600, ((long) s % 3600) / 60);
    }
}
