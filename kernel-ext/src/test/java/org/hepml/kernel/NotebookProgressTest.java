package org.hepml.kernel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The progress line: done/total, a rate in scaled units, the time left or taken; no "0/s", no bare counts. */
class NotebookProgressTest {

    @Test
    void aRunningTaskShowsDoneOfTotalRateAndTimeLeft() {
        assertThat(NotebookProgress.line(733, 5900, "batches", 6.7, null).text())
                .isEqualTo("12% · 733/5,900 batches · 109 batches/s · ETA 47 s");
        assertThat(NotebookProgress.line(60_000, 133_000, "bytes", 2, null).text())
                .isEqualTo("45% · 60 kB/133 kB · 30 kB/s · ETA 2.4 s");
    }

    @Test
    void slowTasksShowDecimalsOrTimePerUnitNeverZero() {
        // 118 of 125 trainings in 9 min: 0.22 trainings per second
        assertThat(NotebookProgress.line(118, 125, "trainings", 540, null).text())
                .isEqualTo("94% · 118/125 trainings · 0.22 trainings/s · ETA 32 s");
        // one OmniFold run: 0.4 of 6 steps after 30 s (a step's training under way)
        assertThat(NotebookProgress.line(0.4, 6, "steps", 30, null).text())
                .isEqualTo("6% · 0.4/6 steps · 1 min 15 s per step · ETA 7 min 00 s");
    }

    @Test
    void beforeTheFirstUnitAndAtTheEndTheTimeIsTheTimeTaken() {
        assertThat(NotebookProgress.line(0, 6, "steps", 3.2, null).text()).isEqualTo("0% · 0/6 steps · 3.2 s");
        assertThat(NotebookProgress.line(20_000, 20_000, "events", 0.6, "done").text())
                .isEqualTo("100% · 20,000/20,000 events · 33.3k events/s · done after 0.6 s");
        assertThat(NotebookProgress.line(1234, -1, "events", 2, null).text()).isEqualTo("1,234 events · 617 events/s · 2.0 s");
    }
}
