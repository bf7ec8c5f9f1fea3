package org.hepml.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a cell that ends in an error reads, in place of JJava's stack traces where hepml knows better:
 * <ul>
 * <li>a magic that failed shows its message, headline in red, then the rest (the usage, what to do), as IPython shows
 * a UsageError: no wrapper chain ("java.lang.RuntimeException: java.lang.RuntimeException, Exception occurred while
 * running line magic ..."), no Java stack trace ({@code %hepml trace} has it);</li>
 * <li>an interrupted magic shows what stopped and what was kept, after waiting (a few seconds at most) for the magic's
 * thread to wind down, so that everything it still reports lands in its own cell;</li>
 * <li>an interrupted Java cell waits the same way for hepml tasks it started, then reads as JJava writes it.</li>
 * </ul>
 * JJava writes every error through its kernel's {@link StringStyler}; this one stands in for it (see
 * {@link KernelInternals}) and hands everything else to the original unchanged. JJava 1.0-a6 formats a failed magic as
 * a separator line ({@link #secondary}) followed by the stack trace text ({@link #secondaryLines}), 1.0-a8 line by line
 * ({@link #secondary}); both format an interrupt as the interrupted source ({@link #primaryLines}) followed by
 * "Evaluation interrupted." ({@link #secondary}).
 */
final class ErrorDisplay extends StringStyler {
    static final long INTERRUPT_WAIT_MILLIS = 10_000;
    private static final long PENDING_NANOS = 10_000_000_000L;
    private static final String RED = "\u001b[1;31m", RESET = "\u001b[0m";
    private static final Pattern MAGIC_CALL = Pattern.compile(
            "BaseNotebookStatics\\.(line|cell)Magic\\(new String\\(java\\.util\\.Base64\\.getDecoder\\(\\)\\.decode\\(\"([A-Za-z0-9+/=]*)\"\\)\\)");

    private static volatile boolean installed;
    /** A magic's failure that JJava is about to format (set on the magic's thread just before it throws). */
    private static volatile Pending pending;

    private final StringStyler jjava;
    private final BaseKernel kernel;
    /** The last line of an interrupt report, written where JJava writes "Evaluation interrupted." */
    private String interruptTail;

    private record Pending(String headline, List<String> rest, long nanos, boolean[] headlineShown) {
        Pending(String headline, List<String> rest) {
            this(headline, rest, System.nanoTime(), new boolean[1]);
        }

        boolean fresh() {
            return System.nanoTime() - nanos < PENDING_NANOS;
        }

        /** The lines still to show: the headline (in red) unless it took the separator's place, then the rest. */
        List<String> lines() {
            List<String> out = new ArrayList<>();
            if (!headlineShown[0]) out.add(RED + headline + RESET);
            out.addAll(rest);
            return out;
        }
    }

    private ErrorDisplay(StringStyler jjava, BaseKernel kernel) {
        super("", "", "", line -> "");
        this.jjava = jjava;
        this.kernel = kernel;
    }

    /** Puts hepml's error display in place for {@code kernel}; false (JJava's stays) if this kernel does not allow it. */
    static boolean install(BaseKernel kernel) {
        installed = KernelInternals.wrapErrorStyler(kernel, s -> s instanceof ErrorDisplay ? s : new ErrorDisplay(s, kernel));
        return installed;
    }

    /**
     * The exception with which a magic fails the cell, {@code message} being what the user should read. Without hepml's
     * display in place, the message goes to stderr first and the cell fails with its headline. {@code cellFails}: false
     * when the cell has already ended (an interrupt), so that nothing is announced for JJava to format.
     */
    static RuntimeException failure(String message, boolean cellFails) {
        List<String> lines = new ArrayList<>(message.strip().lines().toList());
        String headline = lines.isEmpty() ? "The magic failed." : lines.remove(0);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) lines.remove(lines.size() - 1);
        if (!cellFails) {
            // nothing to show: the interrupted cell has reported already
        } else if (installed) {
            pending = new Pending(headline, lines);
        } else {
            System.err.println(message.strip());
        }
        return new MagicFailed(headline);
    }

    /**
     * Fails the cell; the message is shown by {@link ErrorDisplay}, so the exception has no stack trace. It is an
     * {@link UndefinedMagicException} only because that is the one exception JJava passes on from a magic as it is,
     * without wrapping it in "Exception occurred while running line magic ..." (BaseNotebookStatics): so the error
     * JJava formats is this one line, whatever the release's format.
     */
    static final class MagicFailed extends UndefinedMagicException {
        private final String message;

        MagicFailed(String message) {
            super("hepml", true);
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    // ---- a failed magic: JJava's separator line, then the stack trace text ----

    @Override
    public String secondary(String src) {
        Pending p = pending;
        if (p != null && p.fresh() && src != null && src.matches("-{20,}")) {
            p.headlineShown()[0] = true;
            return RED + p.headline() + RESET; // the separator's place takes the headline
        }
        if (p != null && p.fresh() && src != null && src.contains(p.headline())) {
            // a release that writes the error line by line: the exception's line takes the whole message
            pending = null;
            return String.join("\n", p.lines());
        }
        if (interruptTail != null && src != null && src.startsWith("Evaluation interrupted")) {
            String tail = interruptTail;
            interruptTail = null;
            return tail;
        }
        return jjava.secondary(src);
    }

    @Override
    public List<String> secondaryLines(String src) {
        Pending p = pending;
        if (p != null && p.fresh() && src != null && src.contains(p.headline())) {
            pending = null;
            return p.lines();
        }
        return jjava.secondaryLines(src);
    }

    // ---- an interrupt: JJava's lines of the interrupted source, then "Evaluation interrupted." ----

    @Override
    public List<String> primaryLines(String src) {
        Object cell = KernelInternals.currentCell(kernel);
        MagicRun run = MagicRun.latest();
        String magic = src == null ? null : interruptedMagic(src);
        if (run != null && magic != null && magic.equals(run.name) && (run.cell == cell || cell == KernelInternals.UNKNOWN_CELL)) {
            run.awaitEnd(INTERRUPT_WAIT_MILLIS);
            List<String> report = new ArrayList<>();
            report.add(RED + "Interrupted: " + run.command + RESET);
            report.addAll(wrap(run.interruptReport(INTERRUPT_WAIT_MILLIS)));
            interruptTail = report.size() > 1 ? report.remove(report.size() - 1) : "";
            return report;
        }
        // a Java cell: let hepml tasks it started finish reporting before the cell ends
        NotebookProgress.awaitClosed(cell, INTERRUPT_WAIT_MILLIS / 2);
        return jjava.primaryLines(src);
    }

    /** The name of the magic whose call JJava made of {@code src} ({@code %name ...} transpiled), or null. */
    static String interruptedMagic(String src) {
        Matcher m = MAGIC_CALL.matcher(src);
        if (!m.find()) return null;
        try {
            return new String(Base64.getDecoder().decode(m.group(2)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> wrap(String text) {
        return text.lines().toList();
    }

    // ---- everything else as JJava writes it ----

    @Override
    public String primary(String src) {
        return jjava.primary(src);
    }

    @Override
    public String highlight(String src) {
        return jjava.highlight(src);
    }

    @Override
    public String highlightSubstring(String src, int start, int end) {
        return jjava.highlightSubstring(src, start, end);
    }

    @Override
    public String primaryLine(int lineNum, String line) {
        return jjava.primaryLine(lineNum, line);
    }

    @Override
    public String secondaryLine(int lineNum, String line) {
        return jjava.secondaryLine(lineNum, line);
    }

    @Override
    public String highlightLine(int lineNum, String line) {
        return jjava.highlightLine(lineNum, line);
    }

    @Override
    public List<String> highlightLines(String src) {
        return jjava.highlightLines(src);
    }

    @Override
    public List<String> highlightSubstringLines(String src, int start, int end) {
        return jjava.highlightSubstringLines(src, start, end);
    }
}
