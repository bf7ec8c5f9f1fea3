package org.hepml.engine.events.io;

import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.events.Dataset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hepml.engine.events.io.LheReaderTest.resource;

class HepMCReaderTest {

    @Test
    void readsHepMC3WithNamedWeightsAttributesAndUnits() {
        LoadedEvents ev = EventFiles.load(resource("pythia8_zmumu.hepmc3"), LoadOptions.defaults().observables("m(mu1,mu2), n(fs), pt(gamma1)"));
        RunInfo run = ev.runInfo();
        assertThat(run.format()).isEqualTo(EventFormat.HEPMC3);
        assertThat(run.formatVersion()).isEqualTo("3.02.05");
        assertThat(run.generators()).containsExactly(new RunInfo.Generator("Pythia8", "8.310"));
        assertThat(run.weights()).containsKeys("Weight", "MUR0.5_MUF0.5", "MUR2.0_MUF2.0");
        assertThat(run.processes().get(0).crossSection()).isEqualTo(1987.654321);
        Dataset d = ev.events();
        assertThat(d.column("weight")).containsExactly(1.0, -2.0);
        assertThat(d.column("weight.MUR2.0_MUF2.0")).containsExactly(0.95, -1.9);
        assertThat(d.column("process_id")).containsExactly(221, 221);
        assertThat(d.column("alpha_s")[0]).isEqualTo(0.13);
        assertThat(Double.isNaN(d.column("alpha_s")[1])).isTrue(); // the second event has no alphaQCD attribute
        ParticleArrays p = ev.particles();
        assertThat(p.count(0)).isEqualTo(9);
        assertThat(p.mother1()[p.first(0) + 4]).isEqualTo(3); // Z from vertex [3,4]
        assertThat(p.mother2()[p.first(0) + 4]).isEqualTo(4);
        assertThat(p.mother1()[p.first(0) + 5]).isEqualTo(5); // mu- from the Z directly
        assertThat(p.px()[p.first(1) + 2]).isEqualTo(20.0);   // MEV converted to GeV
        assertThat(d.column("x.n_fs")).containsExactly(4, 3);
        assertThat(d.column("x.pt_gamma1")[1]).isEqualTo(5.0);
        assertThat(Double.isNaN(d.column("x.pt_gamma1")[0])).isTrue(); // no photon: NaN
    }

    @Test
    void readsHepMC2WithVerticesWeightsAndCrossSection() {
        LoadedEvents ev = EventFiles.load(resource("herwig_ww.hepmc2"), LoadOptions.defaults().observables("met, pt(mu1)"));
        RunInfo run = ev.runInfo();
        assertThat(run.format()).isEqualTo(EventFormat.HEPMC2);
        assertThat(run.processes().get(0).crossSection()).isEqualTo(12.345);
        Dataset d = ev.events();
        assertThat(d.column("weight")).containsExactly(0.99);
        assertThat(d.column("weight.MUR=2")).containsExactly(1.01);
        assertThat(d.column("scale")).containsExactly(80.399998);
        assertThat(d.column("process_id")).containsExactly(7);
        ParticleArrays p = ev.particles();
        assertThat(p.count(0)).isEqualTo(7);
        assertThat(p.mother1()[3]).isEqualTo(3);           // W+ comes from the photon's end vertex -2
        assertThat(p.mother1()[5]).isEqualTo(4);           // mu+ from the W+ (end vertex -3)
        assertThat(p.mother1()[2]).isEqualTo(1);           // photon from e- e+ at vertex -1
        assertThat(p.mother2()[2]).isEqualTo(2);
        assertThat(p.mother1()[0]).isEqualTo(0);           // orphan beam
        assertThat(d.column("x.met")[0]).isEqualTo(Math.hypot(10, -10));
        assertThat(d.column("x.pt_mu1")[0]).isEqualTo(Math.hypot(20, 10));
    }
}
