package org.hepml.engine.events;

import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DatasetTest {

    @Test
    void rolesFollowColumnNames() {
        Dataset d = Dataset.builder("d").column("x.pt", new double[]{1, 2}).column("theta.0", new double[]{0, 1})
                .column("weight", new double[]{1, 1}).column("weight.rw01", new double[]{2, 2})
                .column("r_xz", new double[]{1, 1}).column("t_xz.0", new double[]{0, 0})
                .column("y", new double[]{0, 1}).column("run", new double[]{5, 5}).build();
        assertThat(d.columns(ColumnRole.OBSERVABLE)).containsExactly("x.pt");
        assertThat(d.columns(ColumnRole.PARAMETER)).containsExactly("theta.0");
        assertThat(d.columns(ColumnRole.WEIGHT)).containsExactly("weight");
        assertThat(d.columns(ColumnRole.ALT_WEIGHT)).containsExactly("weight.rw01");
        assertThat(d.columns(ColumnRole.JOINT_RATIO)).containsExactly("r_xz");
        assertThat(d.columns(ColumnRole.JOINT_SCORE)).containsExactly("t_xz.0");
        assertThat(d.columns(ColumnRole.LABEL)).containsExactly("y");
        assertThat(d.columns(ColumnRole.OTHER)).containsExactly("run");
    }

    @Test
    void summaryUsesWeightsAndReportsNegativeOnes() {
        Dataset d = Dataset.builder("d").column("x.a", new double[]{1, 2, 3, Double.NaN})
                .column("weight", new double[]{1, 1, -1, 1}).build();
        DatasetSummary s = d.summary();
        assertThat(s.sumWeights()).isEqualTo(2.0);
        assertThat(s.negativeWeightFraction()).isEqualTo(0.25);
        // weighted mean of 1, 2, 3 with weights 1, 1, -1 = (1 + 2 - 3) / 1 = 0
        assertThat(s.column("x.a").mean()).isCloseTo(0.0, within(1e-12));
        assertThat(s.column("x.a").missing()).isEqualTo(1);
        assertThat(s.toString()).contains("negative weights");
        assertThat(s.toHtml()).contains("<table>").contains("x.a");
    }

    @Test
    void unknownColumnNamesTheColumnsThereAre() {
        Dataset d = Dataset.builder("d").column("x.a", new double[]{1}).build();
        assertThatThrownBy(() -> d.column("x.b")).isInstanceOf(HepmlException.class)
                .hasMessageContaining("x.b").hasMessageContaining("x.a");
    }

    @Test
    void columnsOfDifferentLengthAreRefused() {
        assertThatThrownBy(() -> Dataset.builder("d").column("x.a", new double[]{1}).column("x.b", new double[]{1, 2}))
                .hasMessageContaining("x.b");
    }

    @Test
    void htmlShowsShapeRolesAndRows() {
        Dataset d = Dataset.builder("toy<1>").column("x.a", new double[]{1, 2}).build();
        assertThat(d.toHtml()).contains("toy&lt;1&gt;").contains("2 events").contains("observable");
    }
}
