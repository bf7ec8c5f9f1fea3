package org.hepml.engine.events.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Inflating on a thread of its own changes nothing a reader sees: the same bytes, then the same error at the same
 * place (a damaged trailer, a cut file), and an error stays (every later read throws it again). Closing early ends the
 * thread.
 */
class CheckedGzipPipeTest {
    /** Several pipe chunks of text, in two gzip members. */
    static byte[] content() {
        Random r = new Random(3);
        StringBuilder s = new StringBuilder();
        while (s.length() < 3 * CheckedGzipInputStream.CHUNK + 12345) s.append(r.nextGaussian()).append(r.nextInt(9) == 0 ? '\n' : ' ');
        return s.toString().getBytes();
    }

    static byte[] gzip(byte[] data, int members) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int step = data.length / members;
        for (int m = 0; m < members; m++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(b)) {
                g.write(data, m * step, m == members - 1 ? data.length - m * step : step);
            }
            all.write(b.toByteArray());
        }
        return all.toByteArray();
    }

    /** What a reader gets, in reads of varying size: the bytes, and the error that ended them (null at a clean end). */
    record Read(byte[] bytes, IOException error) {
    }

    static Read readAll(byte[] gz, boolean ownThread) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random sizes = new Random(7);
        try (InputStream in = new CheckedGzipInputStream(new ByteArrayInputStream(gz), ownThread)) {
            byte[] buf = new byte[70_000];
            try {
                for (int n; (n = in.read(buf, 0, 1 + sizes.nextInt(buf.length))) >= 0; ) out.write(buf, 0, n);
            } catch (IOException e) {
                IOException again = null;
                try {
                    in.read(buf, 0, 10);
                } catch (IOException later) {
                    again = later;
                }
                assertThat(again).as("a failed stream fails again, with the same error").isSameAs(e);
                return new Read(out.toByteArray(), e);
            }
        }
        return new Read(out.toByteArray(), null);
    }

    @Test
    void theSameBytesAndTheSameErrorsWithAndWithoutTheThread() throws IOException {
        byte[] data = content();
        byte[] ok = gzip(data, 2);
        byte[] crc = ok.clone();
        crc[crc.length - 8] ^= 1;
        byte[] cut = Arrays.copyOf(ok, ok.length * 2 / 3);
        byte[] junk = Arrays.copyOf(ok, ok.length + 3);
        for (byte[] gz : new byte[][]{ok, crc, cut, junk}) {
            Read direct = readAll(gz, false), piped = readAll(gz, true);
            assertThat(piped.bytes()).isEqualTo(direct.bytes());
            assertThat(piped.error() == null ? null : piped.error().getClass()).isEqualTo(direct.error() == null ? null : direct.error().getClass());
            assertThat(piped.error() == null ? null : piped.error().getMessage()).isEqualTo(direct.error() == null ? null : direct.error().getMessage());
        }
        assertThat(readAll(ok, true).bytes()).isEqualTo(data);
        assertThat(readAll(crc, true).error()).isInstanceOf(CheckedGzipInputStream.Corrupt.class).hasMessageContaining("CRC-32 of member 2");
        assertThat(readAll(crc, true).bytes()).isEqualTo(data); // every byte arrives before the trailer is found damaged
        assertThat(readAll(cut, true).error()).hasMessageContaining("truncated");
    }

    @Test
    void closingEarlyEndsTheThread() throws Exception {
        byte[] gz = gzip(content(), 1);
        InputStream in = new CheckedGzipInputStream(new ByteArrayInputStream(gz), true);
        assertThat(in.read(new byte[100])).isPositive();
        in.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("hepml-gunzip") && t.isAlive());
        assertThatThrownBy(() -> new CheckedGzipInputStream(new ByteArrayInputStream("plain".getBytes()), true))
                .isInstanceOf(CheckedGzipInputStream.Corrupt.class).hasMessageContaining("gzip magic bytes");
    }
}
