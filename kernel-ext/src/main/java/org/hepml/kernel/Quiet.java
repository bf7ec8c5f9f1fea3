package org.hepml.kernel;

/**
 * Silences library log lines that are not the notebook user's business, before those libraries make their loggers.
 * jHDF warns at WARN level that "Writing files is in alpha" whenever an HDF5 file is written and that a message
 * "buffer still has 3 bytes remaining" when it reads attribute messages with padding, which h5py writes routinely; both
 * would appear in the cell as red stderr. The launcher (./hepml kernel) and the Maven test runs set the same level;
 * this covers a JJava started any other way. A level set explicitly (-D on the command line) is left alone.
 */
final class Quiet {
    static final String JHDF_LEVEL = "org.slf4j.simpleLogger.log.io.jhdf";

    private Quiet() {
    }

    static void libraries() {
        if (System.getProperty(JHDF_LEVEL) == null) System.setProperty(JHDF_LEVEL, "error");
    }
}
