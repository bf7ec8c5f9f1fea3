package org.hepml.magics;

import org.hepml.engine.HepmlException;
import org.hepml.engine.api.Workspace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A magic's failure reads as one message, and %hepml trace has its stack trace. */
class MagicErrorsTest {

    @Test
    void aUserErrorIsItsMessageAndABugSaysSo() {
        assertThat(MagicErrors.message("infer", new HepmlException("Nothing is stored under 'nope'. Stored: g.")))
                .isEqualTo("Nothing is stored under 'nope'. Stored: g.");
        // wrappers (picocli's, a bare RuntimeException) are looked through
        assertThat(MagicErrors.message("train", new RuntimeException(new HepmlException("--lr must be positive."))))
                .isEqualTo("--lr must be positive.");
        String bug = MagicErrors.message("plot", new RuntimeException(new IllegalStateException("no axis")));
        assertThat(bug.lines().findFirst().orElseThrow()).isEqualTo("%plot failed with an unexpected IllegalStateException: no axis.");
        assertThat(bug).contains("bug in hepml").contains("%hepml trace");
    }

    @Test
    void traceShowsTheLastFailureWithItsCommand() {
        Workspace ws = new Workspace();
        HepmlMagic hepml = new HepmlMagic(ws);
        EventsMagic events = new EventsMagic(ws);
        List<String> args = MagicsTest.args("simulate gaussian --nn 10");
        try {
            events.run(args, null);
        } catch (RuntimeException e) {
            MagicErrors.record("events", args, null, e);
        }
        String trace = hepml.run(List.of("trace"), null).toString();
        assertThat(trace).startsWith("The last error, from %events simulate gaussian --nn 10 at ")
                .contains("MagicUsageException").contains("at org.hepml.magics.");
        assertThat(MagicErrors.command("unfold", List.of("omnifold"), "--sim sim\n--data data")).isEqualTo("%%unfold omnifold …");
    }
}
