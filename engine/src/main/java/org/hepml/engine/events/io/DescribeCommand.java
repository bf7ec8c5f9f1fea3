package org.hepml.engine.events.io;

import org.hepml.engine.HepmlException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hepml describe FILE [--json]}: what a physicist checks first about an event file (see DESCRIBE.md).
 * Exit status 0 on success, 1 when the file cannot be read (the message says where and why), 2 for bad usage.
 */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Describe an event file (LHE, HepMC3, HepMC2, LHEH5, HDF5, CSV): format, events, weights, beams, cross sections, first event.")
public final class DescribeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the event file (.lhe, .lhe.gz, .hepmc, .hepmc2, .h5, .csv)")
    Path file;

    @Option(names = "--json", description = "print one JSON object instead of text (keys in DESCRIBE.md)")
    boolean json;

    @Option(names = "--format", paramLabel = "FORMAT", description = "force the format: " + EventFormat.KNOWN)
    String format;

    @Option(names = {"--group", "--dataset"}, paramLabel = "HDF5_PATH", description = "HDF5: the group or dataset holding the table (a file of several tables)")
    String group;

    /**
     * Standard output is for the description only (--json must parse): library log lines go to standard error, and
     * only warnings. jHDF ships a simplelogger.properties that sends INFO lines to standard output; system properties
     * take precedence over it, but only if set before the first logger is made, hence first thing in main.
     */
    static void quietLibraries() {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // jHDF warns about padding that h5py writes routinely ("buffer still has 3 bytes remaining"): not the user's business
        if (System.getProperty("org.slf4j.simpleLogger.log.io.jhdf") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.jhdf", "error");
        }
    }

    @Override
    public Integer call() {
        try {
            LoadOptions o = LoadOptions.defaults();
            if (format != null) o = o.format(EventFormat.parse(format));
            if (group != null) o = o.group(group);
            EventFileSummary s = EventFiles.load(file, o).summary();
            System.out.println(json ? s.toJson() : s.toString());
            return 0;
        } catch (HepmlException e) {
            System.err.println("hepml describe: " + e.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        quietLibraries();
        System.exit(new CommandLine(new DescribeCommand()).execute(args));
    }
}
