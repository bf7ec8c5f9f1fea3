package org.hepml.engine.events.observables;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.ParticleArrays;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class ObservablesTest {

    /** Event 0: two jets, mu- mu+, a neutrino; event 1: one jet only. */
    static ParticleArrays events() {
        ParticleArrays.Builder b = new ParticleArrays.Builder();
        b.addParticle(21, -1, 0, 0, 0, 0, 0, 0, 500, 500, 0, 0, 9);   // incoming: never selected
        b.addParticle(1, 1, 1, 1, 0, 0, 30, 0, 0, 30, 0, 0, 9);       // j2 (pT 30)
        b.addParticle(21, 1, 1, 1, 0, 0, 0, -40, 30, 50, 0, 0, 9);    // j1 (pT 40)
        b.addParticle(13, 1, 1, 1, 0, 0, 20, 0, 0, 20, 0, 0, 9);      // mu-
        b.addParticle(-13, 1, 1, 1, 0, 0, -20, 0, 0, 20, 0, 0, 9);    // mu+
        b.addParticle(12, 1, 1, 1, 0, 0, 3, 4, 0, 5, 0, 0, 9);        // nu: met 5
        b.endEvent();
        b.addParticle(2, 1, 0, 0, 0, 0, 10, 0, 10, Math.sqrt(200), 0, 0, 9);
        b.endEvent();
        return b.build();
    }

    @Test
    void vocabularyFunctionsAndColumnNames() {
        Observables o = Observables.parse("pt(j1), pt(j2), eta(j1), m(l1,l2), dphi(j1,j2), dr(j1,j2), met, ht, n(j), e(mu1), y(j2), costh(j1), pt(mum1), pt(l1,l2)");
        assertThat(o.columns()).containsExactly("x.pt_j1", "x.pt_j2", "x.eta_j1", "x.m_l1_l2", "x.dphi_j1_j2", "x.dr_j1_j2", "x.met",
                "x.ht", "x.n_j", "x.e_mu1", "x.y_j2", "x.costh_j1", "x.pt_mum1", "x.pt_l1_l2");
        Map<String, double[]> c = o.compute(events());
        assertThat(c.get("x.pt_j1")).containsExactly(40, 10 * 1.0);
        assertThat(c.get("x.pt_j2")[0]).isEqualTo(30);
        assertThat(c.get("x.pt_j2")[1]).isNaN();                       // no second jet: NaN
        assertThat(c.get("x.eta_j1")[0]).isCloseTo(Math.log(30.0 / 40 + Math.sqrt(30.0 * 30 / 1600 + 1)), offset(1e-12));
        assertThat(c.get("x.m_l1_l2")[0]).isCloseTo(40, offset(1e-12)); // back-to-back 20 GeV muons
        assertThat(c.get("x.m_l1_l2")[1]).isNaN();
        assertThat(c.get("x.dphi_j1_j2")[0]).isCloseTo(-Math.PI / 2, offset(1e-12));
        assertThat(c.get("x.met")).containsExactly(5, 0);
        assertThat(c.get("x.ht")).containsExactly(70, 10);
        assertThat(c.get("x.n_j")).containsExactly(2, 1);
        assertThat(c.get("x.e_mu1")[0]).isEqualTo(20);
        assertThat(c.get("x.y_j2")[0]).isEqualTo(0);
        assertThat(c.get("x.costh_j1")[0]).isCloseTo(0.6, offset(1e-12));
        assertThat(c.get("x.pt_mum1")[0]).isEqualTo(20);
        assertThat(c.get("x.pt_l1_l2")[0]).isEqualTo(0);
    }

    @Test
    void javaLambdaHookAndCustomCollections() {
        Vocabulary v = Vocabulary.standard().with("quarks", ParticleSelection.absPdg(1, 2, 3, 4, 5));
        Observables o = Observables.parse("n(quarks)", v).with("mu_asym", ev -> ev.pt(ev.object("mum", 1)) - ev.pt(ev.object("mup", 1)));
        Map<String, double[]> c = o.compute(events());
        assertThat(c.get("x.n_quarks")).containsExactly(1, 1);
        assertThat(c.get("x.mu_asym")[0]).isEqualTo(0);
        assertThat(c.get("x.mu_asym")[1]).isNaN();
    }

    @Test
    void errorsNameTheBadTokenAndListTheVocabulary() {
        assertThatThrownBy(() -> Observables.parse("pt(j1), ptt(j1)")).isInstanceOf(HepmlException.class)
                .hasMessageContaining("at 'ptt'").hasMessageContaining("unknown observable 'ptt'").hasMessageContaining("Functions: pt, eta")
                .hasMessageContaining("Collections: j, b, l");
        assertThatThrownBy(() -> Observables.parse("pt(jet1)")).isInstanceOf(HepmlException.class).hasMessageContaining("unknown particle collection 'jet'");
        assertThatThrownBy(() -> Observables.parse("pt(j)")).isInstanceOf(HepmlException.class).hasMessageContaining("is not an object");
        assertThatThrownBy(() -> Observables.parse("dr(j1)")).isInstanceOf(HepmlException.class).hasMessageContaining("exactly two objects");
        assertThatThrownBy(() -> Observables.parse("pt(j1")).isInstanceOf(HepmlException.class).hasMessageContaining("at the end").hasMessageContaining("')' closing pt(");
        assertThatThrownBy(() -> Observables.parse("pt(j0)")).isInstanceOf(HepmlException.class).hasMessageContaining("ranks start at 1");
        assertThat(Observables.parse("  ").isEmpty()).isTrue();
    }

    @Test
    void sortingByPtIsStableUnderManyParticles() {
        ParticleArrays.Builder b = new ParticleArrays.Builder();
        for (int k = 0; k < 40; k++) b.addParticle(21, 1, 0, 0, 0, 0, (k * 37) % 40, 0, 0, 100, 0, 0, 9);
        b.endEvent();
        EventView ev = new EventView(b.build(), Vocabulary.standard());
        ev.moveTo(0);
        int[] j = ev.objects("j");
        for (int k = 1; k < j.length; k++) assertThat(ev.pt(j[k - 1])).isGreaterThanOrEqualTo(ev.pt(j[k]));
        assertThat(ev.object("j", 41)).isEqualTo(-1);
        assertThat(ev.pt(-1)).isNaN();
    }
}
