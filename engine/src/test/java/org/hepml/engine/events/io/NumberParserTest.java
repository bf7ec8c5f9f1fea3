package org.hepml.engine.events.io;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NumberParserTest {

    static double parse(String s) throws NumberParser.BadNumber {
        char[] c = s.toCharArray();
        return NumberParser.parseDouble(c, 0, c.length);
    }

    @Test
    void fortranForms() throws Exception {
        assertThat(parse("-.53E+04")).isEqualTo(-5300.0);
        assertThat(parse("1.0D+03")).isEqualTo(1000.0);
        assertThat(parse("1.0d-3")).isEqualTo(0.001);
        assertThat(parse("+4.2101234567e+02")).isEqualTo(421.01234567);
        assertThat(parse("0.1234-100")).isEqualTo(0.1234e-100);
        assertThat(parse("5.")).isEqualTo(5.0);
        assertThat(parse("-0.0")).isEqualTo(-0.0);
        assertThat(Double.isNaN(parse("NaN"))).isTrue();
        assertThat(parse("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("12345678901234567890123")).isEqualTo(1.2345678901234567890123e22);
    }

    @Test
    void rejectsGarbage() {
        for (String bad : new String[]{"", "-", ".", "1.2.3", "1e", "1e+", "abc", "1,5", "0x10", "1e5x", "--1"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(NumberParser.BadNumber.class);
        }
    }

    @Test
    void integers() throws Exception {
        char[] c = "-2147483648".toCharArray();
        assertThat(NumberParser.parseInt(c, 0, c.length)).isEqualTo(Integer.MIN_VALUE);
        char[] big = "2147483648".toCharArray();
        assertThatThrownBy(() -> NumberParser.parseInt(big, 0, big.length)).isInstanceOf(NumberParser.BadNumber.class);
    }

    @Property(tries = 3000)
    void agreesWithJavaOnEveryDouble(@ForAll double v) throws Exception {
        assertThat(parse(Double.toString(v))).isEqualTo(v);
        assertThat(parse(String.format(java.util.Locale.ROOT, "%.10E", v))).isEqualTo(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.10E", v)));
        assertThat(parse(String.format(java.util.Locale.ROOT, "%.16e", v).replace('e', 'D'))).isEqualTo(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.16e", v)));
    }
}
