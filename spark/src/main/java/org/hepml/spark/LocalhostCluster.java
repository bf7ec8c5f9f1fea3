package org.hepml.spark;

import org.hepml.engine.HepmlException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Spark cluster on this machine: a master and workers as separate JVMs (one core each), started from
 * this JVM's class path and stopped by {@link #close} (or when this JVM exits). It is what {@code --on spark} starts:
 * DJL trains one network at a time per JVM (its gradient collector is global), so replicas train side by side only in
 * executors of their own, one per worker. Spark's worker builds each executor's class path from {@code
 * SPARK_HOME/jars} (here an empty folder) and the application's {@code spark.executor.extraClassPath}, which
 * {@link #executorClassPath} gives: the executors run the very classes of this JVM. Logs go to {@code <home>/logs}.
 */
public final class LocalhostCluster implements AutoCloseable {
    private final Path home;
    private final Path logs;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final String url;
    /** Stops the cluster if this JVM exits without {@link #close} (an interrupted test run, a kernel shut down). */
    private final Thread onExit = new Thread(this::stopProcesses, "hepml-spark-cluster-stop");

    /**
     * Starts a master and {@code workers} workers of one core and {@code workerMemory} (Spark's form, "1g") each;
     * {@code home} holds the empty {@code jars} folder, the workers' folders and the logs.
     */
    public LocalhostCluster(int workers, String workerMemory, Path home) {
        if (workers < 1) throw new HepmlException("A localhost cluster needs at least one worker, got " + workers + ".");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            this.home = home.toAbsolutePath();
            Files.createDirectories(this.home.resolve("jars"));
            logs = Files.createDirectories(this.home.resolve("logs"));
            int port = freePort();
            url = "spark://127.0.0.1:" + port;
            master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    String.valueOf(port), "--webui-port", String.valueOf(freePort())));
            awaitPort(port, Duration.ofSeconds(90));
            for (int w = 1; w <= workers; w++) {
                Path dir = Files.createDirectories(this.home.resolve("work-" + w));
                this.workers.add(start("worker" + w, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", workerMemory, "--work-dir", dir.toString(), "--webui-port",
                        String.valueOf(freePort()), url)));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** The master's URL, {@code spark://127.0.0.1:port}. */
    public String url() {
        return url;
    }

    /** The class path the executors get: {@code hepml.spark.classpath} when set (the launcher's jars), else this JVM's. */
    public static String executorClassPath() {
        return System.getProperty("hepml.spark.classpath", System.getProperty("java.class.path"));
    }

    /** CPU seconds used so far by the workers' executors (the processes they started), for benchmarks. */
    public double executorCpuSeconds() {
        return workers.stream().flatMap(Process::descendants)
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }

    /** Worker {@code w} (1-based) and its executors, killed at once (SIGKILL), as a machine that drops out. */
    public void killWorker(int w) {
        Process p = workers.get(w - 1);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private Process start(String name, List<String> main) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", executorClassPath()));
        // the --add-opens this JVM has (Spark's list, docs/SPARK.md): the master and workers need them on Java 17 as well
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Dorg.slf4j") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")) cmd.add(a);
        }
        cmd.addAll(main);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitPort(int port, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!master.isAlive()) break;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
        throw new HepmlException("The localhost Spark master did not start (see " + logs.resolve("master.log") + ").");
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs (or ran) this already
        }
        stopProcesses();
    }

    private void stopProcesses() {
        for (Process w : workers) {
            w.descendants().forEach(ProcessHandle::destroy);
            w.destroy();
        }
        if (master != null) master.destroy();
        for (Process p : workers) waitFor(p);
        if (master != null) waitFor(master);
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
