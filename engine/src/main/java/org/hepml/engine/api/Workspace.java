package org.hepml.engine.api;

import org.hepml.engine.Cancelled;
import org.hepml.engine.HepmlException;
import org.hepml.engine.events.Dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one registry of named results (datasets, models, unfoldings, scans) that the magics and Java cells
 * share. Registration is the last step of any operation and happens all at once, so an interrupted or
 * failed operation leaves the workspace as it was.
 */
public final class Workspace {
    private static final Workspace GLOBAL = new Workspace();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private final Map<String, Object> entries = Collections.synchronizedMap(new LinkedHashMap<>());

    /** The workspace of this kernel (one per JVM). */
    public static Workspace global() {
        return GLOBAL;
    }

    /** A separate workspace, for tests and for programs that want their own. */
    public Workspace() {
    }

    /**
     * Stores a result under a name, replacing what was there. Refuses to store anything once the calling
     * thread has been interrupted, because the operation that made the value was cut short.
     */
    public <T> T put(String name, T value) {
        checkName(name);
        Cancelled.check("Storing '" + name + "'");
        entries.put(name, value);
        return value;
    }

    /**
     * Stores a result that was deliberately kept from an interrupted operation (a training stopped early keeps
     * its best state), even though the thread is interrupted; the interrupt flag stays set for the caller.
     */
    public <T> T putKept(String name, T value) {
        boolean interrupted = Thread.interrupted();
        try {
            return put(name, value);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new HepmlException("'" + name + "' is not a usable name: use letters, digits, '_', '.' or '-',"
                    + " starting with a letter or '_'.");
        }
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The value stored under {@code name}, with a helpful error if there is none. */
    public Object get(String name) {
        Object v = entries.get(name);
        if (v == null) {
            throw new HepmlException("Nothing is stored under '" + name + "'. " + available());
        }
        return v;
    }

    /** The value under {@code name} if it is of the given kind, else an error saying what it is. */
    public <T> T get(String name, Class<T> kind, String kindName) {
        Object v = get(name);
        if (!kind.isInstance(v)) {
            throw new HepmlException("'" + name + "' is a " + describe(v) + ", not a " + kindName + ".");
        }
        return kind.cast(v);
    }

    public Dataset dataset(String name) {
        return get(name, Dataset.class, "dataset");
    }

    public List<Dataset> datasets() {
        List<Dataset> out = new ArrayList<>();
        synchronized (entries) {
            for (Object v : entries.values()) {
                if (v instanceof Dataset d) out.add(d);
            }
        }
        return out;
    }

    /** Removes and returns the entry, or fails if there is none. */
    public Object drop(String name) {
        Object v = entries.remove(name);
        if (v == null) {
            throw new HepmlException("Nothing is stored under '" + name + "'. " + available());
        }
        return v;
    }

    public void clear() {
        entries.clear();
    }

    /** A snapshot of the names and values, in the order they were stored. */
    public Map<String, Object> entries() {
        synchronized (entries) {
            return new LinkedHashMap<>(entries);
        }
    }

    private String available() {
        var all = entries();
        // what %events load keeps of a file (NAME.file) goes with its dataset NAME
        var names = all.keySet().stream().filter(n -> !(n.endsWith(".file") && all.containsKey(n.substring(0, n.length() - 5)))).toList();
        return names.isEmpty() ? "The workspace is empty." : "Stored: " + String.join(", ", names) + ".";
    }

    static String describe(Object v) {
        if (v instanceof Dataset) return "dataset";
        return v.getClass().getSimpleName();
    }
}
