package org.hepml.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The hepml version, read from the jar's Maven metadata (or "dev" when run from classes). */
public final class Version {
    private Version() {
    }

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/org/hepml/engine/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
