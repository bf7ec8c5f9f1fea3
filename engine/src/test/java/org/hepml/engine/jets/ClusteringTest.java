package org.hepml.engine.jets;

import org.hepml.engine.HepmlException;
import org.hepml.engine.events.FourMomenta;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusteringTest {

    /**
     * FastJet 3.5.2 (PyPI bindings, bench/clustering/fastjet_jets.py) on 8 events of ~350 particles (hard sprays plus a
     * soft spread, half massive), every inclusive jet (pT > 0): the same jets in the same order, the same constituents,
     * four-momenta equal to 1e-9 relative. An exact comparison: any difference in the merge sequence fails it.
     */
    @Test
    void sameJetsAsFastJet() throws IOException {
        FourMomenta events = readEvents("fastjet");
        assertThat(events.events()).isEqualTo(8);
        assertThat(events.particles()).isGreaterThan(8 * 250);
        for (String def : List.of("antikt_0.4", "kt_0.6", "ca_0.8", "antikt_1.0")) {
            String[] parts = def.split("_");
            JetDefinition jd = new JetDefinition(JetAlgorithm.parse(parts[0]), Double.parseDouble(parts[1]));
            Jets jets = Jets.cluster(events, jd, 0, Double.POSITIVE_INFINITY);
            List<String> reference = lines("fastjet/jets_" + def + ".txt.gz");
            assertThat(jets.size()).as(def + " number of jets").isEqualTo(reference.size());
            int[] seen = new int[events.events()];
            for (String line : reference) {
                String[] f = line.trim().split(" ");
                int ev = Integer.parseInt(f[0]);
                int j = jets.jet(ev, seen[ev]++);
                assertThat(j).as(def + " event " + ev).isGreaterThanOrEqualTo(0);
                double[] ref = {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])};
                double[] got = {jets.px()[j], jets.py()[j], jets.pz()[j], jets.e()[j]};
                for (int k = 0; k < 4; k++) assertThat(Math.abs(got[k] - ref[k])).as(def + " event " + ev + " component " + k).isLessThanOrEqualTo(1e-9 * ref[3]);
                int[] cons = Arrays.stream(f, 5, f.length).mapToInt(Integer::parseInt).toArray();
                assertThat(jets.constituentsOf(j)).as(def + " event " + ev + " constituents").containsExactly(cons);
            }
        }
    }

    /** Against a literal O(N^3) implementation of the generalized-kT definition, on random events of 40-120 particles. */
    @Test
    void sameJetsAsTheDefinitionSpelledOut() {
        SplittableRandom rng = new SplittableRandom(7);
        for (JetAlgorithm alg : JetAlgorithm.values()) {
            for (double r : new double[]{0.3, 0.7, 1.5}) {
                FourMomenta ev = randomEvents(rng, 6, 40, 120);
                JetDefinition def = new JetDefinition(alg, r);
                Jets jets = Jets.cluster(ev, def, 0, Double.POSITIVE_INFINITY);
                for (int e = 0; e < ev.events(); e++) {
                    List<int[]> expected = naiveInclusive(ev, e, alg.p, r, -1);
                    assertThat(jets.count(e)).as(def + " event " + e).isEqualTo(expected.size());
                    List<String> got = new ArrayList<>(), want = new ArrayList<>();
                    for (int k = 0; k < jets.count(e); k++) got.add(Arrays.toString(jets.constituentsOf(jets.jet(e, k))));
                    for (int[] c : expected) want.add(Arrays.toString(c));
                    assertThat(got).as(def + " event " + e).containsExactlyInAnyOrderElementsOf(want);
                }
            }
        }
    }

    @Test
    void exclusiveKtJetsAreTheLastMergesUndone() {
        SplittableRandom rng = new SplittableRandom(11);
        FourMomenta ev = randomEvents(rng, 5, 20, 60);
        ClusterSequence cs = new ClusterSequence();
        for (int e = 0; e < ev.events(); e++) {
            cs.cluster(new JetDefinition(JetAlgorithm.KT, JetDefinition.MAX_R), ev.px(), ev.py(), ev.pz(), ev.e(), ev.first(e), ev.count(e));
            for (int n = 1; n <= 4; n++) {
                List<String> got = new ArrayList<>(), want = new ArrayList<>();
                for (int j : cs.exclusiveJets(n)) got.add(Arrays.toString(cs.constituents(j)));
                for (int[] c : naiveInclusive(ev, e, 1, JetDefinition.MAX_R, n)) want.add(Arrays.toString(c));
                assertThat(got).as("event " + e + ", " + n + " exclusive jets").containsExactlyInAnyOrderElementsOf(want);
            }
        }
    }

    @Test
    void azimuthWrapsAroundAndSelectionsApply() {
        // two 50 GeV particles at phi = +-0.05 (across phi = 0 = 2 pi), one 20 GeV at y = 3
        double[] px = {50 * Math.cos(0.05), 50 * Math.cos(-0.05), 20}, py = {50 * Math.sin(0.05), 50 * Math.sin(-0.05), 0};
        double[] pz = {0, 0, 20 * Math.sinh(3)}, e = {50, 50, 20 * Math.cosh(3)};
        FourMomenta ev = new FourMomenta(new int[]{0, 3}, px, py, pz, e);
        Jets all = Jets.cluster(ev, JetDefinition.antiKt(0.4), 0, 10);
        assertThat(all.count(0)).isEqualTo(2);
        assertThat(all.constituentsOf(all.jet(0, 0))).containsExactly(0, 1);
        assertThat(all.pt(all.jet(0, 0))).isCloseTo(100 * Math.cos(0.05), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Jets.cluster(ev, JetDefinition.antiKt(0.4), 0, 2.5).count(0)).isEqualTo(1);
        assertThat(Jets.cluster(ev, JetDefinition.antiKt(0.4), 30, 10).count(0)).isEqualTo(1);
    }

    @Test
    void badDefinitionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> JetDefinition.antiKt(0)).isInstanceOf(HepmlException.class).hasMessageContaining("radius R");
        assertThatThrownBy(() -> JetAlgorithm.parse("siscone")).hasMessageContaining("antikt, kt or ca");
        FourMomenta none = new FourMomenta(new int[]{0, 0}, new double[0], new double[0], new double[0], new double[0]);
        assertThat(Jets.cluster(none, JetDefinition.kt(0.4), 0, 5).count(0)).isZero();
    }

    // ---- helpers

    static FourMomenta randomEvents(SplittableRandom rng, int events, int min, int max) {
        int[] off = new int[events + 1];
        List<double[]> rows = new ArrayList<>();
        for (int e = 0; e < events; e++) {
            int n = rng.nextInt(min, max + 1);
            for (int i = 0; i < n; i++) {
                double pt = rng.nextDouble() < 0.3 ? 20 + 100 * rng.nextDouble() : -Math.log(1 - rng.nextDouble()) * 3;
                double y = rng.nextDouble(-2, 2), phi = rng.nextDouble(-Math.PI, Math.PI), m = rng.nextBoolean() ? 0 : 0.14;
                double mt = Math.hypot(pt, m);
                rows.add(new double[]{pt * Math.cos(phi), pt * Math.sin(phi), mt * Math.sinh(y), mt * Math.cosh(y)});
            }
            off[e + 1] = off[e] + n;
        }
        double[][] c = new double[4][rows.size()];
        for (int i = 0; i < rows.size(); i++) for (int k = 0; k < 4; k++) c[k][i] = rows.get(i)[k];
        return new FourMomenta(off, c[0], c[1], c[2], c[3]);
    }

    /**
     * The definition spelled out: find the smallest of all d_ij and d_iB, merge or call a jet, repeat. With
     * {@code stopAt > 0}, stops when that many pseudojets are left (exclusive jets) instead.
     */
    static List<int[]> naiveInclusive(FourMomenta ev, int event, int p, double r, int stopAt) {
        List<double[]> live = new ArrayList<>();
        List<List<Integer>> members = new ArrayList<>();
        for (int i = 0; i < ev.count(event); i++) {
            int g = ev.first(event) + i;
            live.add(new double[]{ev.px()[g], ev.py()[g], ev.pz()[g], ev.e()[g]});
            members.add(new ArrayList<>(List.of(i)));
        }
        List<int[]> jets = new ArrayList<>();
        while (!live.isEmpty()) {
            if (stopAt > 0 && live.size() <= stopAt) {
                for (List<Integer> m : members) jets.add(m.stream().mapToInt(Integer::intValue).sorted().toArray());
                break;
            }
            double best = Double.POSITIVE_INFINITY;
            int bi = -1, bj = -1;
            for (int i = 0; i < live.size(); i++) {
                double ki = Math.pow(kt2(live.get(i)), p);
                if (ki < best) {
                    best = ki;
                    bi = i;
                    bj = -1;
                }
                for (int j = i + 1; j < live.size(); j++) {
                    double d = Math.min(ki, Math.pow(kt2(live.get(j)), p)) * dr2(live.get(i), live.get(j)) / (r * r);
                    if (d < best) {
                        best = d;
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (bj < 0) {
                jets.add(members.get(bi).stream().mapToInt(Integer::intValue).sorted().toArray());
                live.remove(bi);
                members.remove(bi);
            } else {
                double[] a = live.get(bi), b = live.get(bj);
                live.set(bi, new double[]{a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]});
                members.get(bi).addAll(members.get(bj));
                live.remove(bj);
                members.remove(bj);
            }
        }
        return jets;
    }

    private static double kt2(double[] v) {
        return v[0] * v[0] + v[1] * v[1];
    }

    private static double dr2(double[] a, double[] b) {
        double ya = 0.5 * Math.log((a[3] + a[2]) / (a[3] - a[2])), yb = 0.5 * Math.log((b[3] + b[2]) / (b[3] - b[2]));
        double dphi = Math.abs(Math.atan2(a[1], a[0]) - Math.atan2(b[1], b[0]));
        if (dphi > Math.PI) dphi = 2 * Math.PI - dphi;
        return dphi * dphi + (ya - yb) * (ya - yb);
    }

    static FourMomenta readEvents(String dir) throws IOException {
        ByteBuffer p = ByteBuffer.wrap(bytes(dir + "/particles.f64.gz")).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer o = ByteBuffer.wrap(bytes(dir + "/offsets.i32.gz")).order(ByteOrder.LITTLE_ENDIAN);
        int[] off = new int[o.remaining() / 4];
        for (int i = 0; i < off.length; i++) off[i] = o.getInt();
        int n = p.remaining() / 32;
        double[][] c = new double[4][n];
        for (int i = 0; i < n; i++) for (int k = 0; k < 4; k++) c[k][i] = p.getDouble();
        return new FourMomenta(off, c[0], c[1], c[2], c[3]);
    }

    static byte[] bytes(String resource) throws IOException {
        try (InputStream in = ClusteringTest.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing test resource " + resource);
            return new GZIPInputStream(in).readAllBytes();
        }
    }

    static List<String> lines(String resource) throws IOException {
        return new String(bytes(resource), StandardCharsets.US_ASCII).lines().filter(l -> !l.isBlank()).toList();
    }
}
