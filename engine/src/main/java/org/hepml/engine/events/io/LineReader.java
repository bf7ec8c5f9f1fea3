package org.hepml.engine.events.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads an ASCII text stream line by line into one reusable byte buffer (no String per line, no conversion to
 * characters: the numbers are parsed from the bytes), counting lines and refusing lines over {@link #MAX_LINE} bytes.
 * Fields of the current line are split on blanks.
 */
final class LineReader {
    static final int MAX_LINE = 1 << 20;
    private final InputStream in;
    private final Path file;
    private final byte[] bytes = new byte[1 << 16];
    private int bytePos, byteEnd;
    byte[] line = new byte[256];
    int length;
    long number;
    final int[] start = new int[4096], end = new int[4096];
    int fields;

    LineReader(InputStream in, Path file) {
        this.in = in;
        this.file = file;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        boolean any = false;
        while (true) {
            if (bytePos == byteEnd) {
                byteEnd = in.read(bytes, 0, bytes.length);
                bytePos = 0;
                if (byteEnd <= 0) {
                    byteEnd = 0;
                    if (any) {
                        number++;
                        return true;
                    }
                    return false;
                }
            }
            any = true;
            int s = bytePos, e = s;
            while (e < byteEnd && bytes[e] != '\n') e++;
            append(s, e);
            if (e < byteEnd) {
                bytePos = e + 1;
                number++;
                if (length > 0 && line[length - 1] == '\r') length--;
                return true;
            }
            bytePos = e;
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        if (length + n > MAX_LINE) {
            throw BadEventFile.at(file, number + 1, 0, "a line longer than " + MAX_LINE + " characters; hepml refuses such input (is this a text event file?)");
        }
        if (length + n > line.length) line = Arrays.copyOf(line, Math.max(length + n, Math.min(MAX_LINE, 2 * line.length)));
        System.arraycopy(bytes, from, line, length, n);
        length += n;
    }

    /** Splits the current line at blanks into {@link #start}/{@link #end}; returns the number of fields. */
    int split() {
        int n = 0;
        int i = 0;
        while (i < length) {
            byte c = line[i];
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int s = i;
            if (c == '"') { // a quoted name (HepMC2 N line): one field, quotes dropped
                i++;
                while (i < length && line[i] != '"') i++;
                if (n < start.length) {
                    start[n] = s + 1;
                    end[n] = i;
                }
                n++;
                i++;
                continue;
            }
            while (i < length && (c = line[i]) != ' ' && c != '\t') i++;
            if (n < start.length) {
                start[n] = s;
                end[n] = i;
            }
            n++;
        }
        fields = Math.min(n, start.length);
        return n;
    }

    String field(int k) {
        return new String(line, start[k], end[k] - start[k], StandardCharsets.ISO_8859_1);
    }

    String text() {
        return new String(line, 0, length, StandardCharsets.ISO_8859_1);
    }

    boolean startsWith(String prefix) {
        if (length < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if (line[i] != prefix.charAt(i)) return false;
        return true;
    }

    /** The rest of the line after field k (HepMC3 T and A lines hold free text). */
    String restAfter(int k) {
        int s = end[k];
        while (s < length && (line[s] == ' ' || line[s] == '\t')) s++;
        return new String(line, s, length - s, StandardCharsets.ISO_8859_1);
    }
}
