package org.hepml.engine.events.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Gunzips like {@link java.util.zip.GZIPInputStream}, but never accepts a damaged file: every member's CRC-32 and
 * length are checked against its trailer, and bytes after the last member that do not start another member are an
 * error ({@code GZIPInputStream} ignores such trailing garbage). Errors are {@link Corrupt}, whose message says what
 * is wrong; a file that ends inside the compressed data is an {@link EOFException} ("truncated"). A stream that
 * failed stays failed: every later read throws the same error.
 *
 * <p>Made with {@code ownThread}, it inflates on a thread of its own into a bounded pipe of {@link #PIPE_CHUNKS} chunks
 * of {@link #CHUNK} bytes, so decompression runs beside the parsing; the bytes and the errors arrive in the same order,
 * at the same places, as without the thread.
 */
final class CheckedGzipInputStream extends InputStream {
    /** The compressed file is damaged: the message says how. */
    static final class Corrupt extends IOException {
        Corrupt(String message) {
            super(message);
        }
    }

    static final int CHUNK = 1 << 18, PIPE_CHUNKS = 4;

    private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16;

    private final InputStream raw;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] input = new byte[1 << 16];
    /** Compressed bytes read but not yet consumed, input[pending, inputEnd): what follows a member's deflate data. */
    private int pending, inputEnd;
    private long memberLength;
    private int member = 1;
    private boolean end;
    /** The first error, thrown again by every later read. */
    private IOException failed;
    private final boolean ownThread;
    private Pipe pipe;

    CheckedGzipInputStream(InputStream raw) throws IOException {
        this(raw, false);
    }

    /** @param ownThread inflate on a thread of its own (started by the first read), ahead of the reader by a bounded pipe */
    CheckedGzipInputStream(InputStream raw, boolean ownThread) throws IOException {
        this.raw = raw;
        this.ownThread = ownThread;
        int id1 = nextByte(), id2 = nextByte();
        if (id1 != 0x1f || id2 != 0x8b) throw new Corrupt("it does not start with the gzip magic bytes");
        readHeaderAfterMagic();
    }

    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (failed != null) throw failed;
        try {
            if (ownThread) {
                if (pipe == null) pipe = new Pipe();
                return pipe.read(b, off, len);
            }
            return inflate(b, off, len);
        } catch (IOException e) {
            failed = e;
            throw e;
        }
    }

    /** Inflates up to len bytes into b: the decompression itself, on whichever thread reads. */
    private int inflate(byte[] b, int off, int len) throws IOException {
        while (!end) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new Corrupt("invalid compressed data in member " + member + " (" + e.getMessage() + ")");
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberLength += n;
                return n;
            }
            if (inflater.finished()) {
                endOfMember();
            } else if (inflater.needsDictionary()) {
                throw new Corrupt("member " + member + " asks for a preset dictionary, which gzip never uses");
            } else if (inflater.needsInput()) {
                int r = raw.read(input, 0, input.length);
                if (r < 0) throw new EOFException("the compressed file ends early (truncated)");
                pending = 0;
                inputEnd = r;
                inflater.setInput(input, 0, r);
            }
        }
        return -1;
    }

    /** Checks the trailer; then either the file ends, or another member starts, or the file is corrupt. */
    private void endOfMember() throws IOException {
        pending = inputEnd - inflater.getRemaining();
        long storedCrc = littleEndian32(), storedLength = littleEndian32();
        if (storedCrc != crc.getValue()) {
            throw new Corrupt(String.format("the CRC-32 of member %d is %08x but its trailer says %08x: the data were damaged",
                    member, crc.getValue(), storedCrc));
        }
        if (storedLength != (memberLength & 0xffffffffL)) {
            throw new Corrupt("member " + member + " holds " + memberLength + " bytes but its trailer says " + storedLength);
        }
        int id1 = nextByteOrEnd();
        if (id1 < 0) {
            end = true;
            return;
        }
        int id2 = nextByteOrEnd();
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new Corrupt("unexpected data after the end of the compressed stream (member " + member + " ended cleanly)");
        }
        member++;
        inflater.reset();
        crc.reset();
        memberLength = 0;
        readHeaderAfterMagic();
    }

    private void readHeaderAfterMagic() throws IOException {
        if (nextByte() != 8) throw new Corrupt("member " + member + " is not deflate-compressed (method byte is not 8)");
        int flags = nextByte();
        for (int i = 0; i < 6; i++) nextByte(); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) {
            int n = nextByte() | nextByte() << 8;
            for (int i = 0; i < n; i++) nextByte();
        }
        if ((flags & FNAME) != 0) while (nextByte() != 0) ;
        if ((flags & FCOMMENT) != 0) while (nextByte() != 0) ;
        if ((flags & FHCRC) != 0) {
            nextByte();
            nextByte();
        }
        // the rest of the buffer is deflate data
        inflater.setInput(input, pending, inputEnd - pending);
        pending = inputEnd;
    }

    private long littleEndian32() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = nextByteOrEnd();
            if (b < 0) throw new EOFException("the compressed file ends inside the trailer of member " + member + " (truncated)");
            v |= (long) b << (8 * i);
        }
        return v;
    }

    private int nextByte() throws IOException {
        int b = nextByteOrEnd();
        if (b < 0) throw new EOFException("the compressed file ends inside the header of member " + member + " (truncated)");
        return b;
    }

    /** The next compressed byte not given to the inflater, or -1 at the end of the file. */
    private int nextByteOrEnd() throws IOException {
        if (pending == inputEnd) {
            int r = raw.read(input, 0, input.length);
            if (r < 0) return -1;
            pending = 0;
            inputEnd = r;
        }
        return input[pending++] & 0xff;
    }

    @Override
    public void close() throws IOException {
        if (pipe != null) pipe.stop();
        inflater.end();
        raw.close();
    }

    /** What the inflating thread hands over: a filled chunk, the end of the data, or the error that stopped it. */
    private record Piece(byte[] bytes, int length, IOException error) {
        static final Piece END = new Piece(null, -1, null);
    }

    /** The inflating thread and the bounded queue between it and the reader. */
    private final class Pipe implements Runnable {
        private final BlockingQueue<Piece> filled = new ArrayBlockingQueue<>(PIPE_CHUNKS);
        private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(PIPE_CHUNKS + 2);
        private final Thread thread = new Thread(this, "hepml-gunzip");
        private volatile boolean stopped;
        private Piece current;
        private int position;

        Pipe() {
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    byte[] chunk = empty.poll();
                    if (chunk == null) chunk = new byte[CHUNK];
                    int n = 0;
                    IOException error = null;
                    try {
                        for (int k; n < chunk.length && (k = inflate(chunk, n, chunk.length - n)) > 0; ) n += k;
                    } catch (IOException e) {
                        error = e;
                    } catch (RuntimeException e) {
                        error = new IOException(e.toString(), e);
                    }
                    // the bytes inflated before an error come first, as they would without the thread
                    if (n > 0) filled.put(new Piece(chunk, n, null));
                    if (error != null) {
                        filled.put(new Piece(null, -1, error));
                        return;
                    }
                    if (n < chunk.length) {
                        filled.put(Piece.END);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // stopped by close(): nobody reads any more
            }
        }

        int read(byte[] b, int off, int len) throws IOException {
            if (current == null || position == current.length()) {
                if (current != null && current.bytes() != null) empty.offer(current.bytes());
                current = next();
                position = 0;
            }
            if (current.error() != null) throw current.error();
            if (current == Piece.END) return -1;
            int n = Math.min(len, current.length() - position);
            System.arraycopy(current.bytes(), position, b, off, n);
            position += n;
            return n;
        }

        /** Waits for the next piece without giving up on an interrupt (the reader's own checks see it), keeping the flag. */
        private Piece next() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return filled.take();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }

        /** Stops the thread and waits for it, so the inflater is no longer in use when it is ended. */
        void stop() {
            stopped = true;
            thread.interrupt();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
