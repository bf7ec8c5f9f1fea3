package org.hepml.spark;

import org.hepml.engine.events.io.EventFileSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.api.Hep;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.RatioEstimator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real cluster on localhost: a standalone master and two workers as separate JVMs, started and stopped here. The
 * runs on it must give exactly what one machine gives: a bootstrap OmniFold (bit for bit, as in SparkOmniFoldTest),
 * a multi-file load, an ensemble of ratio estimators (bit for bit, as in SparkEnsembleTest); an interrupt cancels its job; and a worker killed in the middle of an unfolding loses its
 * running task, which Spark runs again on the other worker, with the same result.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
    static LocalhostCluster cluster;
    static SparkRunner runner;

    @BeforeAll
    static void startCluster() throws Exception {
        SparkContexts.stop();
        cluster = new LocalhostCluster(2, "1g", Path.of(System.getProperty("hepml.spark.testHome", "target/spark-home")));
        System.setProperty("spark.executor.memory", "768m");
        runner = (SparkRunner) TaskRunner.on(cluster.url());
        JavaSparkContext sc = runner.context();
        // both workers' executors registered (plus the driver), so that work is spread over the two from the start
        long end = System.nanoTime() + 120_000_000_000L;
        while (sc.sc().statusTracker().getExecutorInfos().length < 3) {
            assertThat(System.nanoTime()).as("two executors registered").isLessThan(end);
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopCluster() {
        SparkContexts.stop();
        System.clearProperty("spark.executor.memory");
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void manyEventFilesOnTheClusterAreTheFilesLoadedOneByOne(@TempDir Path dir) throws Exception {
        List<Path> files = LheRuns.write(dir, 40, 7);
        EventFileSet.Loaded loaded = EventFileSet.load(List.of(dir + "/run_*"), EventFileSet.Reading.of(EventFileSetTest.OBSERVABLES),
                "run", runner);
        assertThat(loaded.unreadable()).extracting(EventFileSet.Unreadable::file).containsExactly(files.get(7).toString());
        List<Path> good = new java.util.ArrayList<>(files);
        good.remove(7);
        LheRuns.assertJoined(loaded, LheRuns.oneByOne(good, EventFileSetTest.OBSERVABLES));
    }

    @Test
    @Order(2)
    void anInterruptCancelsTheClustersJob() throws Exception {
        SparkRunnerTest.assertInterruptCancels(runner, 2);
    }

    /** An ensemble of four ratio estimators, one member per task on the two workers: each member bit for bit alone here. */
    @Test
    @Order(3)
    void aRatioEnsembleOfFourOnTheClusterIsItsMembersTrainedAloneHere() {
        Dataset d = SparkEnsembleTest.galton();
        double[][] x = SparkEnsembleTest.positions();
        double[] theta = {-0.7};
        try (RatioEstimator there = RatioEstimator.train(d, Method.ALICES, 1, SparkEnsembleTest.ratioOptions().withEnsemble(4), runner)) {
            double[][] members = there.rawMemberLogRatios(x, theta);
            assertThat(members).hasNumberOfRows(4);
            for (int m = 0; m < 4; m++) {
                int member = m;
                try (RatioEstimator alone = RatioEstimator.train(d, Method.ALICES, 1,
                        SparkEnsembleTest.ratioOptions().training(t -> t.withSeed(t.seed() + 1000L * member)))) {
                    SparkEnsembleTest.assertSameHistory(there.histories().get(m), alone.histories().get(0), "member " + m);
                    assertThat(members[m]).as("member %d on the cluster vs alone here", m).isEqualTo(alone.rawMemberLogRatios(x, theta)[0]);
                }
            }
        }
    }

    @Test
    @Order(4)
    void aBootstrapOmniFoldOnTheClusterEqualsOneMachineEvenWhenAWorkerIsKilled() throws Exception {
        Hep hep = SparkOmniFoldTest.toy(2000);
        Dataset here = hep.omnifold("sim", "data", "x.gen", "x.reco", SparkOmniFoldTest.options(8, 1, null), "here");
        // kill the second worker once two replicas are back: its running task is lost and must run again elsewhere
        JavaSparkContext sc = runner.context();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger stageOfKill = new AtomicInteger(-1);
        Thread killer = new Thread(() -> {
            try {
                while (!killed.get()) {
                    for (int stage : sc.statusTracker().getActiveStageIds()) {
                        var info = sc.statusTracker().getStageInfo(stage);
                        // both executors busy: the second worker surely has a task under way
                        if (info != null && info.numCompletedTasks() >= 2 && SparkRunnerTest.runningTasks(sc) >= 2) {
                            cluster.killWorker(2);
                            stageOfKill.set(stage);
                            killed.set(true);
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.setDaemon(true);
        killer.start();
        Dataset there = hep.omnifold("sim", "data", "x.gen", "x.reco", SparkOmniFoldTest.options(8, 1, cluster.url()), "there");
        killer.interrupt();
        assertThat(killed.get()).as("a worker was killed during the job").isTrue();
        assertThat(sc.statusTracker().getStageInfo(stageOfKill.get()).numFailedTasks()).as("tasks lost with the worker").isPositive();
        SparkOmniFoldTest.assertSameColumns(here, there);
        assertThat(there.metadata()).doesNotContainKey("uncertainty");
    }
}
