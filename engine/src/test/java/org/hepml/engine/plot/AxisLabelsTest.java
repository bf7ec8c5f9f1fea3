package org.hepml.engine.plot;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AxisLabelsTest {

    @Test
    void columnsAndParametersGetPhysicsLabels() {
        assertThat(AxisLabels.of("x.gen")).isEqualTo("x (generator level)");
        assertThat(AxisLabels.of("x.reco")).isEqualTo("x (detector level)");
        assertThat(AxisLabels.of("theta.sin2w")).isEqualTo("sin²θ_W");
        assertThat(AxisLabels.of("sin2w")).isEqualTo("sin²θ_W");
        assertThat(AxisLabels.of("x.pt_j1")).isEqualTo("p_T(j₁) [GeV]");
        assertThat(AxisLabels.of("pt(j1)")).isEqualTo("p_T(j₁) [GeV]");
        assertThat(AxisLabels.of("x.m_l1_l2")).isEqualTo("m(ℓ₁,ℓ₂) [GeV]");
        assertThat(AxisLabels.of("x.dphi_j1_j2")).isEqualTo("Δφ(j₁,j₂)");
        assertThat(AxisLabels.of("x.met")).isEqualTo("E_T^{miss} [GeV]");
        assertThat(AxisLabels.of("x.pt_mup1")).isEqualTo("p_T(μ⁺₁) [GeV]");
        assertThat(AxisLabels.of("x.gen.m")).isEqualTo("m_{jet} (generator level) [GeV]");
        assertThat(AxisLabels.of("x.reco.tau21")).isEqualTo("τ_{21} (detector level)");
        assertThat(AxisLabels.of("x.m_sd")).isEqualTo("m_{SD} [GeV]");   // %jets cluster's columns
        assertThat(AxisLabels.of("x.tau32")).isEqualTo("τ_{32}");
        assertThat(AxisLabels.of("x.cos")).isEqualTo("cos θ");
        assertThat(AxisLabels.of("x.1")).isEqualTo("x₁");
        assertThat(AxisLabels.of("sqrts")).isEqualTo("√s [GeV]");
        assertThat(AxisLabels.of("t_xz.sin2w")).isEqualTo("t_{sin²θ_W}(x,z)");
    }

    @Test
    void unknownNamesStayAsTheyAre() {
        for (String name : new String[]{"x.foo", "x.my_var", "weightless", "y", "x.pt_lep1", "x.ptt_j1"}) {
            assertThat(AxisLabels.of(name)).isEqualTo(name);
        }
        // and draw as written: a column's underscore is not a subscript
        assertThat(RichText.plain("x.my_var")).isEqualTo("x.my_var");
    }

    @Test
    void aDatasetNamesItsOwnColumns() {
        assertThat(AxisLabels.of("x.mjj", Map.of("label.x.mjj", "m_{jj} [GeV]"))).isEqualTo("m_{jj} [GeV]");
        assertThat(AxisLabels.of("x.gen", Map.of("label.x.other", "?"))).isEqualTo("x (generator level)");
    }

    @Test
    void unitsAndSymbols() {
        assertThat(AxisLabels.unit("p_T(j₁) [GeV]")).isEqualTo("GeV");
        assertThat(AxisLabels.unit("x (generator level)")).isEmpty();
        assertThat(AxisLabels.withoutUnit("m_{jet} (generator level) [GeV]")).isEqualTo("m_{jet} (generator level)");
        assertThat(AxisLabels.symbol("m_{jet} (generator level) [GeV]")).isEqualTo("m_{jet}");
    }

    @Test
    void markupBecomesSubAndSuperscripts() {
        assertThat(RichText.parse("p_T(j₁) [GeV]")).containsExactly(new RichText.Run("p", 0), new RichText.Run("T", -1),
                new RichText.Run("(j₁) [GeV]", 0));
        assertThat(RichText.parse("E_T^{miss}")).containsExactly(new RichText.Run("E", 0), new RichText.Run("T", -1),
                new RichText.Run("miss", 1));
        assertThat(RichText.plain("sin²θ_W")).isEqualTo("sin²θW");
        assertThat(RichText.plain("×10^{−3}")).isEqualTo("×10−3");
    }
}
