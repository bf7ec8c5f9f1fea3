package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import org.hepml.engine.sbi.SequentialDesign;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** %infer design --sequential: a thin call of SequentialDesign with the same settings (the same posterior, run by run). */
class InferDesignMagicTest {
    final Workspace ws = new Workspace();

    static List<String> args(String line) {
        return MagicArguments.split(line, 1);
    }

    @Test
    void sequentialDesignFromTheMagicAndItsJavaTwin() {
        Object r = new InferMagic(ws).run(args("design --sequential --runs 3 --luminosity 1 --energies 89,91.19,94 --sin2w 0.22 --seed 4 --as seq"), null);
        SequentialDesign.Result s = (SequentialDesign.Result) r;
        assertThat(s.runs()).hasSize(3);
        assertThat(ws.get("seq")).isSameAs(s);
        assertThat(s.toHtml()).contains("data:image/png;base64").contains("sequential design");
        SequentialDesign.Result twin = new SequentialDesign().energies(89, 91.19, 94).prior(0.20, 0.26).truth(0.22).luminosity(1).runs(3).seed(4).run();
        assertThat(twin.last()).isEqualTo(s.last());
    }

    @Test
    void helpAndBadOptions() {
        InferMagic infer = new InferMagic(ws);
        assertThat(String.valueOf(infer.run(args("design --help"), null))).contains("--sequential").contains("--runs").contains("--prior");
        assertThatThrownBy(() -> infer.run(args("design --sequential --runs 0"), null)).hasMessageContaining("--runs");
        assertThatThrownBy(() -> infer.run(args("design --sequential --prior 0.3,0.2"), null)).hasMessageContaining("--prior");
        assertThatThrownBy(() -> infer.run(args("design --sequential --prior 0.2"), null)).hasMessageContaining("--prior");
        assertThatThrownBy(() -> infer.run(args("design --sequential --sin2w 0.3"), null)).hasMessageContaining("inside the prior");
        assertThat(ws.entries()).isEmpty();
    }
}
