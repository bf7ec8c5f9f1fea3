package org.hepml.engine.events.io;

import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RoundTripTest {
    @TempDir
    Path tmp;

    /** Writes 200 random events with reweighting weights, negative weights and comments; reads back the same numbers. */
    @Test
    void lheWriterThenReaderGivesBackExactlyTheNumbers() {
        Path f = tmp.resolve("rt.lhe.gz");
        Random rnd = new Random(7);
        int n = 200;
        double[][] px = new double[n][6], w = new double[n][3];
        double[] nominal = new double[n];
        try (LheWriter out = LheWriter.create(f)) {
            out.beams(2212, 2212, 6500, 6500).pdf(0, 303600, 0, 303600).weightingStrategy(-4).process(3, 812.5, 2.5, 1000)
                    .generator("hepml-test", "1").weight("w_a", "a = 1", "scan").weight("w_b", "a = 2 & <b>", "scan").weight("muR2", "scale", "");
            for (int i = 0; i < n; i++) {
                nominal[i] = (rnd.nextDouble() < 0.1 ? -1 : 1) * rnd.nextDouble() * 1e3;
                out.event(3, nominal[i], 91.0 + rnd.nextGaussian(), 1 / 128.0, 0.118);
                for (int k = 0; k < 6; k++) {
                    px[i][k] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(8) - 3);
                    out.particle(k < 2 ? 21 : (k % 2 == 0 ? 5 : -5), k < 2 ? -1 : 1, k < 2 ? 0 : 1, k < 2 ? 0 : 2, 501, 0,
                            px[i][k], -px[i][k], 0.5 * px[i][k], 10 + Math.abs(px[i][k]), 4.7);
                }
                if (i % 3 == 0) out.comment("#pdf 21 21 0.1 0.2 91.2");
                for (int k = 0; k < 3; k++) {
                    w[i][k] = nominal[i] * (1 + 0.1 * rnd.nextGaussian());
                    out.namedWeight(new String[]{"w_a", "w_b", "muR2"}[k], w[i][k]);
                }
                out.endEvent();
            }
        }
        LoadedEvents ev = EventFiles.load(f);
        Dataset d = ev.events();
        assertThat(d.column("weight")).containsExactly(nominal);
        for (int i = 0; i < n; i++) {
            assertThat(d.column("weight.w_a")[i]).isEqualTo(w[i][0]);
            assertThat(d.column("weight.muR2")[i]).isEqualTo(w[i][2]);
            for (int k = 0; k < 6; k++) {
                int g = ev.particles().first(i) + k;
                assertThat(ev.particles().px()[g]).isEqualTo(px[i][k]);
                assertThat(ev.particles().py()[g]).isEqualTo(-px[i][k]);
            }
        }
        assertThat(ev.runInfo().weights().get("w_b").description()).isEqualTo("a = 2 & <b>");
        assertThat(ev.runInfo().beams().get(0).pdfSet()).isEqualTo(303600);
        assertThat(ev.runInfo().processes()).containsExactly(new RunInfo.Process(3, 812.5, 2.5, 1000));

        // the loaded events written again, to LHE and to HepMC3, read back the same
        Path again = tmp.resolve("again.lhe");
        LheWriter.write(again, ev);
        LoadedEvents ev2 = EventFiles.load(again);
        assertThat(ev2.events().column("weight.w_b")).containsExactly(d.column("weight.w_b"));
        assertThat(ev2.particles().pz()).containsExactly(ev.particles().pz());
        assertThat(ev2.particles().color1()).containsExactly(ev.particles().color1());

        Path hepmc = tmp.resolve("again.hepmc3.gz");
        HepMC3Writer.write(hepmc, ev);
        LoadedEvents ev3 = EventFiles.load(hepmc);
        assertThat(ev3.runInfo().format()).isEqualTo(EventFormat.HEPMC3);
        assertThat(ev3.events().column("weight")).containsExactly(nominal);
        assertThat(ev3.events().column("weight.w_a")).containsExactly(d.column("weight.w_a"));
        assertThat(ev3.particles().e()).containsExactly(ev.particles().e());
        assertThat(ev3.particles().pdg()).containsExactly(ev.particles().pdg());
        assertThat(ev3.particles().mother1()).containsExactly(ev.particles().mother1());
        assertThat(ev3.particles().mother2()).containsExactly(ev.particles().mother2());
    }
}
