package org.hepml.magics;

import org.hepml.engine.api.Workspace;
import org.hepml.engine.events.Dataset;
import org.hepml.engine.plot.Figure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MagicsTest {
    final Workspace ws = new Workspace();
    final EventsMagic events = new EventsMagic(ws);
    final PlotMagic plot = new PlotMagic(ws);

    static List<String> args(String line) {
        return MagicArguments.split(line, 1);
    }

    @Test
    void cellBodiesSplitLikeAShellWithComments() {
        List<String> all = MagicArguments.of(List.of("hist", "data"),
                "--column x.reco   # the detector level\n--title 'two words' --range \"-1,1\"\n\n# only a comment");
        assertThat(all).containsExactly("hist", "data", "--column", "x.reco", "--title", "two words", "--range", "-1,1");
        assertThatThrownBy(() -> MagicArguments.of(List.of(), "--title 'open")).hasMessageContaining("Line 1")
                .hasMessageContaining("unclosed");
    }

    @Test
    void singleQuotesOnTheKernelsLineGroupWordsAsInABody() {
        // JJava's own split of the first line honours double quotes only: 'two words' arrives as two words
        assertThat(MagicArguments.fromKernelLine(List.of("hist", "d", "--title", "'two", "words'", "--range", "-1,1")))
                .containsExactly("hist", "d", "--title", "two words", "--range", "-1,1");
        assertThat(MagicArguments.fromKernelLine(List.of("load", "'runs/*.lhe'", "--as", "r")))
                .containsExactly("load", "runs/*.lhe", "--as", "r");
        assertThat(MagicArguments.fromKernelLine(List.of("--title", "'a", "b", "c'", "'d'")))
                .containsExactly("--title", "a b c", "d");
        // a quote inside a word, or one that never closes, is the user's text: left alone
        assertThat(MagicArguments.fromKernelLine(List.of("--title", "it's", "fine"))).containsExactly("--title", "it's", "fine");
        assertThat(MagicArguments.fromKernelLine(List.of("--title", "'open", "end"))).containsExactly("--title", "'open", "end");
        assertThat(MagicArguments.fromKernelLine(List.of("'a", "'b'"))).containsExactly("'a", "b");
    }

    @Test
    void bracedNamesTakeWorkspaceValues() {
        ws.put("N", 1234);
        assertThat(MagicArguments.of(List.of("--n", "{N}"), null, ws)).containsExactly("--n", "1234");
        assertThatThrownBy(() -> MagicArguments.of(List.of("--n", "{M}"), null, ws))
                .isInstanceOf(MagicUsageException.class).hasMessageContaining("{M}");
    }

    @Test
    void simulateStoresTheDatasetUnderItsName() {
        Object r = events.run(args("simulate gaussian --n 500 --mu 1 --seed 4 --as sim"), null);
        assertThat(r).isInstanceOf(Dataset.class);
        assertThat(ws.dataset("sim").size()).isEqualTo(500);
        assertThat(ws.dataset("sim").metadata()).containsEntry("mu", "1.0");
    }

    @Test
    void unknownOptionIsNamedWithTheUsage() {
        assertThatThrownBy(() -> events.run(args("simulate gaussian --nn 10"), null))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("'--nn'")
                .hasMessageContaining("Usage: %events simulate gaussian");
        assertThat(ws.entries()).isEmpty();
    }

    @Test
    void typoGetsASuggestion() {
        assertThatThrownBy(() -> events.run(args("simulate gaussian --seeed 3"), null))
                .hasMessageContaining("--seeed").hasMessageContaining("--seed");
    }

    @Test
    void badValueIsNamedWithWhatIsExpected() {
        assertThatThrownBy(() -> events.run(args("simulate gaussian --n lots"), null))
                .isInstanceOf(MagicUsageException.class).hasMessageContaining("--n").hasMessageContaining("lots");
        assertThatThrownBy(() -> events.run(args("simulate gaussian --sigma -2"), null))
                .hasMessageContaining("sigma must be a positive number");
        assertThatThrownBy(() -> events.run(args("simulate pythia"), null))
                .hasMessageContaining("pythia");
    }

    @Test
    void helpIsAnAnswerNotAnError() {
        Object r = events.run(args("--help"), null);
        assertThat(r).isInstanceOf(HelpText.class);
        assertThat(r.toString()).contains("Usage: %events").contains("simulate").contains("describe");
        assertThat(events.run(args("simulate gaussian --help"), null).toString()).contains("--efficiency");
        assertThatThrownBy(() -> events.run(args("simulate"), null)).isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("%events simulate needs a verb").hasMessageContaining("gaussian");
    }

    @Test
    void dropRemovesNothingIfOneNameIsUnknown() {
        events.run(args("simulate gaussian --n 10 --as a"), null);
        assertThatThrownBy(() -> events.run(args("drop a b"), null)).hasMessageContaining("'b'");
        assertThat(ws.contains("a")).isTrue();
        events.run(args("drop a"), null);
        assertThat(ws.contains("a")).isFalse();
    }

    @Test
    void histogramWithRatioPanel() {
        events.run(args("simulate gaussian --n 2000 --as sim"), null);
        events.run(args("simulate gaussian --n 2000 --mu 0.2 --sigma 0.8 --seed 2 --as data"), null);
        Object r = plot.run(args("hist data --column x.reco --bins 20 --range -3,3 --ratio-to sim"), null);
        assertThat(r).isInstanceOf(Figure.class);
        assertThat(((Figure) r).panels()).hasSize(2);
        assertThatThrownBy(() -> plot.run(args("hist data --column x.reco --range 3,-3"), null))
                .hasMessageContaining("--range");
        assertThatThrownBy(() -> plot.run(args("hist data --column x.nope"), null))
                .hasMessageContaining("x.nope").hasMessageContaining("x.reco");
        assertThatThrownBy(() -> plot.run(args("hist data"), null)).hasMessageContaining("--column");
    }

    @Test
    void statusListsTheMagics() {
        Object r = new HepmlMagic(ws).run(List.of(), null);
        assertThat(r.toString()).contains("%events").contains("%plot").contains("PyTorch");
    }

    @Test
    void inferenceSimulatorsMakeAugmentedRatioSamples() {
        Dataset d = (Dataset) events.run(args("simulate galton --n 1000 --theta uniform(-1,1) --reference -0.6 --augment --as train"), null);
        assertThat(d.columnNames()).contains("x.position", "theta.theta", "y", "r_xz", "t_xz.theta");
        Dataset ee = (Dataset) events.run(List.of("simulate", "ee-mumu", "--n", "500", "--theta", "0.22; grid(88,94,7)",
                "--parameters", "sin2w,sqrts", "--smearing", "0.1", "--augment", "--as", "ee"), null);
        assertThat(ee.columnNames()).contains("x.cos", "theta.sin2w", "theta.sqrts", "t_xz.sin2w", "t_xz.sqrts");
        assertThatThrownBy(() -> events.run(args("simulate galton --n 10"), null)).hasMessageContaining("--theta");
        assertThatThrownBy(() -> events.run(args("simulate ee-mumu --theta 0.2 --parameters mz"), null))
                .hasMessageContaining("sin2w");
    }

    @Test
    void exactScanFindsTheTruthWithinItsInterval() {
        events.run(args("simulate galton --n 2000 --theta -0.6 --seed 8 --as observed"), null);
        Object r = new InferMagic(ws).run(args("scan --observed observed --theta grid(-1.2,0,121) --exact --as scan"), null);
        org.hepml.engine.sbi.ScanResult s = ((org.hepml.engine.sbi.ScanReport) r).result();
        double[] iv = s.interval95();
        assertThat(-0.6).isBetween(iv[0], iv[1]);
        assertThat(((org.hepml.engine.sbi.ScanReport) r).truth()).containsExactly(-0.6);
        assertThat(((org.hepml.engine.sbi.ScanReport) r).toHtml()).contains("data:image/png;base64");
        assertThatThrownBy(() -> new InferMagic(ws).run(args("scan --observed observed --theta grid(-1,0,11)"), null))
                .hasMessageContaining("--model");
        assertThatThrownBy(() -> new InferMagic(ws).run(args("scan --observed observed --theta uniform(-1,0) --exact"), null))
                .hasMessageContaining("grid(a,b,n)");
    }

    @Test
    void unfoldingMagicsOnTheGaussianAndJetToys() {
        events.run(args("simulate gaussian --n 20000 --efficiency 0.8 --seed 1 --as sim"), null);
        events.run(args("simulate gaussian --n 20000 --mu 0.2 --sigma 0.8 --efficiency 0.8 --seed 2 --as data"), null);
        UnfoldMagic unfold = new UnfoldMagic(ws);
        Dataset u = (Dataset) unfold.run(args("omnifold --sim sim --data data --gen x.gen --reco x.reco --reweighter histogram --range -4,4 --as u"), null);
        assertThat(u.columnNames()).contains("x.gen", "weight", "weight.prior", "weight.iter4");
        // the unfolded rate is the data's rate corrected for the efficiency: 20000 events (within Poisson noise)
        double total = java.util.Arrays.stream(u.column("weight")).sum();
        assertThat(total).isBetween(20000 - 5 * Math.sqrt(20000), 20000 + 5 * Math.sqrt(20000));
        // replicas: bootstrap and seed weights come along, and every histogram drawn later gets their spread
        Dataset boot = (Dataset) unfold.run(args("omnifold --sim sim --data data --gen x.gen --reco x.reco --reweighter histogram"
                + " --range -4,4 --iterations 2 --bootstrap 3 --as boot"), null);
        assertThat(boot.columnNames()).contains("weight.boot1", "weight.boot3").doesNotContain("weight.boot4");
        org.hepml.engine.unfold.UnfoldedSpectrum sp = org.hepml.engine.unfold.UnfoldedSpectrum.of(boot, "x.gen", 20, -3, 3, false);
        assertThat(java.util.Arrays.stream(sp.bootstrap()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(java.util.Arrays.stream(sp.bootstrap()).sum()).isPositive();
        PlotMagic plot = new PlotMagic(ws);
        assertThat(((Figure) plot.run(args("unfolding boot --truth data --data data --column x.gen"), null)).panels()).hasSize(2);
        assertThat(plot.run(args("unfolding boot --truth data --show convergence"), null)).isInstanceOf(Figure.class);
        assertThat(plot.run(args("unfolding boot --show weights"), null)).isInstanceOf(Figure.class);
        assertThatThrownBy(() -> plot.run(args("unfolding boot --show everything"), null)).hasMessageContaining("--show");
        assertThatThrownBy(() -> unfold.run(args("omnifold --sim sim --data data --gen x.gen --reco x.reco --bootstrap -1"), null))
                .hasMessageContaining("--bootstrap");
        Object f = unfold.run(args("ibu --sim sim --data data --gen x.gen --reco x.reco --range -4,4 --truth data"), null);
        assertThat(((Figure) f).panels()).hasSize(2);
        events.run(args("simulate jets --n 2000 --tune nature --efficiency 0.9 --fake-rate 0.05 --as jets"), null);
        assertThat(ws.dataset("jets").columns(org.hepml.engine.events.ColumnRole.OBSERVABLE)).hasSize(12);
        assertThatThrownBy(() -> unfold.run(args("omnifold --sim jets --data jets --gen x.gen.* --reco x.reco.* --reweighter histogram"), null))
                .hasMessageContaining("one column at a time");
        Dataset multi = (Dataset) unfold.run(args("omnifold --sim jets --data jets --gen x.gen.* --reco x.reco.* --iterations 1 --epochs 1 --as multi"), null);
        assertThat(multi.columnNames()).contains("x.gen.m", "x.gen.lnrho", "weight");
        assertThatThrownBy(() -> unfold.run(args("omnifold --sim sim --data data --gen x.nope --reco x.reco"), null))
                .hasMessageContaining("x.nope");
    }

    @Test
    void loadReadsTheShippedSampleAndNamesBadFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String sample = java.nio.file.Path.of("..", "notebooks", "data", "ee_mumu.lhe.gz").toString();
        Object r = events.run(List.of("load", sample, "--observables", "costh(mum1)", "--limit", "100"), null);
        assertThat(r.toString()).contains("rw0005");
        Dataset d = ws.dataset("ee_mumu");
        assertThat(d.size()).isEqualTo(100);
        assertThat(d.columnNames()).contains("x.costh_mum1", "weight.rw0001");
        assertThat(ws.contains("ee_mumu.file")).isTrue();
        java.nio.file.Path bad = tmp.resolve("bad.lhe");
        java.nio.file.Files.writeString(bad, "<LesHouchesEvents version=\"3.0\">\n<init>\n2212 2212 6500 6500 0 0 0 0 3 1\n"
                + "1.0 0.1 1.0 1\n</init>\n<event>\n2 1 1.0 91 0.0078 0.118\n13 1 0 0 0 0 0 0 x 1 0 0 0\n");
        assertThatThrownBy(() -> events.run(List.of("load", bad.toString(), "--as", "bad"), null))
                .isInstanceOf(org.hepml.engine.HepmlException.class).hasMessageContaining("bad.lhe:");
        assertThat(ws.contains("bad")).isFalse();
        assertThat(EventsMagic.Load.defaultName(java.nio.file.Path.of("runs/1ttbar.lhe.gz"))).isEqualTo("events_1ttbar");
    }

    @Test
    void trainScanAndFisherThroughTheMagics(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        events.run(args("simulate galton --n 4000 --theta uniform(-1,-0.2) --reference -0.6 --augment --seed 1 --as train"), null);
        TrainMagic train = new TrainMagic(ws);
        Object est = train.run(List.of("ratio", "--data", "train", "--method", "alices", "--epochs", "3", "--hidden", "32,32", "--as", "lr"), null);
        assertThat(est.toString()).contains("alices").contains("normalised on");
        Object raw = train.run(args("ratio --data train --method carl --epochs 1 --hidden 8 --no-normalize --as raw"), null);
        assertThat(((org.hepml.engine.sbi.RatioEstimator) raw).normalised()).isFalse();
        events.run(args("simulate galton --n 500 --theta -0.6 --seed 9 --as observed"), null);
        org.hepml.engine.sbi.ScanReport r = (org.hepml.engine.sbi.ScanReport) new InferMagic(ws)
                .run(args("scan --model lr --observed observed --theta grid(-1,-0.2,41) --exact"), null);
        assertThat(r.scans()).hasSize(2);
        // save and load: the loaded estimator gives the same scan
        java.nio.file.Path file = tmp.resolve("lr.hepml");
        assertThat(train.run(List.of("save", "lr", file.toString()), null).toString()).contains("saved lr");
        assertThat(train.run(List.of("load", file.toString(), "--as", "lr2"), null)).isInstanceOf(org.hepml.engine.sbi.RatioEstimator.class);
        org.hepml.engine.sbi.ScanReport again = (org.hepml.engine.sbi.ScanReport) new InferMagic(ws)
                .run(args("scan --model lr2 --observed observed --theta grid(-1,-0.2,41)"), null);
        assertThat(again.scans().get(0).mle()).containsExactly(r.scans().get(0).mle());
        // a dataset is saved for the Python tools, by the file's extension
        assertThatThrownBy(() -> train.run(List.of("save", "observed", tmp.resolve("x").toString()), null))
                .hasMessageContaining("the dataset 'observed'").hasMessageContaining(".parquet, .arrow or .feather");
        ws.put("note", "a string");
        assertThatThrownBy(() -> train.run(List.of("save", "note", tmp.resolve("x").toString()), null))
                .hasMessageContaining("String").hasMessageContaining("estimators");
        assertThatThrownBy(() -> train.run(List.of("load", tmp.resolve("none.hepml").toString(), "--as", "x"), null))
                .hasMessageContaining("No such file");
        assertThat(ws.contains("x")).isFalse();
        assertThatThrownBy(() -> train.run(args("ratio --data train --method sally --as x"), null))
                .hasMessageContaining("--method").hasMessageContaining("sally");
        events.run(args("simulate galton --n 300 --theta uniform(-1,0) --reference -0.6 --as plain"), null);
        assertThatThrownBy(() -> train.run(args("ratio --data plain --method rascal --as x"), null))
                .hasMessageContaining("r_xz").hasMessageContaining("--augment");
        events.run(args("simulate ee-mumu --n 3000 --theta 0.23 --augment --as atref"), null);
        train.run(args("score --data atref --epochs 2 --hidden 16 --as sally"), null);
        train.run(List.of("save", "sally", tmp.resolve("sally.hepml").toString()), null);
        Object loaded = train.run(List.of("load", tmp.resolve("sally.hepml").toString(), "--as", "sally2"), null);
        assertThat(((org.hepml.engine.sbi.ScoreEstimator) loaded).score(new double[][]{{0.3}})[0])
                .containsExactly(((org.hepml.engine.sbi.ScoreEstimator) ws.get("sally")).score(new double[][]{{0.3}})[0]);
        Object f = new InferMagic(ws).run(args("fisher --model sally --data atref --events 1000 --exact"), null);
        assertThat(f.toString()).contains("exact").contains("errors with 1,000 events: ").contains("\u00b1");
    }
}
