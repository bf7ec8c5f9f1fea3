package org.hepml.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbers as the notebook prints them: scaled units, decimals where small, never "0/s", no float noise. */
class QuantitiesTest {

    @Test
    void ratesScaleTheirUnitAndKeepDecimalsWhenSmall() {
        assertThat(Quantities.rate(14_123, "samples")).isEqualTo("14.1k samples/s");
        assertThat(Quantities.rate(850.4, "samples")).isEqualTo("850 samples/s");
        assertThat(Quantities.rate(2.54, "events")).isEqualTo("2.5 events/s");
        assertThat(Quantities.rate(0.25, "steps")).isEqualTo("0.25 steps/s");
        assertThat(Quantities.rate(0.02, "trainings")).isEqualTo("50 s per training");
        assertThat(Quantities.rate(0.004, "batches")).isEqualTo("4 min 10 s per batch");
        assertThat(Quantities.rate(3.2e6, "events")).isEqualTo("3.2M events/s");
        assertThat(Quantities.rate(30_600, "bytes")).isEqualTo("30.6 kB/s");
        assertThat(Quantities.rate(0, "steps")).isEmpty(); // unknown, not "0/s"
        assertThat(Quantities.rate(Double.NaN, "steps")).isEmpty();
    }

    @Test
    void countsAndDurations() {
        assertThat(Quantities.count(950)).isEqualTo("950");
        assertThat(Quantities.count(20_000)).isEqualTo("20,000");
        assertThat(Quantities.count(4_500_000)).isEqualTo("4.5M");
        assertThat(Quantities.count(1.4)).isEqualTo("1.4");
        assertThat(Quantities.count(133_000, "bytes")).isEqualTo("133 kB");
        assertThat(Quantities.count(118, "trainings")).isEqualTo("118 trainings");
        assertThat(Quantities.duration(0.42)).isEqualTo("0.4 s");
        assertThat(Quantities.duration(42)).isEqualTo("42 s");
        assertThat(Quantities.duration(185)).isEqualTo("3 min 05 s");
        assertThat(Quantities.duration(3720)).isEqualTo("1 h 02 min");
    }

    @Test
    void measuredValuesHaveSensibleDigits() {
        assertThat(Quantities.significant(-0.8977507105604368, 4)).isEqualTo("-0.8978");
        assertThat(Quantities.significant(0.0089123, 3)).isEqualTo("0.00891");
        assertThat(Quantities.significant(1.2000001, 4)).isEqualTo("1.2");
        assertThat(Quantities.significant(12345.6, 3)).isEqualTo("12300");
        assertThat(Quantities.significant(1.5e-8, 2)).isEqualTo("1.5e-8");
        assertThat(Quantities.point(new double[]{0.827634164189502}, 4)).isEqualTo("0.8276");
        assertThat(Quantities.point(new double[]{0.23, 91.1876}, 4)).isEqualTo("(0.23, 91.19)");
    }
}
