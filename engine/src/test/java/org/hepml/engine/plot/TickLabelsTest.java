package org.hepml.engine.plot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tick labels are plain numbers (a common power of ten goes to the axis title), never E-notation. */
class TickLabelsTest {

    @Test
    void plainNumbersWithoutFloatingPointNoise() {
        assertThat(HepStyle.tickLabel(0.30000000000000004, 0, 1e-4)).isEqualTo("0.3");
        assertThat(HepStyle.tickLabel(25000, 0, 1e-1)).isEqualTo("25000");
        assertThat(HepStyle.tickLabel(-1.5, 0, 1e-4)).isEqualTo("\u22121.5");
        assertThat(HepStyle.tickLabel(1e-17, 0, 1e-4)).isEqualTo("0");
        assertThat(HepStyle.tickLabel(-0.0, 0, 1e-4)).isEqualTo("0");
        assertThat(HepStyle.tickLabel(2_500_000, 6, 1e-4)).isEqualTo("2.5");
        assertThat(HepStyle.tickLabel(0.00015, -4, 1e-3)).isEqualTo("1.5");
    }

    @Test
    void largeAndSmallRangesTakeOutAPowerOfTen() {
        assertThat(HepStyle.exponent(99_999)).isZero();
        assertThat(HepStyle.exponent(250_000)).isEqualTo(5);
        assertThat(HepStyle.exponent(0.002)).isZero();
        assertThat(HepStyle.exponent(0.0004)).isEqualTo(-4);
        assertThat(Figure.withExponent("Events / 0.2", 5)).isEqualTo("Events / 0.2 [×10^{5}]");
        assertThat(Figure.withExponent("p_T(j₁) [GeV]", 3)).isEqualTo("p_T(j₁) [×10^{3} GeV]");
        assertThat(Figure.withExponent("σ", -4)).isEqualTo("σ [×10^{\u22124}]");
    }

    @Test
    void eNotationIsRecognised() {
        for (String e : new String[]{"2.5E4", "0.0E0", "1e-3", "3E+2", "1.0E\u22122"}) assertThat(HepStyle.isENotation(e)).as(e).isTrue();
        for (String p : new String[]{"25000", "0", "\u22121.5", "0.001", "100000", "E[x]"}) assertThat(HepStyle.isENotation(p)).as(p).isFalse();
    }
}
