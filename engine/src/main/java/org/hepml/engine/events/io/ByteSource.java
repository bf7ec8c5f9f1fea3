package org.hepml.engine.events.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A file's bytes as the LHE reader passes them between its XML path and its block parser: bytes read ahead can be put
 * back in front ({@link #unread}), and the first error of the underlying stream is remembered and thrown again, after
 * the bytes that came before it, to whichever reader gets there. So each path sees exactly the stream the file is.
 */
final class ByteSource extends InputStream {
    private record Piece(byte[] bytes, int from, int to) {
    }

    private final InputStream in;
    private final ArrayDeque<Piece> front = new ArrayDeque<>();
    private Piece head;
    private int headAt;
    private IOException failedIo;
    private RuntimeException failedRuntime;

    ByteSource(InputStream in) {
        this.in = in;
    }

    /** Puts bytes[from, to) back in front of everything not yet read. */
    void unread(byte[] bytes, int from, int to) {
        if (to <= from) return;
        if (head != null) front.addFirst(new Piece(head.bytes, headAt, head.to));
        head = null;
        front.addFirst(new Piece(bytes, from, to));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (head == null && !front.isEmpty()) {
            head = front.pollFirst();
            headAt = head.from;
        }
        if (head != null) {
            int n = Math.min(len, head.to - headAt);
            System.arraycopy(head.bytes, headAt, b, off, n);
            headAt += n;
            if (headAt == head.to) head = null;
            return n;
        }
        if (failedIo != null) throw failedIo;
        if (failedRuntime != null) throw failedRuntime;
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            failedIo = e;
            throw e;
        } catch (RuntimeException e) {
            failedRuntime = e;
            throw e;
        }
    }

    /**
     * What the XML parser read, kept for a while: when it stands at an {@code <event>} tag, the reader finds that
     * tag's byte in here from the parser's character offset, and puts the bytes from there on back into the source.
     */
    static final class Recording extends InputStream {
        private static final int KEEP = 1 << 20;
        private static final VarHandle EIGHT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private final ByteSource source;
        private byte[] window = new byte[1 << 16];
        private int length;
        /** Bytes dropped from the window's front, and the UTF-16 characters they decode to (as UTF-8). */
        private long droppedBytes, droppedUtf16;
        private long seen;
        private boolean byteOrderMark, stopped;

        Recording(ByteSource source) {
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = source.read(b, off, len);
            if (n > 0 && !stopped) keep(b, off, n);
            return n;
        }

        private void keep(byte[] b, int off, int n) {
            if (length + n > window.length) {
                if (length + n > KEEP && length > KEEP / 2) {
                    int drop = length - KEEP / 4; // the parser's own buffer is far smaller than what stays
                    droppedUtf16 += utf16(window, 0, drop);
                    droppedBytes += drop;
                    System.arraycopy(window, drop, window, 0, length - drop);
                    length -= drop;
                }
                if (length + n > window.length) window = Arrays.copyOf(window, Math.max(length + n, 2 * window.length));
            }
            System.arraycopy(b, off, window, length, n);
            if (seen < 3 && seen + n >= 3 && droppedBytes == 0) {
                byteOrderMark = (window[0] & 0xff) == 0xef && (window[1] & 0xff) == 0xbb && (window[2] & 0xff) == 0xbf;
            }
            length += n;
            seen += n;
        }

        /** UTF-16 characters that UTF-8 bytes[from, to) decode to (a 4-byte sequence is two). */
        private static long utf16(byte[] bytes, int from, int to) {
            long units = 0;
            int i = from;
            for (; i + 8 <= to; i += 8) {
                if (((long) EIGHT.get(bytes, i) & 0x8080808080808080L) == 0) units += 8; // eight ASCII bytes
                else units += utf16Bytewise(bytes, i, i + 8);
            }
            return units + utf16Bytewise(bytes, i, to);
        }

        private static long utf16Bytewise(byte[] bytes, int from, int to) {
            long units = 0;
            for (int i = from; i < to; i++) {
                int b = bytes[i] & 0xff;
                if ((b & 0xc0) != 0x80) units += b >= 0xf0 ? 2 : 1;
            }
            return units;
        }

        /** Stops keeping what the parser reads (the block path will not be used again). */
        void stop() {
            stopped = true;
            window = new byte[0];
            length = 0;
        }

        /**
         * The window index of the byte where the parser's character offset {@code chars} falls, or -1 if it is not in
         * the window. {@code utf8}: the document's encoding is UTF-8 (else one byte is one character).
         */
        int indexOf(long chars, boolean utf8) {
            long at = utf8 ? droppedUtf16 - (byteOrderMark ? 1 : 0) : droppedBytes; // the parser does not count a byte order mark
            for (int i = 0; i < length; i++) {
                int b = window[i] & 0xff;
                boolean startsCharacter = !utf8 || (b & 0xc0) != 0x80;
                if (startsCharacter) {
                    if (at == chars) return i;
                    at += utf8 && b >= 0xf0 ? 2 : 1;
                }
            }
            return at == chars ? length : -1;
        }

        byte at(int index) {
            return window[index];
        }

        /** Puts the window's bytes from {@code index} on back into the source: the parser has let go of them. */
        void giveBack(int index) {
            source.unread(Arrays.copyOfRange(window, index, length), 0, length - index);
            length = index;
        }
    }
}
