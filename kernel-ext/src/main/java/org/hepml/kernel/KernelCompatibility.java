package org.hepml.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which JJava releases hepml is tested with, and a warning for a kernel outside them. The pinned release is the one
 * binder/requirements.txt installs; the newest is the newest on PyPI when this was written, which the test command
 * also runs the kernel tests against (tests/test_kernel.py).
 */
final class KernelCompatibility {
    static final String OLDEST = "1.0-a6";
    static final String NEWEST = "1.0-a8";
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:-?(a|b|rc)(\\d+))?(?:-SNAPSHOT)?");

    private KernelCompatibility() {
    }

    /** The running kernel's JJava version (as its jar's Maven metadata gives it), or null if it cannot be told. */
    static String runningVersion() {
        try (InputStream in = BaseKernel.class.getResourceAsStream("/META-INF/maven/org.dflib.jjava/jjava-jupyter/pom.properties")) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            return null;
        }
    }

    /** Null when {@code version} lies in the tested range (or cannot be read); else one line naming the range. */
    static String warning(String version) {
        if (version == null) return null;
        long v = rank(version);
        if (v < 0) return null;
        if (v >= rank(OLDEST) && v <= rank(NEWEST)) return null;
        return "hepml: this kernel is JJava " + version + ", outside the releases hepml is tested with (" + OLDEST + " to "
                + NEWEST + ")" + (v < rank(OLDEST) ? "; install a newer one: pip install -U jjava." : "; if something fails, tell us which.");
    }

    /** Orders versions: 1.0-a6 < 1.0-b1 < 1.0-rc1 < 1.0 < 1.0.1 < 1.1; -1 for a string that is not a version. */
    static long rank(String version) {
        Matcher m = VERSION.matcher(version.trim());
        if (!m.matches()) return -1;
        long major = Long.parseLong(m.group(1)), minor = Long.parseLong(m.group(2));
        long patch = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        long stage = m.group(4) == null ? 3 : switch (m.group(4)) {
            case "a" -> 0;
            case "b" -> 1;
            default -> 2;
        };
        long pre = m.group(5) == null ? 0 : Math.min(999, Long.parseLong(m.group(5)));
        return (((major * 1000 + minor) * 1000 + patch) * 4 + stage) * 1000 + pre;
    }
}
