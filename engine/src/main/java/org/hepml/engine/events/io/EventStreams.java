package org.hepml.engine.events.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens event files: gzip is recognised by its magic bytes (not the name), and raw bytes read are counted for progress. */
final class EventStreams {
    private EventStreams() {
    }

    /** Counts the bytes read from the file itself (compressed bytes for .gz), which is what the progress total is. */
    static final class Counting extends FilterInputStream {
        private volatile long count;

        Counting(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }

    /** Opens the file, gunzipping if needed on the reading thread (for a look at its start, or a small file). */
    static InputStream open(Path file) throws IOException {
        return open(file, null, false);
    }

    /**
     * Opens the file for loading it whole: a .gz is inflated on a thread of its own, ahead of the parser by a bounded
     * pipe; {@code counter} receives the raw stream to count bytes.
     */
    static InputStream open(Path file, Counting[] counter) throws IOException {
        return open(file, counter, true);
    }

    private static InputStream open(Path file, Counting[] counter, boolean inflateAhead) throws IOException {
        boolean gz = EventFormat.isGzip(file);
        Counting raw = new Counting(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        if (counter != null) counter[0] = raw;
        try {
            return gz ? new CheckedGzipInputStream(raw, inflateAhead) : raw;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }
}
