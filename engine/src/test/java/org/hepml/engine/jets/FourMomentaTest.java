package org.hepml.engine.jets;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.FourMomenta;
import org.hepml.engine.events.JaggedColumn;
import org.hepml.engine.events.ParticleEvents;
import org.hepml.engine.events.sim.TopQcdJets;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FourMomentaTest {

    /** pT, y, phi, E and back: the four-momenta agree to rounding (1e-12 of E). */
    @Test
    void ptYPhiColumnsRoundTrip() {
        FourMomenta p = new TopQcdJets().seed(2).generate("rt", 200).particles();
        Map<String, JaggedColumn> c = p.ptYPhiE();
        double[] m = new double[p.particles()];
        for (int i = 0; i < m.length; i++) {
            double p2 = p.px()[i] * p.px()[i] + p.py()[i] * p.py()[i] + p.pz()[i] * p.pz()[i];
            m[i] = Math.sqrt(Math.max(0, p.e()[i] * p.e()[i] - p2));
        }
        FourMomenta back = FourMomenta.fromPtYPhiM(c.get("pt"), c.get("y"), c.get("phi"), new JaggedColumn("m", p.offsets(), m), false);
        for (int i = 0; i < m.length; i++) {
            assertThat(back.px()[i]).isCloseTo(p.px()[i], within(1e-12 * p.e()[i]));
            assertThat(back.pz()[i]).isCloseTo(p.pz()[i], within(1e-12 * p.e()[i]));
            assertThat(back.e()[i]).isCloseTo(p.e()[i], within(1e-12 * p.e()[i]));
        }
        assertThat(c.get("pt").events()).isEqualTo(200);
    }

    /** One thread or all: the same events (one random stream per chunk of jets, split in order). */
    @Test
    void theSimulatorDoesNotDependOnTheThreads() throws Exception {
        ParticleEvents all = new TopQcdJets().seed(8).generate("all", 2500);
        ParticleEvents one = new ForkJoinPool(1).submit(() -> new TopQcdJets().seed(8).generate("one", 2500)).get();
        assertThat(one.particles().offsets()).isEqualTo(all.particles().offsets());
        assertThat(one.particles().e()).isEqualTo(all.particles().e());
    }

    @Test
    void inconsistentColumnsAreRefused() {
        assertThatThrownBy(() -> new FourMomenta(new int[]{0, 2}, new double[2], new double[2], new double[1], new double[2]))
                .isInstanceOf(HepmlException.class).hasMessageContaining("unequal length");
        assertThatThrownBy(() -> new FourMomenta(new int[]{0, 3}, new double[2], new double[2], new double[2], new double[2]))
                .hasMessageContaining("offsets");
    }
}
