package org.hepml.engine.events;

import org.hepml.engine.HepmlException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jagged columns in a Dataset against the same particles kept as one list per event (the object layout a reference
 * implementation would use): after slicing, selecting events and selecting particles, every event's list is the same.
 */
class JaggedDatasetTest {
    /** Random events: 0 to 12 particles each with pt and eta; a per-event column n and an id. */
    record Sample(Dataset dataset, List<double[][]> events) {
    }

    static Sample sample(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<double[][]> events = new ArrayList<>();
        int[] off = new int[n + 1];
        List<Double> pt = new ArrayList<>(), eta = new ArrayList<>();
        double[] id = new double[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(13);
            double[][] ev = new double[k][2];
            for (int p = 0; p < k; p++) {
                ev[p][0] = r.nextDouble() * 10;
                ev[p][1] = r.nextDouble() * 4 - 2;
                pt.add(ev[p][0]);
                eta.add(ev[p][1]);
            }
            events.add(ev);
            off[i + 1] = off[i] + k;
            id[i] = i;
        }
        Dataset d = Dataset.builder("s").column("x.id", id)
                .jagged(new JaggedColumn("pt", off, pt.stream().mapToDouble(Double::doubleValue).toArray()))
                .jagged(new JaggedColumn("eta", off, eta.stream().mapToDouble(Double::doubleValue).toArray())).build();
        return new Sample(d, events);
    }

    static void assertSame(Dataset d, List<double[][]> events) {
        assertThat(d.size()).isEqualTo(events.size());
        assertThat(d.jagged("pt").offsets()).isSameAs(d.jagged("eta").offsets());
        for (int i = 0; i < events.size(); i++) {
            double[][] ev = events.get(i);
            assertThat(d.jagged("pt").of(i)).containsExactly(Arrays.stream(ev).mapToDouble(p -> p[0]).toArray());
            assertThat(d.jagged("eta").of(i)).containsExactly(Arrays.stream(ev).mapToDouble(p -> p[1]).toArray());
        }
    }

    @Test
    void slicingAndSelectingEventsKeepTheListsWithTheirEvents() {
        Sample s = sample(500, 7);
        Dataset d = s.dataset();
        assertSame(d, s.events());

        Dataset slice = d.slice(123, 321);
        assertThat(slice.jagged("pt").offsets()[0]).isZero();
        assertThat(slice.column("x.id")[0]).isEqualTo(123);
        assertSame(slice, s.events().subList(123, 321));

        boolean[] keep = new boolean[d.size()];
        double[] id = d.column("x.id");
        List<double[][]> kept = new ArrayList<>();
        for (int i = 0; i < keep.length; i++) {
            keep[i] = s.events().get(i).length >= 6; // an event-level cut on the multiplicity
            if (keep[i]) kept.add(s.events().get(i));
        }
        Dataset selected = d.select(keep);
        assertSame(selected, kept);
        assertThat(Arrays.stream(selected.column("x.id")).allMatch(v -> keep[(int) v])).isTrue();

        int[] rows = {499, 0, 0, 250}; // reordered, repeated: a bootstrap
        List<double[][]> picked = new ArrayList<>();
        for (int r : rows) picked.add(s.events().get(r));
        assertSame(d.select(rows), picked);
        assertThat(d.select(rows).column("x.id")).containsExactly(499, 0, 0, 250);

        assertThatThrownBy(() -> d.slice(10, 501)).isInstanceOf(HepmlException.class).hasMessageContaining("500 events");
        assertThatThrownBy(() -> d.select(new int[]{500})).isInstanceOf(HepmlException.class).hasMessageContaining("Event 500");
    }

    @Test
    void selectingParticlesKeepsEveryEventAndEveryColumnOfTheList() {
        Sample s = sample(300, 11);
        Dataset d = s.dataset().withJagged(new JaggedColumn("jet_pt", new int[301], new double[0]));
        Dataset hard = d.selectParticles("pt", v -> v > 4.5);
        List<double[][]> expected = new ArrayList<>();
        for (double[][] ev : s.events()) expected.add(Arrays.stream(ev).filter(p -> p[0] > 4.5).toArray(double[][]::new));
        assertSame(hard, expected);
        assertThat(hard.jagged("jet_pt")).as("another list is left alone").isSameAs(d.jagged("jet_pt"));
        assertThat(hard.column("x.id")).containsExactly(d.column("x.id"));

        // observables on the selected particles: multiplicity, scalar sum and leading value per event
        for (int i = 0; i < expected.size(); i++) {
            double[][] ev = expected.get(i);
            assertThat(hard.jagged("pt").multiplicities()[i]).isEqualTo(ev.length);
            assertThat(hard.jagged("pt").sums()[i]).isEqualTo(Arrays.stream(ev).mapToDouble(p -> p[0]).sum(), org.assertj.core.api.Assertions.within(1e-12));
            double lead = Arrays.stream(ev).mapToDouble(p -> p[0]).max().orElse(Double.NaN);
            assertThat(Double.valueOf(hard.jagged("pt").maxima()[i])).isEqualTo(Double.valueOf(lead)); // NaN for an event left empty
        }
    }

    @Test
    void describeShowsMultiplicities() {
        Sample s = sample(200, 3);
        DatasetSummary.JaggedStats st = s.dataset().summary().jaggedColumn("pt");
        int min = s.events().stream().mapToInt(e -> e.length).min().orElseThrow();
        int max = s.events().stream().mapToInt(e -> e.length).max().orElseThrow();
        double mean = s.events().stream().mapToInt(e -> e.length).average().orElseThrow();
        assertThat(st.minCount()).isEqualTo(min);
        assertThat(st.maxCount()).isEqualTo(max);
        assertThat(st.meanCount()).isEqualTo(mean, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(st.max()).isEqualTo(s.events().stream().flatMap(Arrays::stream).mapToDouble(p -> p[0]).max().orElseThrow());
        assertThat(s.dataset().summary().toHtml()).contains("jagged column").contains("<code>eta</code>");
        assertThat(s.dataset().toHtml()).contains("jagged: pt");
    }

    @Test
    void aJaggedColumnMustHaveOneListPerEvent() {
        Dataset d = Dataset.builder("d").column("x.a", new double[]{1, 2}).build();
        assertThatThrownBy(() -> d.withJagged(new JaggedColumn("pt", new int[]{0, 1}, new double[]{1})))
                .isInstanceOf(HepmlException.class).hasMessageContaining("1 events").hasMessageContaining("has 2");
    }
}
