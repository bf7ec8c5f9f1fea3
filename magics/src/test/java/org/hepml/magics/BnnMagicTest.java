package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import org.hepml.engine.bayes.BnnClassifier;
import org.hepml.engine.bayes.BnnRegressor;
import org.hepml.engine.events.sim.RegressionToy;
import org.hepml.engine.events.sim.TwoClassToy;
import org.hepml.engine.plot.Figure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BnnMagicTest {
    final Workspace ws = new Workspace();
    final BnnMagic bnn = new BnnMagic(ws);

    @Test
    void helpListsTheVerbsAndTheOptions() {
        Object r = bnn.run(MagicsTest.args("--help"), null);
        assertThat(r).isInstanceOf(HelpText.class);
        assertThat(r.toString()).contains("Usage: %bnn").contains("regress").contains("classify").contains("plot");
        assertThat(bnn.run(MagicsTest.args("regress --help"), null).toString())
                .contains("--samples").contains("--prior-width").contains("--epochs").contains("--sampling");
        assertThat(Magics.all(ws)).anyMatch(m -> m.name().equals("bnn"));
    }

    @Test
    void badOptionsAreNamed() {
        ws.put("toy", new RegressionToy().generate("toy", 100));
        assertThatThrownBy(() -> bnn.run(MagicsTest.args("regress --data toy --sample 10 --as b"), null))
                .isInstanceOf(MagicUsageException.class).hasMessageContaining("--sample").hasMessageContaining("--samples");
        assertThatThrownBy(() -> bnn.run(MagicsTest.args("regress --data toy --sampling often --as b"), null))
                .hasMessageContaining("--sampling").hasMessageContaining("often");
        assertThatThrownBy(() -> bnn.run(MagicsTest.args("regress --data toy --prior-width -1 --as b"), null))
                .hasMessageContaining("--prior-width");
        assertThatThrownBy(() -> bnn.run(MagicsTest.args("regress --data nope --as b"), null)).hasMessageContaining("'nope'");
        assertThat(ws.contains("b")).isFalse();
    }

    @Test
    void smallRunsStoreTheNetworksAndDrawThePlots(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        ws.put("toy", new RegressionToy().noise(0.2).seed(1).generate("toy", 600));
        Object r = bnn.run(MagicsTest.args("regress --data toy --target y"), "--hidden 8   # small and quick\n--epochs 3 --samples 10 --as reg");
        assertThat(r).isInstanceOf(BnnRegressor.class);
        assertThat(ws.get("reg")).isSameAs(r);
        assertThat(((BnnRegressor) r).toHtml()).contains("Bayesian regression");
        for (String kind : new String[]{"bands", "pulls", "coverage"}) {
            assertThat(bnn.run(MagicsTest.args("plot " + kind + " --model reg --data toy"), null)).isInstanceOf(Figure.class);
        }
        assertThatThrownBy(() -> bnn.run(MagicsTest.args("plot sigma-mu --model reg --data toy"), null)).hasMessageContaining("sigma-mu");
        ws.put("two", new TwoClassToy().seed(2).generate("two", 600));
        Object c = bnn.run(MagicsTest.args("classify --data two --hidden 8 --epochs 2 --samples 5 --sampling batch --as clf"), null);
        assertThat(c).isInstanceOf(BnnClassifier.class);
        assertThat(bnn.run(MagicsTest.args("plot sigma-mu --model clf --data two"), null)).isInstanceOf(Figure.class);
        // save and load through the magic; the loaded networks draw the same plots
        bnn.run(java.util.List.of("save", "reg", tmp.resolve("reg.hepml").toString()), null);
        bnn.run(java.util.List.of("save", "clf", tmp.resolve("clf.hepml").toString()), null);
        assertThat(bnn.run(java.util.List.of("load", tmp.resolve("reg.hepml").toString(), "--as", "reg2"), null)).isInstanceOf(BnnRegressor.class);
        assertThat(bnn.run(java.util.List.of("load", tmp.resolve("clf.hepml").toString(), "--as", "clf2"), null)).isInstanceOf(BnnClassifier.class);
        assertThat(bnn.run(MagicsTest.args("plot bands --model reg2 --data toy"), null)).isInstanceOf(Figure.class);
        assertThat(((BnnClassifier) ws.get("clf2")).predict(((org.hepml.engine.events.Dataset) ws.get("two"))).mean())
                .containsExactly(((BnnClassifier) c).predict(((org.hepml.engine.events.Dataset) ws.get("two"))).mean());
    }
}
