package org.hepml.engine.events.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A stretch of an LHE file's event section (whole events, as {@link LheBlocks} cuts them) parsed in one pass from its
 * bytes into columns, on any thread. It takes the form generators write: events of ASCII text lines (the event-info
 * line, NUP particle lines, blank and {@code #} lines) with child elements on lines of their own, {@code <rwgt>} of
 * {@code <wgt id>} values, {@code <weights>}, {@code <weight name|id>}, and any other element, which is skipped.
 *
 * <p>It never reports an error. Anything outside that form (a comment, CDATA, an entity, a non-ASCII byte, a tag in
 * the middle of a line, a number that does not parse, a count that disagrees, the block's end inside an event) stops
 * the block after its last complete event; {@link LheReader} reads on from there with its XML path, which gives the
 * same result, or the same error with file, line and event, as it always did. So this class only needs to be right
 * on what it accepts: there it must agree bit for bit with the XML path (LheBlockPathTest checks both ways).
 */
final class LheEventBlock {
    enum Stop {
        /** every event of the block was taken (what follows the last one is the next block's) */
        END_OF_BLOCK,
        /** {@code </LesHouchesEvents>}: the rest of the file is never read */
        END_OF_DOCUMENT,
        /** something outside the accepted form, right after the last complete event */
        IRREGULAR
    }

    /** What the XML path refuses (LheReader.MAX_LINE, MAX_EVENT): anything near it is left to that path to judge. */
    private static final int MAX_LINE = LheReader.MAX_LINE / 2, MAX_EVENT = LheReader.MAX_EVENT / 2;
    /** Per-event columns: NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP. */
    static final int INFO = 6;
    /** Per-particle columns: IDUP ISTUP MOTHUP1 MOTHUP2 ICOLUP1 ICOLUP2 PX PY PZ E M VTIMUP SPINUP. */
    static final int PARTICLE = 13;
    /** Kinds of weight element, replayed in file order by LheReader as its XML path would apply them. */
    static final byte WGT = 0, POSITIONAL = 1, NAMED = 2;

    private static final class Irregular extends Exception {
        Irregular() {
            super(null, null, false, false);
        }
    }

    private static final Irregular IRREGULAR = new Irregular();
    private static final byte[] EVENT = ascii("event"), RWGT = ascii("rwgt"), WGT_TAG = ascii("wgt"),
            WEIGHTS = ascii("weights"), WEIGHT = ascii("weight"), ROOT = ascii("LesHouchesEvents"),
            ID = ascii("id"), NAME = ascii("name");

    final byte[] data;
    final int length;
    /** The stream ended (or failed) after this block: no more bytes follow it. */
    final boolean last;

    Stop stop;
    /** Where parsing stopped (right after the last complete event) and the newlines before that point. */
    int stopFrom, linesAtStop;
    /** Newlines in the whole block (when it was read to its end). */
    int lines;

    int events;
    /** Per event: where its stretch starts (right after the previous event) and the newlines before. */
    int[] eventFrom, linesBefore;
    double[] info;
    /** Per event: its first particle; particles of event k are [particleStart[k], particleStart[k + 1]). */
    int[] particleStart;
    double[] particle;
    int particles;
    /** Per event: its first weight item; items hold a kind, a name (block-local id) and a run of values. */
    int[] itemStart;
    byte[] itemKind = new byte[64];
    int[] itemName = new int[64], itemValues = new int[64], itemCount = new int[64];
    int items;
    double[] values = new double[64];
    int nValues;
    /** Weight names as written, by block-local id. */
    String[] names = new String[8];
    int nNames;

    private int lineCount;
    /** The last number read. */
    private double token;
    private final NumberParser.Scanner numbers = new NumberParser.Scanner();
    private int trimFrom, trimTo;
    private final Map<String, Integer> nameIds = new HashMap<>();
    private byte[][] nameBytes = new byte[8][];
    private int[] seenInEvent = new int[8];
    /** Weights come in the same order in every event: the id the next name most likely has. */
    private int predictedName;
    private int firstNameOfEvent = -1, firstNameOfLastEvent;
    // attributes of the last start tag: name and value ranges
    private final int[] attrName = new int[16], attrNameEnd = new int[16], attrValue = new int[16], attrValueEnd = new int[16];
    private int attrs;
    private boolean emptyTag;
    private final int[] openName = new int[64], openNameEnd = new int[64];

    LheEventBlock(byte[] data, int length, boolean last) {
        this.data = data;
        this.length = length;
        this.last = last;
        // room for typical events (a kilobyte or two, a particle line ~150 bytes); more grows
        int events = 16 + length / 2048;
        eventFrom = new int[events];
        linesBefore = new int[events];
        info = new double[events * INFO];
        particleStart = new int[events + 1];
        itemStart = new int[events + 1];
        particle = new double[(64 + length / 160) * PARTICLE];
    }

    /** Parses the block's events until its end, the end of the document, or the first thing outside the form. */
    LheEventBlock parse() {
        int i = 0;
        while (true) {
            int from = i, linesFrom = lineCount;
            try {
                i = skipSpace(i);
            } catch (Irregular e) {
                finish(Stop.IRREGULAR, from, linesFrom);
                return this;
            }
            if (i == length) {
                finish(Stop.END_OF_BLOCK, from, linesFrom);
                return this;
            }
            if (data[i] == '<') {
                if (i + 1 < length && data[i + 1] == '/') {
                    finish(isEndTag(i, ROOT) ? Stop.END_OF_DOCUMENT : Stop.IRREGULAR, from, linesFrom);
                    return this;
                }
                if (isStartTag(i, EVENT)) {
                    try {
                        i = event(i, from, linesFrom);
                        continue;
                    } catch (Irregular e) {
                        lineCount = linesFrom;
                    }
                }
            }
            finish(Stop.IRREGULAR, from, linesFrom);
            return this;
        }
    }

    private void finish(Stop why, int from, int linesFrom) {
        stop = why;
        stopFrom = from;
        linesAtStop = linesFrom;
        lines = lineCount;
    }

    // ------------------------------------------------------------------ one event

    /** Parses the event whose start tag is at i; on success it is recorded and the position after its end tag returned. */
    private int event(int i, int from, int linesFrom) throws Irregular {
        int eventStart = i;
        int particleMark = particles, itemMark = items, valueMark = nValues;
        try {
            i = startTag(i + 1 + EVENT.length);
            if (emptyTag) throw IRREGULAR;
            ensureEvent();
            int infoAt = events * INFO;
            int nup = -1, left = 0;
            int column = 0; // length of the current line of the event's text (its child elements not counted)
            while (true) {
                if (i >= length) throw IRREGULAR;
                int c = data[i];
                if (c == ' ' || c == '\t') {
                    i++;
                    column++;
                } else if (c == '\n' || c == '\r') {
                    i = newline(i);
                    column = 0;
                } else if (c == '#') {
                    int s = i;
                    i = commentLine(i);
                    column += i - s;
                    if (column > MAX_LINE) throw IRREGULAR;
                } else if (c == '<') {
                    if (i + 1 < length && data[i + 1] == '/') {
                        i = endTag(i, EVENT);
                        if (nup < 0 || left > 0 || i - eventStart > MAX_EVENT) throw IRREGULAR;
                        break;
                    }
                    i = child(i);
                } else {
                    int s = i;
                    if (nup < 0) {
                        i = infoLine(i, infoAt);
                        nup = (int) info[infoAt];
                        left = nup;
                    } else if (left > 0) {
                        i = particleLine(i, nup);
                        left--;
                    } else {
                        throw IRREGULAR; // a data line after the NUP particles
                    }
                    column += i - s;
                    if (column > MAX_LINE) throw IRREGULAR;
                }
            }
            eventFrom[events] = from;
            linesBefore[events] = linesFrom;
            events++;
            particleStart[events] = particles;
            itemStart[events] = items;
            if (firstNameOfEvent >= 0) firstNameOfLastEvent = firstNameOfEvent;
            firstNameOfEvent = -1;
            return i;
        } catch (Irregular e) {
            particles = particleMark;
            items = itemMark;
            nValues = valueMark;
            firstNameOfEvent = -1;
            throw e;
        }
    }

    /** NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP; returns the position of the line's end. */
    private int infoLine(int i, int at) throws Irregular {
        i = number(i, true);
        if (token < 0 || token > 1_000_000) throw IRREGULAR;
        info[at] = token;
        i = number(i, true);
        info[at + 1] = token;
        for (int k = 2; k < INFO; k++) {
            i = number(i, false);
            info[at + k] = token;
        }
        return lineEnd(i);
    }

    /** One particle line of 13 numbers, with the mother indices checked against NUP. */
    private int particleLine(int i, int nup) throws Irregular {
        int at = particles * PARTICLE;
        if (at + PARTICLE > particle.length) particle = Arrays.copyOf(particle, 2 * particle.length);
        double[] p = particle;
        for (int k = 0; k < 6; k++) {
            i = number(i, true);
            p[at + k] = token;
        }
        double mo1 = p[at + 2], mo2 = p[at + 3];
        if (mo1 < 0 || mo1 > nup || mo2 < 0 || mo2 > nup) throw IRREGULAR;
        for (int k = 6; k < PARTICLE; k++) {
            i = number(i, false);
            p[at + k] = token;
        }
        particles++;
        return lineEnd(i);
    }

    /** After a line's last number: blanks, then the line's end or the event's end tag. */
    private int lineEnd(int i) throws Irregular {
        while (i < length && (data[i] == ' ' || data[i] == '\t')) i++;
        if (i >= length) throw IRREGULAR;
        int c = data[i];
        if (c == '\n' || c == '\r') return i;
        if (c == '<' && i + 1 < length && data[i + 1] == '/') return i; // "... 9.</event>"
        throw IRREGULAR; // more numbers than the line should have, or a tag in the middle of the line
    }

    /** The number after the blanks at i, into {@link #token}; returns the position after it. */
    private int number(int i, boolean integer) throws Irregular {
        while (i < length && (data[i] == ' ' || data[i] == '\t')) i++;
        if (i >= length || data[i] == '\n' || data[i] == '\r' || data[i] == '<') throw IRREGULAR; // a number short
        try {
            if (integer) {
                i = numbers.scanInt(data, i, length);
                token = numbers.integer;
            } else {
                i = numbers.scanDouble(data, i, length);
                token = numbers.value;
            }
        } catch (NumberParser.BadNumber e) {
            throw IRREGULAR;
        }
        if (i >= length) throw IRREGULAR; // the block ends inside the event
        return i;
    }

    /** A '#' line: plain ASCII text up to the line's end (not consumed). */
    private int commentLine(int i) throws Irregular {
        for (; i < length; i++) {
            int c = data[i];
            if (c == '\n' || c == '\r') return i;
            if (c < 0x20 && c != '\t' || c >= 0x7f || c == '<' || c == '&' || c == '>' && closesCdata(i)) throw IRREGULAR;
        }
        throw IRREGULAR;
    }

    // ------------------------------------------------------------------ child elements

    /** A child element of the event at i (a start tag on a line of its own); returns the position after it. */
    private int child(int i) throws Irregular {
        int name = i + 1;
        if (isStartTag(i, RWGT)) return rwgt(startTag(name + RWGT.length));
        if (isStartTag(i, WEIGHTS)) return positionalWeights(startTag(name + WEIGHTS.length));
        if (isStartTag(i, WEIGHT)) return namedWeight(startTag(name + WEIGHT.length));
        if (isStartTag(i, EVENT)) throw IRREGULAR;
        return skipElement(i);
    }

    private int rwgt(int i) throws Irregular {
        if (emptyTag) return i;
        while (true) {
            i = skipSpace(i);
            if (i >= length || data[i] != '<') throw IRREGULAR;
            if (i + 1 < length && data[i + 1] == '/') return endTag(i, RWGT);
            if (!isStartTag(i, WGT_TAG)) throw IRREGULAR;
            i = startTag(i + 1 + WGT_TAG.length);
            int id = attribute(ID);
            if (id < 0 || emptyTag) throw IRREGULAR;
            int name = nameId(attrValue[id], attrValueEnd[id]);
            int s = i;
            i = text(i);
            trim(s, i);
            if (trimTo - trimFrom > MAX_LINE) throw IRREGULAR;
            addItem(WGT, name);
            addValue(whole(trimFrom, trimTo));
            i = endTag(i, WGT_TAG);
        }
    }

    private int positionalWeights(int i) throws Irregular {
        if (emptyTag) return i;
        int s = i;
        i = text(i);
        if (i - s > MAX_LINE) throw IRREGULAR;
        int mark = nValues;
        values(s, i);
        if (nValues > mark) {
            addItem(POSITIONAL, -1);
            itemValues[items - 1] = mark;
            itemCount[items - 1] = nValues - mark;
        }
        return endTag(i, WEIGHTS);
    }

    private int namedWeight(int i) throws Irregular {
        int a = attribute(NAME);
        if (a < 0) a = attribute(ID);
        if (a < 0 || emptyTag) throw IRREGULAR;
        int name = nameId(attrValue[a], attrValueEnd[a]);
        int s = i;
        i = text(i);
        if (i - s > MAX_LINE) throw IRREGULAR;
        int mark = nValues;
        values(s, i);
        if (nValues == mark) throw IRREGULAR; // no value: the XML path says so
        addItem(NAMED, name);
        itemValues[items - 1] = mark;
        itemCount[items - 1] = nValues - mark;
        return endTag(i, WEIGHT);
    }

    /** The numbers of a weight element's text, split at white space. */
    private void values(int from, int to) throws Irregular {
        int i = from;
        while (true) {
            while (i < to && data[i] <= ' ') i++;
            if (i == to) return;
            int s = i;
            while (i < to && data[i] > ' ') i++;
            addValue(whole(s, i));
        }
    }

    /** The number that is all of data[from, to) (a weight's text, trimmed). */
    private double whole(int from, int to) throws Irregular {
        try {
            if (from == to || numbers.scanDouble(data, from, to) != to) throw IRREGULAR;
        } catch (NumberParser.BadNumber e) {
            throw IRREGULAR;
        }
        return numbers.value;
    }

    /** Skips an element the reader ignores (scales, mgrwt, clustering, ...), checking it is well formed. */
    private int skipElement(int i) throws Irregular {
        int depth = 0;
        while (true) {
            // at '<' of a start tag
            int nameEnd = name(i + 1);
            if (nameEnd - (i + 1) == EVENT.length && same(i + 1, EVENT)) throw IRREGULAR;
            openName[depth] = i + 1;
            openNameEnd[depth] = nameEnd;
            i = startTag(nameEnd);
            if (!emptyTag) depth++;
            while (depth > 0) {
                i = text(i);
                if (i + 1 >= length) throw IRREGULAR;
                if (data[i + 1] != '/') break; // a child's start tag
                int d = depth - 1;
                i = endTag(i, openName[d], openNameEnd[d]);
                depth = d;
            }
            if (depth == 0) return i;
            if (depth == openName.length) throw IRREGULAR;
        }
    }

    // ------------------------------------------------------------------ tags and text

    private boolean isStartTag(int i, byte[] name) {
        int e = i + 1 + name.length;
        if (e >= length || data[i] != '<' || !same(i + 1, name)) return false;
        int c = data[e];
        return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private boolean isEndTag(int i, byte[] name) {
        try {
            endTag(i, name);
            return true;
        } catch (Irregular e) {
            return false;
        }
    }

    private boolean same(int at, byte[] name) {
        if (at + name.length > length) return false;
        for (int k = 0; k < name.length; k++) if (data[at + k] != name[k]) return false;
        return true;
    }

    /** The end of an ASCII XML name at i (letters, digits, '_', '-', '.'; no namespace prefix). */
    private int name(int i) throws Irregular {
        int s = i;
        for (; i < length; i++) {
            int c = data[i];
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
            if (!(letter || i > s && (c >= '0' && c <= '9' || c == '-' || c == '.'))) break;
        }
        if (i == s || i >= length) throw IRREGULAR;
        return i;
    }

    /** The attributes of a start tag whose name ends at i; returns the position after '>' (or '/>': {@link #emptyTag}). */
    private int startTag(int i) throws Irregular {
        attrs = 0;
        while (true) {
            int s = i;
            i = skipSpace(i);
            if (i >= length) throw IRREGULAR;
            int c = data[i];
            if (c == '>') {
                emptyTag = false;
                return i + 1;
            }
            if (c == '/') {
                if (i + 1 >= length || data[i + 1] != '>') throw IRREGULAR;
                emptyTag = true;
                return i + 2;
            }
            if (i == s || attrs == attrName.length) throw IRREGULAR; // attributes are separated by white space
            int n = i;
            i = name(i);
            int ne = i;
            i = skipSpace(i);
            if (i >= length || data[i] != '=') throw IRREGULAR;
            i = skipSpace(i + 1);
            if (i >= length) throw IRREGULAR;
            int quote = data[i];
            if (quote != '"' && quote != '\'') throw IRREGULAR;
            int v = ++i;
            for (; i < length && data[i] != quote; i++) {
                int b = data[i];
                if (b < 0x20 || b >= 0x7f || b == '<' || b == '&') throw IRREGULAR; // white space in a value is normalised by XML
            }
            if (i >= length) throw IRREGULAR;
            for (int k = 0; k < attrs; k++) {
                if (attrNameEnd[k] - attrName[k] == ne - n && Arrays.equals(data, attrName[k], attrNameEnd[k], data, n, ne)) throw IRREGULAR;
            }
            attrName[attrs] = n;
            attrNameEnd[attrs] = ne;
            attrValue[attrs] = v;
            attrValueEnd[attrs++] = i;
            i++;
        }
    }

    private int attribute(byte[] name) {
        for (int k = 0; k < attrs; k++) {
            if (attrNameEnd[k] - attrName[k] == name.length && same(attrName[k], name)) return k;
        }
        return -1;
    }

    private int endTag(int i, byte[] name) throws Irregular {
        if (i + 2 + name.length > length || data[i] != '<' || data[i + 1] != '/' || !same(i + 2, name)) throw IRREGULAR;
        return closeEndTag(i + 2 + name.length);
    }

    private int endTag(int i, int name, int nameEnd) throws Irregular {
        int n = nameEnd - name;
        if (i + 2 + n > length || data[i + 1] != '/' || !Arrays.equals(data, i + 2, i + 2 + n, data, name, nameEnd)) throw IRREGULAR;
        return closeEndTag(i + 2 + n);
    }

    private int closeEndTag(int i) throws Irregular {
        i = skipSpace(i);
        if (i >= length || data[i] != '>') throw IRREGULAR;
        return i + 1;
    }

    /** Character data up to the next '<' (returned): printable ASCII, tabs and line ends only. */
    private int text(int i) throws Irregular {
        for (; i < length; i++) {
            int c = data[i];
            if (c == '<') return i;
            if (c == '\n' || c == '\r') {
                i = newline(i) - 1;
            } else if (c < 0x20 && c != '\t' || c >= 0x7f || c == '&' || c == '>' && closesCdata(i)) {
                throw IRREGULAR;
            }
        }
        throw IRREGULAR;
    }

    /** "]]>" may not appear in XML text. */
    private boolean closesCdata(int i) {
        return i >= 2 && data[i - 1] == ']' && data[i - 2] == ']';
    }

    private void trim(int from, int to) {
        while (from < to && data[from] <= ' ') from++;
        while (to > from && data[to - 1] <= ' ') to--;
        trimFrom = from;
        trimTo = to;
    }

    /** Blanks and line ends. */
    private int skipSpace(int i) throws Irregular {
        while (i < length) {
            int c = data[i];
            if (c == ' ' || c == '\t') i++;
            else if (c == '\n' || c == '\r') i = newline(i);
            else break;
        }
        return i;
    }

    /** A line end at i ("\n" or "\r\n"; a lone "\r", which XML reads as a line end too, is left to the XML path). */
    private int newline(int i) throws Irregular {
        if (data[i] == '\r') {
            if (i + 1 >= length || data[i + 1] != '\n') throw IRREGULAR;
            i++;
        }
        lineCount++;
        return i + 1;
    }

    // ------------------------------------------------------------------ storage

    /** The block-local id of the weight name in data[from, to); a name twice in one event is left to the XML path. */
    private int nameId(int from, int to) throws Irregular {
        int id = predictedName;
        if (id < 0 || id >= nNames || nameBytes[id].length != to - from || !Arrays.equals(nameBytes[id], 0, to - from, data, from, to)) {
            String name = new String(data, from, to - from, StandardCharsets.ISO_8859_1);
            Integer known = nameIds.get(name);
            if (known != null) {
                id = known;
            } else {
                id = nNames++;
                if (id == names.length) {
                    names = Arrays.copyOf(names, 2 * id);
                    nameBytes = Arrays.copyOf(nameBytes, 2 * id);
                    seenInEvent = Arrays.copyOf(seenInEvent, 2 * id);
                }
                names[id] = name;
                nameBytes[id] = Arrays.copyOfRange(data, from, to);
                nameIds.put(name, id);
            }
        }
        if (seenInEvent[id] == events + 1) throw IRREGULAR;
        seenInEvent[id] = events + 1;
        if (firstNameOfEvent < 0) firstNameOfEvent = id;
        predictedName = id + 1;
        return id;
    }

    private void addItem(byte kind, int name) {
        if (items == itemKind.length) {
            int n = 2 * items;
            itemKind = Arrays.copyOf(itemKind, n);
            itemName = Arrays.copyOf(itemName, n);
            itemValues = Arrays.copyOf(itemValues, n);
            itemCount = Arrays.copyOf(itemCount, n);
        }
        itemKind[items] = kind;
        itemName[items] = name;
        itemValues[items] = nValues;
        itemCount[items++] = 1;
    }

    private void addValue(double v) {
        if (nValues == values.length) values = Arrays.copyOf(values, 2 * nValues);
        values[nValues++] = v;
    }

    private void ensureEvent() {
        predictedName = firstNameOfLastEvent;
        if (events + 1 == eventFrom.length) {
            int n = 2 * eventFrom.length;
            eventFrom = Arrays.copyOf(eventFrom, n);
            linesBefore = Arrays.copyOf(linesBefore, n);
            particleStart = Arrays.copyOf(particleStart, n + 1);
            itemStart = Arrays.copyOf(itemStart, n + 1);
            info = Arrays.copyOf(info, n * INFO);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
