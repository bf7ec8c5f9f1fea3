package org.hepml.spark;

import org.hepml.engine.HepmlException;
import org.hepml.engine.TaskRunner;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.AugmentedSimulation;
import org.hepml.engine.events.sim.ElectroweakMuonPairs;
import org.hepml.engine.events.sim.GaltonBoard;
import org.hepml.engine.nn.TrainingSettings;
import org.hepml.engine.sbi.CoverageResult;
import org.hepml.engine.sbi.CoverageStudy;
import org.hepml.engine.sbi.EstimatorOptions;
import org.hepml.engine.sbi.ExactLogRatio;
import org.hepml.engine.sbi.LikelihoodScan;
import org.hepml.engine.sbi.LogRatio;
import org.hepml.engine.sbi.Method;
import org.hepml.engine.sbi.RatioEstimator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code %infer coverage ... --on spark}: the pseudo-experiments are drawn on the driver from the one random stream
 * the local loop uses, and each task scans one model on a run of grid points with the local loop's own code (a
 * ratio estimator travels as its model file plus its reference sample in double precision). So every experiment's
 * log L at every point, and therefore every count, is the local one bit for bit; no tolerance.
 */
class SparkCoverageTest {
    static final String MASTER = "spark:local[1,4]";

    @AfterAll
    static void stopSpark() {
        SparkContexts.stop();
    }

    @Test
    void aLearnedAndTheExactLikelihoodOnTheGaltonBoardGiveTheLocalScansAndCounts() {
        GaltonBoard galton = new GaltonBoard();
        Dataset train = new AugmentedSimulation(galton).theta("uniform(-1,-0.4)").reference(-0.6).seed(4).generate("t", 3000);
        EstimatorOptions o = EstimatorOptions.of(TrainingSettings.ESTIMATOR.withHidden(16, 16).withEpochs(3).withBatchSize(128).withSeed(5));
        try (RatioEstimator carl = RatioEstimator.train(train, Method.CARL, 1, o)) {
            // 41 points: three tasks of at most 16 points per model, the last one short
            Supplier<CoverageStudy> study = () -> new CoverageStudy(galton, -0.7).experiments(30).events(200)
                    .grid(List.of(LikelihoodScan.grid(-0.95, -0.45, 41))).seed(9).model("carl", carl).exact(true);
            CoverageResult here = study.get().run();
            CoverageResult there = study.get().on(TaskRunner.on(MASTER)).run();
            assertSameStudy(here, there);
        }
    }

    @Test
    void aContinuousObservableGivesTheLocalScansAndCounts() {
        // every event its own value (no per-value evaluation): the events themselves travel with the tasks
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs();
        Supplier<CoverageStudy> study = () -> new CoverageStudy(ee, 0.23).experiments(20).events(300)
                .grid(List.of(LikelihoodScan.grid(0.18, 0.28, 33))).seed(3).exact(true);
        assertSameStudy(study.get().run(), study.get().on(TaskRunner.on(MASTER)).run());
    }

    @Test
    void aModelThatCannotTravelIsNamedAndNothingRuns() {
        ElectroweakMuonPairs ee = new ElectroweakMuonPairs();
        ExactLogRatio exact = new ExactLogRatio(ee, new double[]{0.23});
        LogRatio local = new LogRatio() { // an anonymous model, not serializable
            public List<String> parameters() {
                return exact.parameters();
            }

            public List<String> observables() {
                return exact.observables();
            }

            public double[] logRatio(double[][] x, double[] theta) {
                return exact.logRatio(x, theta);
            }
        };
        assertThatThrownBy(() -> new CoverageStudy(ee, 0.23).experiments(10).events(50).grid(List.of(LikelihoodScan.grid(0.18, 0.28, 5)))
                .model("mine", local).on(TaskRunner.on(MASTER)).run())
                .isInstanceOf(HepmlException.class).hasMessageContaining("model 'mine'").hasMessageContaining("without --on");
    }

    static void assertSameStudy(CoverageResult here, CoverageResult there) {
        assertThat(there.labels()).isEqualTo(here.labels());
        for (String label : here.labels()) {
            CoverageResult.Curve h = here.curve(label), t = there.curve(label);
            assertThat(t.covered()).as(label + " covered").isEqualTo(h.covered());
            assertThat(t.open()).as(label + " open").isEqualTo(h.open());
            for (int e = 0; e < h.scans().size(); e++) {
                assertThat(t.scans().get(e).logLikelihood()).as("%s experiment %d", label, e).isEqualTo(h.scans().get(e).logLikelihood());
            }
        }
    }
}
