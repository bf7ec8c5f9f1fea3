package org.hepml.kernel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorDisplayTest {

    static String encoded(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The interrupted source of a magic cell is JJava's transpiled call; its first argument names the magic. */
    @Test
    void tellsWhichMagicAnInterruptedCellRan() {
        String line = "org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.lineMagic(new String(java.util.Base64.getDecoder().decode(\""
                + encoded("train") + "\")),java.util.List.of(new String(java.util.Base64.getDecoder().decode(\"" + encoded("ratio") + "\"))));";
        String cell = "org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.cellMagic(new String(java.util.Base64.getDecoder().decode(\""
                + encoded("unfold") + "\")),java.util.List.of(),new String(java.util.Base64.getDecoder().decode(\"\")));";
        assertThat(ErrorDisplay.interruptedMagic(line)).isEqualTo("train");
        assertThat(ErrorDisplay.interruptedMagic(cell)).isEqualTo("unfold");
        assertThat(ErrorDisplay.interruptedMagic("var m = hep.ratioEstimator(\"train\", Method.ALICES, \"lr\");")).isNull();
    }
}
