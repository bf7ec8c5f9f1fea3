package org.hepml.engine.events.sim;

import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One reading of grid(a,b,n), for simulated parameter points and for scan grids alike. */
class ParameterPriorTest {

    @Test
    void scanGridsReadGridSpecsOnePerParameter() {
        List<double[]> axes = ParameterPrior.grids("grid(0,1,3); grid(-1, 1, 5)");
        assertThat(axes.get(0)).containsExactly(0, 0.5, 1);
        assertThat(axes.get(1)).containsExactly(-1, -0.5, 0, 0.5, 1);
        assertThat(((ParameterPrior.Points) ParameterPrior.parse("grid(-1,1,5)")).values()).containsExactly(axes.get(1));
    }

    @Test
    void aScanGridIsNothingButGrids() {
        assertThatThrownBy(() -> ParameterPrior.grids("uniform(-1,0)")).isInstanceOf(HepmlException.class)
                .hasMessageContaining("--theta").hasMessageContaining("grid(a,b,n)").hasMessageContaining("uniform(-1,0)");
        assertThatThrownBy(() -> ParameterPrior.grids("0.3")).hasMessageContaining("grid(a,b,n)");
        assertThatThrownBy(() -> ParameterPrior.grids("grid(0,1)")).hasMessageContaining("grid(a,b,n)").hasMessageContaining("grid(0,1)");
        assertThatThrownBy(() -> ParameterPrior.grids("grid(0,1,2.5)")).hasMessageContaining("whole n");
        assertThatThrownBy(() -> ParameterPrior.grids("grid(1,0,5)")).hasMessageContaining("a < b");
    }
}
