package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code hepml_bridge.py} (a resource beside this class) with the project's Python, where the field's own readers
 * live: uproot for ROOT, pyarrow for Parquet. Data cross the pipe as Arrow IPC streams. The Python is
 * {@code -Dhepml.python}, else {@code $HEPML_PYTHON} (set by {@code ./hepml} to its virtual environment), else
 * {@code python3} on the PATH.
 */
final class PythonBridge implements AutoCloseable {
    private static Path script;

    private final Process process;
    private final String what;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrPump;

    private PythonBridge(Process process, String what) {
        this.process = process;
        this.what = what;
        // drained on its own thread, so a chatty library can never fill the pipe and stall the data stream
        this.stderrPump = new Thread(() -> {
            try (InputStream err = process.getErrorStream()) {
                err.transferTo(stderr);
            } catch (IOException ignored) {
                // the process is gone; its exit status says what happened
            }
        }, "hepml-bridge-stderr");
        stderrPump.setDaemon(true);
        stderrPump.start();
    }

    /** Starts {@code hepml_bridge.py COMMAND ARGS...}; {@code what} names the file in errors. */
    static PythonBridge start(String what, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(python());
        cmd.add(script().toString());
        cmd.addAll(args);
        try {
            return new PythonBridge(new ProcessBuilder(cmd).start(), what);
        } catch (IOException e) {
            throw new HepmlException(what + ": cannot start Python (" + python() + ") to read it: " + e.getMessage()
                    + ". ROOT and Parquet files are read by uproot and pyarrow; run hepml through ./hepml (which sets it up), "
                    + "or point HEPML_PYTHON at a Python with them (pip install uproot awkward pyarrow).", e);
        }
    }

    static String python() {
        String p = System.getProperty("hepml.python");
        if (p == null || p.isBlank()) p = System.getenv("HEPML_PYTHON");
        return p == null || p.isBlank() ? "python3" : p;
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * Waits for the process and turns a failure into the error the user sees: the bridge's own message
     * ("hepml-bridge-error: ...") where it gave one, else the end of what Python printed.
     */
    void finish() {
        int status;
        try {
            status = process.waitFor();
            stderrPump.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new HepmlException(what + ": interrupted while Python was reading it.", e);
        }
        if (status != 0) throw new HepmlException(what + ": " + failure(status));
    }

    /** What went wrong, once the process has ended (for errors found while reading its stream). */
    String failure(int status) {
        String err = stderr.toString(StandardCharsets.UTF_8).strip();
        int at = err.lastIndexOf("hepml-bridge-error: ");
        if (at >= 0) return err.substring(at + "hepml-bridge-error: ".length()).lines().findFirst().orElse("") + ".";
        String tail = err.length() > 600 ? "…" + err.substring(err.length() - 600) : err;
        return "Python (" + python() + ") failed with status " + status + (tail.isEmpty() ? "." : ": " + tail);
    }

    /** The bridge's failure if it has already ended with one, else null (for a stream that broke off). */
    String failureIfEnded() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) return null;
            stderrPump.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return process.exitValue() == 0 ? null : failure(process.exitValue());
    }

    @Override
    public void close() {
        // an interrupt or an error on our side: the Python process must not outlive the read
        if (process.isAlive()) process.destroyForcibly();
    }

    private static synchronized Path script() {
        if (script == null) {
            try (InputStream in = PythonBridge.class.getResourceAsStream("hepml_bridge.py")) {
                if (in == null) throw new IllegalStateException("hepml_bridge.py is missing from the hepml engine jar");
                Path p = Files.createTempFile("hepml_bridge", ".py");
                Files.write(p, in.readAllBytes());
                p.toFile().deleteOnExit();
                script = p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return script;
    }
}
