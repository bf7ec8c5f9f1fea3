package org.hepml.magics;

import org.hepml.engine.api.Hep;
import org.hepml.engine.api.Workspace;
import org.hepml.engine.sbi.CoverageResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InferCoverageMagicTest {
    final Workspace ws = new Workspace();

    static List<String> args(String line) {
        return MagicArguments.split(line, 1);
    }

    /**
     * %infer coverage with the exact likelihood of the Galton board: 200 experiments of 300 events at -0.7 (grid
     * truth +- 7 sigma by default). The exact 68.3% count is Binomial(200, 0.683) (sd 6.6), so its central 99.9%
     * (the bound CoverageResult.binomialRange gives) must hold it. The Java twin (hep.coverage) with the same
     * settings gives the same counts. Then the simulator and its settings from a dataset (ee -> mumu, smearing 0.2).
     */
    @Test
    void coverageOfTheExactLikelihoodFromTheMagicAndItsJavaTwin() {
        Object r = new InferMagic(ws).run(args("coverage --simulator galton --truth -0.7 --experiments 200 --events 300 --exact"
                + " --levels 0.5,0.6827,0.95 --seed 3 --as cov"), null);
        CoverageResult c = (CoverageResult) r;
        int[] range = CoverageResult.binomialRange(200, 0.6827, 0.001);
        assertThat(c.covered("exact", 0.6827)).isBetween(range[0], range[1]);
        assertThat(c.toHtml()).contains("data:image/png;base64").contains("calibrated 95% band");
        assertThat(c.toString()).contains("exact");
        assertThat(ws.get("cov")).isSameAs(c);
        CoverageResult twin = new Hep(ws).coverage(new org.hepml.engine.events.sim.GaltonBoard(), -0.7).experiments(200)
                .events(300).exact(true).levels(0.5, 0.6827, 0.95).seed(3).run();
        assertThat(twin.covered("exact", 0.6827)).isEqualTo(c.covered("exact", 0.6827));
        assertThat(twin.covered("exact", 0.95)).isEqualTo(c.covered("exact", 0.95));

        new EventsMagic(ws).run(args("simulate ee-mumu --n 100 --theta 0.21 --smearing 0.2 --as like"), null);
        CoverageResult ee = (CoverageResult) new InferMagic(ws).run(args("coverage --simulator like --truth 0.21 --experiments 20"
                + " --events 500 --theta grid(0.15,0.27,41) --exact --levels 0.6827"), null);
        assertThat(ee.toString()).contains("ee-mumu").contains("exact");
    }

    @Test
    void badOptionsAreNamed() {
        InferMagic infer = new InferMagic(ws);
        assertThatThrownBy(() -> infer.run(args("coverage --simulator nowhere --truth 0.2 --exact"), null))
                .isInstanceOf(MagicUsageException.class).hasMessageContaining("--simulator").hasMessageContaining("galton");
        assertThatThrownBy(() -> infer.run(args("coverage --simulator galton --truth -0.6 --experiments 3 --exact"), null))
                .hasMessageContaining("--experiments");
        assertThatThrownBy(() -> infer.run(args("coverage --simulator galton --truth -0.6 --levels 0.5,1.5 --exact"), null))
                .hasMessageContaining("--levels");
        assertThatThrownBy(() -> infer.run(args("coverage --simulator galton --truth -0.6 --exact --levls 0.5"), null))
                .hasMessageContaining("--levls");
        assertThatThrownBy(() -> infer.run(args("coverage --simulator galton --truth -0.6"), null)).hasMessageContaining("--model");
        assertThatThrownBy(() -> infer.run(args("coverage --simulator galton --truth -0.6,1 --exact"), null)).hasMessageContaining("--truth");
    }
}
