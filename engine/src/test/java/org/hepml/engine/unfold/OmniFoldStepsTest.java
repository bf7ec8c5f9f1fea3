package org.hepml.engine.unfold;

import org.hepml.engine.events.Dataset;
import org.hepml.engine.events.sim.GaussianToy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which fits OmniFold's two steps ask of their reweighters, and the typed inputs. */
class OmniFoldStepsTest {

    /** A histogram reweighter that records, per fit, whether it was told both classes are the same events. */
    static final class Recording implements Reweighter {
        final HistogramReweighter histogram = new HistogramReweighter(20, -4, 4);
        final List<String> calls;
        final String name;

        Recording(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        @Override
        public DensityRatio fit(double[][] a, double[] weightA, double[][] b, double[] weightB) {
            calls.add(name + " two samples");
            return histogram.fit(a, weightA, b, weightB);
        }

        @Override
        public DensityRatio fitSameEvents(double[][] x, double[] weightA, double[] weightB) {
            calls.add(name + " same events");
            return histogram.fit(x, weightA, x, weightB);
        }

        @Override
        public Reweighter copy() {
            return new Recording(name + " average", calls);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /**
     * Step 1 compares two samples (data against simulation); step 2 and the averages for lost events and fakes compare
     * the same simulated events under two weights, which a classifier must keep together in its validation split.
     */
    @Test
    void stepTwoAndTheAveragesFitTheSameEventsUnderTwoWeights() {
        Dataset sim = new GaussianToy().efficiency(0.8).fakes(0.1, 0, 1.5).seed(1).generate("sim", 2000);
        Dataset data = new GaussianToy().mu(0.2).sigma(0.8).efficiency(0.8).fakes(0.1, 0, 1.5).seed(2).generate("data", 2000);
        PairedSimulation paired = Unfolding.pairedSimulation(sim, List.of("x.gen"), List.of("x.reco"));
        MeasuredData measured = Unfolding.measuredData(data, List.of("x.reco"));
        assertThat(paired.lost()).isNotEmpty();
        assertThat(paired.fakes()).isNotEmpty();
        assertThat(paired.passing().length + paired.lost().length).isEqualTo(paired.size());
        assertThat(paired.generated().length + paired.fakes().length).isEqualTo(paired.size());
        List<String> calls = new ArrayList<>();
        OmniFold.Iterations it = new OmniFold().iterations(2).reweighters(new Recording("step 1", calls), new Recording("step 2", calls))
                .run(paired, measured);
        assertThat(it.stepOne()).hasSize(2);
        assertThat(calls).containsExactly(
                "step 1 two samples", "step 2 average same events", "step 2 same events", "step 1 average same events",
                "step 1 two samples", "step 2 average same events", "step 2 same events", "step 1 average same events");
    }
}
