package org.hepml.magics;

import org.hepml.engine.HepmlException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What the notebook shows when a magic fails: one readable message, as IPython shows a UsageError, never a wrapper
 * chain or a Java stack trace. A {@link HepmlException} already speaks to the user (what, where, what to do); anything
 * else is a bug in hepml and says so. The last failure is kept, so that {@code %hepml trace} can show its stack trace.
 */
public final class MagicErrors {
    private static volatile Failure last;

    private MagicErrors() {
    }

    /** One failure of a magic: the command as typed, the exception and when. */
    public record Failure(String command, Throwable error, LocalTime at) {
        /** The stack trace, headed by the command and the time. */
        public String trace() {
            StringWriter w = new StringWriter();
            error.printStackTrace(new PrintWriter(w, true));
            return "The last error, from " + command + " at " + at.truncatedTo(ChronoUnit.SECONDS) + ":\n" + w.toString().stripTrailing();
        }
    }

    /** The message for {@code error}, thrown by the magic {@code %name}; its first line is the headline. */
    public static String message(String name, Throwable error) {
        if (error instanceof HepmlException h) {
            String m = h.getMessage() == null ? "" : h.getMessage().strip();
            return m.isEmpty() ? "%" + name + " failed." : m;
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root && isWrapper(root)) root = root.getCause();
        if (root instanceof HepmlException h) return message(name, h);
        String what = root instanceof OutOfMemoryError
                ? "%" + name + " ran out of memory (" + root.getMessage() + "). Use fewer events or a smaller network, or give the kernel"
                  + " more memory (HEPML_JVM_OPTS=-Xmx...)."
                : "%" + name + " failed with an unexpected " + root.getClass().getSimpleName()
                  + (root.getMessage() == null ? "" : ": " + root.getMessage().strip()) + ".";
        return what + "\nThis is a bug in hepml, not in your input; %hepml trace shows where it happened (please include it when you report it).";
    }

    /** An exception that only carries another (picocli's and reflection's wrappers, a bare RuntimeException). */
    private static boolean isWrapper(Throwable t) {
        return t.getClass() == RuntimeException.class || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.util.concurrent.CompletionException || t instanceof java.lang.reflect.InvocationTargetException
                || t instanceof java.lang.reflect.UndeclaredThrowableException || t instanceof picocli.CommandLine.ExecutionException;
    }

    /** Remembers a failure for {@code %hepml trace}. */
    public static void record(String name, List<String> args, String body, Throwable error) {
        last = new Failure(command(name, args, body), error, LocalTime.now());
    }

    /** The last failure of a magic in this kernel, or null. */
    public static Failure last() {
        return last;
    }

    /** The command as the user typed it, in one line: {@code %train ratio --data train ...}. */
    public static String command(String name, List<String> args, String body) {
        StringBuilder b = new StringBuilder(body == null ? "%" : "%%").append(name);
        for (String a : args) b.append(' ').append(a.contains(" ") ? "\"" + a + "\"" : a);
        if (body != null && !body.isBlank()) b.append(" …");
        return b.toString();
    }
}
