package org.hepml.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Long tasks made of long tasks show one display: inner tasks report into the outer one's status line. */
class NestedProgressTest {
    final List<String> displays = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();

    @AfterEach
    void reset() {
        Progress.Factory.reset();
    }

    void install() {
        Progress.Factory.install(task -> {
            displays.add(task.title());
            return new Progress() {
                @Override
                public void update(long done, String status) {
                    statuses.add(task.title() + ": " + status);
                }

                @Override
                public void finish(String status) {
                }
            };
        });
    }

    @Test
    void innerTasksShareTheOuterDisplayAndNestingUnwinds() {
        install();
        try (Progress outer = Progress.startNested("comparison", 2, "trainings")) {
            outer.update(0, "carl");
            try (Progress middle = Progress.startNested("omnifold", 2, "steps")) {
                middle.update(1, "step 1");
                try (Progress inner = Progress.start("classifier", 10, "batches")) {
                    inner.update(3, "loss 0.69");
                }
            }
            try (Progress again = Progress.start("second training", 10, "batches")) {
                again.update(1, "loss 0.5");
            }
        }
        assertThat(displays).containsExactly("comparison");
        assertThat(statuses).contains("comparison: carl \u00b7 step 1 \u00b7 loss 0.69", "comparison: carl \u00b7 loss 0.5");
        // after the outer task, a new task opens its own display again
        try (Progress p = Progress.start("later", 1, "x")) {
            p.update(1, "");
        }
        assertThat(displays).containsExactly("comparison", "later");
    }

    /**
     * A task of few long units (OmniFold's steps) shows the unit under way moving: an inner task's fraction done counts
     * as part of it, and does not go back when a second inner task of the same unit starts from zero.
     */
    @Test
    void innerTasksMoveTheOuterFractionWithinAUnit() {
        List<Double> done = new ArrayList<>();
        Progress.Factory.install(task -> new Progress() {
            @Override
            public void update(long d, String status) {
                done.add((double) d);
            }

            @Override
            public void updateFraction(double d, String status) {
                done.add(d);
            }

            @Override
            public void finish(String status) {
            }
        });
        try (Progress omnifold = Progress.startNested("OmniFold", 2, "steps")) {
            try (Progress step1 = Progress.start("classifier", 10, "batches")) {
                step1.update(5, "");
            }
            try (Progress average = Progress.start("lost events' average", 10, "batches")) {
                average.update(2, "");
            }
            omnifold.update(1, "step 1 done");
            try (Progress step2 = Progress.start("classifier", 4, "batches")) {
                step2.update(1, "");
            }
        }
        assertThat(done).containsExactly(0.5, 0.5, 1.0, 1.25);
    }
}
