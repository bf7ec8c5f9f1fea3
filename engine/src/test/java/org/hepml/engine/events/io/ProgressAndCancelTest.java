package org.hepml.engine.events.io;

import org.hepml.engine.Cancelled;
import org.hepml.engine.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProgressAndCancelTest {
    @TempDir
    Path tmp;

    @AfterEach
    void reset() {
        Progress.Factory.reset();
        Thread.interrupted();
    }

    Path sample(int events) {
        Path f = tmp.resolve("p.lhe.gz");
        try (LheWriter w = LheWriter.create(f)) {
            for (int i = 0; i < events; i++) {
                w.event(1, 1, 91, 0.0078, 0.118).particle(13, 1, 0, 0, 0, 0, i, 1, 2, 3, 0).endEvent();
            }
        }
        return f;
    }

    @Test
    void reportsBytesReadAndFinishes() {
        Path f = sample(5000);
        List<String> seen = new ArrayList<>();
        List<Progress.Task> tasks = new ArrayList<>();
        Progress.Factory.install(t -> {
            tasks.add(t);
            return new Progress() {
                public void update(long done, String status) {
                    assertThat(done).isBetween(0L, t.total());
                    seen.add(status);
                }

                public void finish(String status) {
                    seen.add("finished: " + status);
                }
            };
        });
        EventFiles.load(f);
        assertThat(tasks).singleElement().satisfies(t -> {
            assertThat(t.unit()).isEqualTo("bytes");
            assertThat(t.total()).isEqualTo(f.toFile().length());
        });
        assertThat(seen).contains("1024 events", "finished: 5000 events loaded");
    }

    @Test
    void kernelInterruptStopsLoadingAndReturnsNothing() {
        Path f = sample(3000);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> EventFiles.load(f)).isInstanceOf(Cancelled.class).hasMessageContaining("was interrupted; nothing was stored");
    }
}
