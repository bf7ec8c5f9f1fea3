package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import org.hepml.engine.sbi.CoverageResult;
import org.hepml.engine.sbi.RatioEstimator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hepml.magics.MagicsTest.args;

/**
 * {@code %%train ratio|score ... --on WHERE} and {@code %infer coverage ... --on WHERE}: local is the default run; a
 * place nobody runs, or Spark without the hepml-spark module (not on the magics' class path), is an error naming the
 * option and what it takes, and the workspace is unchanged. Spark itself is tested in the spark module
 * (SparkEnsembleTest, SparkCoverageTest).
 */
class TrainAndCoverageOnTest {
    final Workspace ws = new Workspace();

    @Test
    void localIsTheDefaultAndOtherPlacesAreErrorsThatSayWhatIsAccepted() {
        EventsMagic events = new EventsMagic(ws);
        events.run(args("simulate galton --n 600 --theta uniform(-1,-0.4) --reference -0.6 --seed 1 --as train"), null);
        TrainMagic train = new TrainMagic(ws);
        String line = "ratio --data train --method carl --ensemble 2 --epochs 2 --hidden 8";
        RatioEstimator here = (RatioEstimator) train.run(args(line + " --as here"), null);
        RatioEstimator local = (RatioEstimator) train.run(args(line + " --on local --as local"), null);
        double[][] x = {{-3}, {0}, {4}};
        assertThat(local.rawMemberLogRatios(x, new double[]{-0.7})).isDeepEqualTo(here.rawMemberLogRatios(x, new double[]{-0.7}));
        assertThatThrownBy(() -> train.run(args(line + " --on sprak --as x"), null)).hasMessageContaining("--on").hasMessageContaining("local");
        assertThatThrownBy(() -> train.run(args(line + " --on spark --as x"), null)).hasMessageContaining("hepml-spark module is not on the class path");
        assertThat(train.run(args("ratio --help"), null).toString()).contains("--on");
        assertThat(train.run(args("score --help"), null).toString()).contains("--on");

        InferMagic infer = new InferMagic(ws);
        String study = "coverage --simulator galton --truth -0.7 --experiments 10 --events 50 --theta grid(-0.95,-0.45,11) --model here --exact";
        CoverageResult a = (CoverageResult) infer.run(args(study), null), b = (CoverageResult) infer.run(args(study + " --on local"), null);
        for (String label : a.labels()) assertThat(b.curve(label).covered()).as(label).isEqualTo(a.curve(label).covered());
        assertThatThrownBy(() -> infer.run(args(study + " --on spark --as y"), null)).hasMessageContaining("hepml-spark module is not on the class path");
        assertThat(infer.run(args("coverage --help"), null).toString()).contains("--on");
        assertThat(ws.contains("x")).isFalse();
        assertThat(ws.contains("y")).isFalse();
    }
}
