package org.hepml.engine.events.io;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.hepml.engine.HepmlException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Generated corrupted files (truncated at random offsets, a random character of a number replaced, wrong
 * particle counts): loading either succeeds with consistent content or throws exactly a HepmlException
 * naming the file and a line — never another exception type, never a hang.
 */
class CorruptedFilesProperties {
    private static final Path DIR;
    private static final byte[] LHE, HEPMC3;

    static {
        try {
            DIR = Files.createTempDirectory("hepml-corrupt");
            Path lhe = DIR.resolve("base.lhe");
            try (LheWriter w = LheWriter.create(lhe)) {
                w.beams(2212, 2212, 6500, 6500).process(1, 10.0, 0.1, 1.0).weight("rw1", "a = 1", "scan").weight("rw2", "a = 2", "scan");
                for (int i = 0; i < 5; i++) {
                    w.event(1, i % 2 == 0 ? 1.5 : -1.5, 91.2, 0.0078, 0.118);
                    for (int k = 0; k < 4; k++) w.particle(k < 2 ? 21 : 6 * (k % 2 == 0 ? 1 : -1), k < 2 ? -1 : 1, k < 2 ? 0 : 1, k < 2 ? 0 : 2, 501, 502, 1.25 * k, -2.5 * i, 300.5 + k, 400.75 + i, k < 2 ? 0 : 172.5);
                    w.comment("# a comment");
                    w.namedWeight("rw1", 1.25 * i).namedWeight("rw2", -0.5 * i);
                    w.endEvent();
                }
            }
            LHE = Files.readAllBytes(lhe);
            Path h = DIR.resolve("base.hepmc3");
            HepMC3Writer.write(h, EventFiles.load(lhe));
            HEPMC3 = Files.readAllBytes(h);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 150)
    void truncatedLhe(@ForAll @IntRange(min = 0, max = 100_000) int cut, @ForAll boolean gzip) {
        byte[] data = java.util.Arrays.copyOf(LHE, cut % LHE.length);
        check("trunc" + (gzip ? ".lhe.gz" : ".lhe"), gzip ? gzipThenCut(LHE, cut) : data);
    }

    @Property(tries = 100)
    void truncatedHepMC3(@ForAll @IntRange(min = 0, max = 100_000) int cut) {
        check("trunc.hepmc3", java.util.Arrays.copyOf(HEPMC3, cut % HEPMC3.length));
    }

    @Property(tries = 200)
    void numberWithAFlippedCharacter(@ForAll @IntRange(min = 0, max = 100_000) int which, @ForAll("junk") char replacement, @ForAll boolean hepmc) {
        byte[] base = hepmc ? HEPMC3 : LHE;
        int[] digits = java.util.stream.IntStream.range(0, base.length).filter(i -> base[i] >= '0' && base[i] <= '9').toArray();
        byte[] data = base.clone();
        data[digits[which % digits.length]] = (byte) replacement;
        check(hepmc ? "flip.hepmc3" : "flip.lhe", data);
    }

    @Property(tries = 100)
    void wrongParticleCount(@ForAll @IntRange(min = 0, max = 4) int event, @ForAll @IntRange(min = -3, max = 3) int delta, @ForAll boolean hepmc) {
        String text = new String(hepmc ? HEPMC3 : LHE, StandardCharsets.US_ASCII);
        String[] lines = text.split("\n", -1);
        int seen = -1;
        for (int i = 0; i < lines.length; i++) {
            boolean header = hepmc ? lines[i].startsWith("E ") : i > 0 && lines[i - 1].equals("<event>");
            if (header && ++seen == event) {
                String[] f = lines[i].trim().split("\\s+");
                int k = hepmc ? 3 : 0;
                f[k] = String.valueOf(Integer.parseInt(f[k]) + delta);
                lines[i] = String.join(" ", f);
            }
        }
        check(hepmc ? "count.hepmc3" : "count.lhe", String.join("\n", lines).getBytes(StandardCharsets.US_ASCII));
    }

    @Provide
    Arbitrary<Character> junk() {
        return Arbitraries.of('x', '.', '-', '+', 'E', 'D', ' ', '\n', '<', '>', '&', '#', '\'', '"', '\t', '/', '9', '[', (char) 0);
    }

    private static void check(String name, byte[] data) {
        Path f = DIR.resolve(name);
        try {
            Files.write(f, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            LoadedEvents ev;
            try {
                ev = EventFiles.load(f, LoadOptions.defaults().observables("pt(t1), m(t1,t2)"));
            } catch (HepmlException e) {
                assertThat(e).isExactlyInstanceOf(HepmlException.class);
                assertThat(e.getMessage()).containsPattern(Pattern.quote(f.toString()) + ":\\d+");
                return;
            }
            // loaded: the content must be consistent
            assertThat(ev.size()).isBetween(0, 5);
            assertThat(ev.particles().events()).isEqualTo(ev.size());
            if (ev.events().has("n_particles")) {
                double[] n = ev.events().column("n_particles");
                for (int i = 0; i < ev.size(); i++) assertThat(ev.particles().count(i)).isEqualTo((int) n[i]);
            }
            for (String c : ev.events().columnNames()) assertThat(ev.events().column(c)).hasSize(ev.size());
        });
    }

    private static byte[] gzipThenCut(byte[] data, int cut) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] z = b.toByteArray();
        return java.util.Arrays.copyOf(z, cut % z.length);
    }
}
