package org.hepml.spark;

import org.hepml.engine.TaskRunner;

/**
 * What {@code --on} accepts once the hepml-spark module is on the class path: {@code spark}, a Spark cluster on this
 * machine that hepml starts, one worker per core ({@link LocalhostCluster}; or the master in {@code HEPML_SPARK_MASTER}
 * / {@code -Dhepml.spark.master} when set); {@code
 * spark://host:port}, a standalone cluster; {@code spark:MASTER}, any master URL Spark takes ({@code spark:local[2]},
 * {@code spark:yarn}, {@code spark:k8s://https://host:443}).
 */
public final class SparkRunnerProvider implements TaskRunner.Provider {

    @Override
    public TaskRunner runner(String where) {
        String master = master(where);
        return master == null ? null : new SparkRunner(master);
    }

    /** The Spark master URL of a {@code --on} value, or null when it is not one of Spark's. */
    static String master(String where) {
        if (where.equals("spark")) {
            String configured = System.getProperty("hepml.spark.master", System.getenv("HEPML_SPARK_MASTER"));
            if (configured != null && !configured.isBlank()) return configured.trim();
            return embedded().url();
        }
        if (where.startsWith("spark://")) return where;
        if (where.startsWith("spark:") && where.length() > "spark:".length()) return where.substring("spark:".length());
        return null;
    }

    private static LocalhostCluster embedded;

    /**
     * The cluster {@code --on spark} starts on this machine the first time: one worker per core (DJL trains one network
     * per JVM, so replicas run side by side only in executors of their own), stopped when this JVM exits.
     */
    static synchronized LocalhostCluster embedded() {
        if (embedded == null) {
            int workers = Integer.getInteger("hepml.spark.workers", Runtime.getRuntime().availableProcessors());
            java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "hepml-spark-" + ProcessHandle.current().pid());
            embedded = new LocalhostCluster(workers, "1g", home); // stopped by its own shutdown hook
        }
        return embedded;
    }

    @Override
    public String accepts() {
        return "spark (a Spark cluster on this machine), spark://host:port (a standalone cluster), spark:MASTER (any Spark master URL)";
    }
}
