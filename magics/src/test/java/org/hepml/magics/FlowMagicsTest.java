package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.sbi.FisherReport;
import org.hepml.engine.sbi.LikelihoodEstimator;
import org.hepml.engine.sbi.TwoSampleTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code %%train likelihood} and {@code %events generate}: help, a small round trip, and bad input named. */
class FlowMagicsTest {
    final Workspace ws = new Workspace();
    final EventsMagic events = new EventsMagic(ws);
    final TrainMagic train = new TrainMagic(ws);
    final InferMagic infer = new InferMagic(ws);

    @Test
    void helpNamesTheMethodsAndOptions() {
        assertThat(train.run(MagicsTest.args("likelihood --help"), null).toString()).contains("nde").contains("scandal")
                .contains("--bins").contains("--transforms").contains("--ensemble").contains("(default 30)").contains("(default 32,32)");
        assertThat(events.run(MagicsTest.args("generate --help"), null).toString()).contains("--model").contains("--theta").contains("--compare");
        assertThat(events.run(MagicsTest.args("compare --help"), null).toString()).contains("AUC").contains("--columns").contains("--seed");
    }

    @Test
    void trainGenerateSaveLoadAndFisher(@TempDir Path dir) {
        events.run(MagicsTest.args("simulate ee-mumu --smearing 0.1 --theta uniform(0.2,0.26) --n 2000 --augment --seed 3 --as train"), null);
        Object flow = train.run(MagicsTest.args("likelihood --data train --method scandal --alpha 0.01 --epochs 2 --hidden 8,8 --ensemble 2 --as flow"), null);
        assertThat(flow).isInstanceOf(LikelihoodEstimator.class);
        assertThat(((LikelihoodEstimator) flow).members()).hasSize(2);
        Dataset g = (Dataset) events.run(MagicsTest.args("generate --model flow --n 300 --theta 0.23 --as gen"), null);
        assertThat(g.size()).isEqualTo(300);
        assertThat(g.columnNames()).contains("x.cos", "theta.sin2w");
        Path file = dir.resolve("flow.hepml");
        train.run(MagicsTest.args("save flow " + file), null);
        assertThat(train.run(MagicsTest.args("load " + file + " --as back"), null)).isInstanceOf(LikelihoodEstimator.class);
        events.run(MagicsTest.args("simulate ee-mumu --smearing 0.1 --theta 0.23 --n 500 --seed 4 --as ref"), null);
        assertThat(infer.run(MagicsTest.args("fisher --model back --data ref --exact"), null)).isInstanceOf(FisherReport.class);
        Object test = events.run(MagicsTest.args("generate --model flow --n 400 --theta 0.23 --compare ref --as gen2"), null);
        assertThat(test).isInstanceOf(TwoSampleTest.class);
        assertThat(((TwoSampleTest) test).columns()).containsExactly("x.cos");
        assertThat(((TwoSampleTest) test).heldOutA()).isEqualTo(200);
        assertThat(ws.contains("gen2")).isTrue();
        assertThat(events.run(MagicsTest.args("compare gen ref --columns x.cos --seed 2 --as c2st"), null)).isInstanceOf(TwoSampleTest.class);
        assertThat(ws.contains("c2st")).isTrue();
    }

    @Test
    void compareNamesBadInput() {
        events.run(MagicsTest.args("simulate ee-mumu --theta 0.23 --n 200 --as a"), null);
        events.run(MagicsTest.args("simulate ee-mumu --theta 0.23 --n 200 --seed 2 --as b"), null);
        assertThatThrownBy(() -> events.run(MagicsTest.args("compare a nothing --as c"), null)).hasMessageContaining("nothing");
        assertThatThrownBy(() -> events.run(MagicsTest.args("compare a b --columns x.cos,x.none --as c"), null)).hasMessageContaining("x.none");
        assertThat(ws.contains("c")).isFalse();
    }

    @Test
    void badInputIsNamed() {
        events.run(MagicsTest.args("simulate ee-mumu --theta uniform(0.2,0.26) --reference 0.23 --n 200 --as ratio"), null);
        assertThatThrownBy(() -> train.run(MagicsTest.args("likelihood --data ratio --method nde --as f"), null))
                .hasMessageContaining("ratio-training sample").hasMessageContaining("without --reference");
        events.run(MagicsTest.args("simulate ee-mumu --theta uniform(0.2,0.26) --n 200 --as plain"), null);
        assertThatThrownBy(() -> train.run(MagicsTest.args("likelihood --data plain --method scandal --as f"), null))
                .hasMessageContaining("t_xz.sin2w").hasMessageContaining("--augment");
        assertThatThrownBy(() -> train.run(MagicsTest.args("likelihood --data plain --method nde --bins 1 --as f"), null))
                .hasMessageContaining("--bins");
        assertThatThrownBy(() -> train.run(MagicsTest.args("likelihood --data plain --method nde --ensemble 0 --as f"), null))
                .hasMessageContaining("--ensemble");
        assertThat(ws.contains("f")).isFalse();
        train.run(MagicsTest.args("likelihood --data plain --method nde --epochs 1 --hidden 4 --as f"), null);
        assertThatThrownBy(() -> events.run(MagicsTest.args("generate --model f --n 10 --theta 0.2,91 --as g"), null))
                .hasMessageContaining("--theta has 2 value(s)");
        assertThatThrownBy(() -> events.run(MagicsTest.args("generate --model plain --n 10 --theta 0.2 --as g"), null))
                .hasMessageContaining("plain");
        assertThat(ws.contains("g")).isFalse();
    }
}
