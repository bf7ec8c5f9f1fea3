package org.hepml.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one Spark context of this JVM (Spark allows one): started on first use for a master, replaced when another
 * master is asked for. Settings come from Spark's own {@code spark.*} system properties (a cluster's {@code spark.jars},
 * memory, ...) over hepml's defaults, which make the executors train as the engine here does: DJL offline with the
 * natives from its jar, one intra-op thread per task core, libtorch's thread counts fixed.
 */
public final class SparkContexts {
    /** The engine's JVM settings the executors need (DJL's, logging), passed on as they are set here. */
    private static final List<String> PASSED_PROPERTIES = List.of("ai.djl.", "DJL_CACHE_DIR", "org.slf4j.simpleLogger.");
    /** libtorch and its BLAS threads: fixed counts, so same-seed trainings round the same way as here. */
    private static final List<String> PASSED_ENVIRONMENT = List.of("MKL_DYNAMIC", "OMP_DYNAMIC", "OMP_WAIT_POLICY", "HEPML_PYTHON");

    private static JavaSparkContext current;
    private static String currentMaster;

    private SparkContexts() {
    }

    static synchronized JavaSparkContext get(String master) {
        if (current != null && master.equals(currentMaster) && !current.sc().isStopped()) return current;
        stop();
        // Spark's threads inherit this loader: in the kernel hepml's classes come from the kernel's own class loader,
        // which must also be the one that reads the units' results back
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(SparkContexts.class.getClassLoader());
        try {
            current = new JavaSparkContext(conf(master));
        } finally {
            thread.setContextClassLoader(before);
        }
        current.setLogLevel("WARN");
        currentMaster = master;
        return current;
    }

    /** Stops the context (and with it the local executors or the application on the cluster). */
    public static synchronized void stop() {
        if (current != null) current.stop();
        current = null;
        currentMaster = null;
    }

    static SparkConf conf(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("hepml");
        setIfAbsent(conf, "spark.ui.enabled", "false");
        // one core per task: each unit trains with one intra-op thread, the engine's choice for its small networks
        setIfAbsent(conf, "spark.task.cpus", "1");
        setIfAbsent(conf, "spark.executor.cores", "1");
        setIfAbsent(conf, "spark.executor.memory", "1g");
        // a lost worker: its tasks run again elsewhere, and again, before the job fails
        setIfAbsent(conf, "spark.task.maxFailures", "4");
        // a cluster on this machine runs this JVM's classes; a remote one gets them through spark.jars (docs/SPARK.md)
        if (master.startsWith("spark://127.0.0.1:") || master.startsWith("spark://localhost:")) {
            setIfAbsent(conf, "spark.executor.extraClassPath", LocalhostCluster.executorClassPath());
        }
        List<String> options = new ArrayList<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (PASSED_PROPERTIES.stream().anyMatch(key::startsWith)) options.add("-D" + key + "=" + System.getProperty(key));
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) options.add("-Dai.djl.pytorch.num_threads=" + conf.get("spark.task.cpus"));
        String extra = conf.get("spark.executor.extraJavaOptions", "");
        conf.set("spark.executor.extraJavaOptions", (String.join(" ", options) + " " + extra).trim());
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (PASSED_ENVIRONMENT.contains(e.getKey()) && !conf.contains("spark.executorEnv." + e.getKey())) {
                conf.setExecutorEnv(e.getKey(), e.getValue());
            }
        }
        return conf;
    }

    private static void setIfAbsent(SparkConf conf, String key, String value) {
        if (!conf.contains(key)) conf.set(key, value);
    }
}
