package org.hepml.engine.events.io;

import org.hepml.engine.events.ParticleArrays;
import org.hepml.engine.HepmlException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * Streams a Les Houches Event file (versions 1.0, 2.0, 3.0): the {@code <init>} block, then each {@code <event>} into
 * columnar particle arrays and per-event columns. Two paths read it, with the same result:
 * <ul>
 *   <li>the XML path (StAX) reads the header and {@code <init>}, and any event the block path does not take: event
 *   and init bodies are copied into one reusable character buffer and their numbers parsed by hand
 *   ({@link NumberParser}), with no String per token;</li>
 *   <li>from the first {@code <event>} on, the block path reads the events straight from the file's bytes: blocks of
 *   whole events ({@link LheBlocks}) parsed in parallel on the machine's cores in one pass from bytes to columns
 *   ({@link LheEventBlock}), then appended here in file order. At the first thing it does not take (a comment, an
 *   entity, a malformed number, a truncated file, ...) it hands the bytes from the end of the last complete event to
 *   the XML path, which reads on (and so reports any error exactly as it always did, with file, line and event); after
 *   a few events the block path tries again.</li>
 * </ul>
 *
 * <p>Reference: Boos et al., "Generic user process interface for event generators", hep-ph/0109068 (LHE 1.0);
 * Butterworth et al., arXiv:1003.1643 (2.0); Andersen et al., arXiv:1405.1067 (3.0, weights).
 *
 * <p>Tolerated and ignored: any element other than {@code <header>}, {@code <init>}, {@code <event>} under the
 * root; inside the header anything other than {@code <initrwgt>} and {@code <generator>}; inside an event
 * anything other than {@code <rwgt>} and {@code <weights>} (e.g. {@code <scales>}, {@code <mgrwt>},
 * {@code <clustering>}); lines starting with {@code #} after the event-info line, between and after the
 * particles; CDATA and free text in the header; anything after {@code </LesHouchesEvents>}.
 * Refused: a DOCTYPE's entities (never expanded), lines longer than {@link #MAX_LINE} characters, event
 * bodies over {@link #MAX_EVENT} characters, numbers that do not parse, particle counts that disagree with NUP.
 *
 * <p>Weight names ({@code <weight id>}, {@code <wgt id>}, {@code <weightinfo name>}, {@code <weight name>}) are kept
 * exactly in {@link RunInfo.WeightInfo#original()}; the column is {@code weight.<name>} without leading and trailing
 * whitespace, and two names that differ only there are an error rather than one column.
 */
final class LheReader implements EventReader {
    static final int MAX_LINE = 1 << 20;
    static final int MAX_EVENT = 64 << 20;
    private static final String[] INFO_FIELDS = {"NUP", "IDPRUP", "XWGTUP", "SCALUP", "AQEDUP", "AQCDUP"};
    private static final String[] PARTICLE_FIELDS = {"IDUP", "ISTUP", "MOTHUP1", "MOTHUP2", "ICOLUP1", "ICOLUP2",
            "PUP1 (px)", "PUP2 (py)", "PUP3 (pz)", "PUP4 (E)", "PUP5 (m)", "VTIMUP", "SPINUP"};
    private static final String PARTICLE_LINE = "13 numbers: IDUP ISTUP MOTHUP1 MOTHUP2 ICOLUP1 ICOLUP2 PX PY PZ E M VTIMUP SPINUP";

    private final Path file;
    private final EventSink sink;
    private final RunInfo.Builder run = new RunInfo.Builder(EventFormat.LHE);
    /** The {@code <weightinfo>} names of the positional {@code <weights>}, exactly as written. */
    private final List<String> positionalWeightNames = new ArrayList<>();
    /** Weight columns by the name exactly as the file writes it: each name is checked and trimmed once. */
    private final Map<String, DoubleGrowable> weightColumns = new HashMap<>();
    private XMLStreamReader xml;
    private long eventNo; // 0 outside events
    private boolean sawInit;

    // the block path: whether it is used, its block size, and where it stands
    private final boolean blockPath, parallel;
    private final int blockSize;
    private ByteSource source;
    private ByteSource.Recording recording;
    /** File line of the XML parser's line 0: the XML path reads on from the middle of the file after a hand-over. */
    private int lineOffset;
    private String encoding;
    private boolean noBlockPath;
    /** Events the XML path reads before the block path tries again; it doubles with every hand-over. */
    private long xmlEventsToGo, handOvers;
    /** Hand-overs in a row after which the block path had read only a few events: at {@link #MISSES} it is given up. */
    private int misses;
    private static final int MISSES = 8;
    private long peakHeld, blockPathEvents, eventsAtHandOver;

    // the body being parsed: characters, and where each text segment started (buffer offset, file line)
    private char[] buf = new char[1 << 14];
    private int len;
    private int lineLength;
    private int[] segOffset = new int[8], segLine = new int[8];
    private int segments;
    private char[] wgtText = new char[64];
    /** The {@code <wgt>} ids of the current event, with their lines: a repeated id is an error, not an overwrite. */
    private final Map<String, Integer> weightIdsInEvent = new HashMap<>();
    private final int[] tokStart = new int[64], tokEnd = new int[64];
    private int lineStart, lineEnd, cursor;

    private DoubleGrowable weight, scale, aqed, aqcd, processId, nParticles;

    /** Reads with both paths; {@code -Dhepml.lhe.xmlOnly=true} reads with the XML path only (as before the block path). */
    LheReader(Path file, EventSink sink) {
        this(file, sink, !Boolean.getBoolean("hepml.lhe.xmlOnly"), Integer.getInteger("hepml.lhe.blockBytes", LheBlocks.BLOCK), true);
    }

    /**
     * @param blockPath read events with the block path (false: the XML path only)
     * @param blockSize bytes per block of events ({@code -Dhepml.lhe.blockBytes}, for tests and tuning)
     * @param parallel  parse blocks on the shared worker threads (false: on the reading thread)
     */
    LheReader(Path file, EventSink sink, boolean blockPath, int blockSize, boolean parallel) {
        this.file = file;
        this.sink = sink;
        this.blockPath = blockPath;
        this.blockSize = blockSize;
        this.parallel = parallel;
        weight = sink.columns.column("weight");
        processId = sink.columns.column("process_id");
        scale = sink.columns.column("scale");
        aqed = sink.columns.column("alpha_qed");
        aqcd = sink.columns.column("alpha_s");
        nParticles = sink.columns.column("n_particles");
    }

    /** A StAX factory that never reads a DTD nor resolves external entities (no XXE). */
    static XMLInputFactory safeFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external entity " + systemId + " refused");
        });
        return f;
    }

    @Override
    public RunInfo runSoFar() {
        return run.build();
    }

    @Override
    public RunInfo read(InputStream in) {
        try {
            source = new ByteSource(in);
            recording = new ByteSource.Recording(source);
            xml = safeFactory().createXMLStreamReader(recording);
            try {
                readDocument();
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw xmlError(e);
        } catch (HepmlException e) {
            throw e;
        } catch (BlockPathBug e) {
            throw (RuntimeException) e.getCause(); // reported as a bug of the reader, not as a damaged file
        } catch (RuntimeException e) {
            // a stream error surfacing through the XML parser (e.g. a .gz that ends early)
            int line = xml != null && xml.getLocation() != null ? line() : -1;
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw BadEventFile.at(file, line, eventNo, "cannot read further (" + root.getMessage()
                    + "); the file looks truncated or corrupted", e);
        }
        run.weights.keySet().forEach(id -> sink.columns.column("weight." + id));
        return run.build();
    }

    private void readDocument() throws XMLStreamException {
        while (xml.hasNext()) {
            int t = xml.next();
            if (t == XMLStreamConstants.DTD) {
                String dtd = xml.getText();
                if (dtd != null && dtd.contains("ENTITY")) {
                    throw fail("the file declares XML entities in a DOCTYPE; LHE files have no DOCTYPE and hepml never expands entities. Remove the DOCTYPE");
                }
            }
            if (t == XMLStreamConstants.START_ELEMENT) {
                if (!xml.getLocalName().equals("LesHouchesEvents")) {
                    throw fail("expected the root element <LesHouchesEvents version=\"...\">, found <" + xml.getLocalName() + ">");
                }
                String v = xml.getAttributeValue(null, "version");
                run.version = v == null ? "" : v.trim();
                readBody();
                return;
            }
        }
        throw fail("no <LesHouchesEvents> element; the file is empty or not an LHE file");
    }

    private void readBody() throws XMLStreamException {
        while (sink.wantsMore()) {
            int t = xml.next();
            if (t == XMLStreamConstants.END_ELEMENT) return; // </LesHouchesEvents>: whatever follows is not read
            if (t != XMLStreamConstants.START_ELEMENT) continue;
            switch (xml.getLocalName()) {
                case "header" -> readHeader();
                case "init" -> {
                    readInit();
                    sawInit = true;
                }
                case "event" -> {
                    if (!sawInit) throw fail("an <event> before the <init> block; every LHE file starts with <init>");
                    int line = blockPath && !noBlockPath && xmlEventsToGo <= 0 ? handToBlocks() : -1;
                    if (line < 0) {
                        readEvent();
                        xmlEventsToGo--;
                    } else if (blockEvents(line)) {
                        return;
                    }
                }
                default -> skipElement();
            }
        }
    }

    // ---------------------------------------------------------------- header

    private void readHeader() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int t = xml.next();
            if (t == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "initrwgt" -> readInitRwgt();
                    case "generator" -> readGenerator();
                    default -> depth++;
                }
            } else if (t == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private void readInitRwgt() throws XMLStreamException {
        String group = "";
        int depth = 1;
        while (depth > 0) {
            int t = xml.next();
            if (t == XMLStreamConstants.START_ELEMENT) {
                String name = xml.getLocalName();
                if (name.equals("weightgroup")) {
                    group = firstNonNull(xml.getAttributeValue(null, "name"), xml.getAttributeValue(null, "type"), "");
                    depth++;
                } else if (name.equals("weight")) {
                    String id = xml.getAttributeValue(null, "id");
                    int line = line();
                    String text = boundedText();
                    if (id != null) run.weight(id, text.trim(), group, problem -> failLine(line, problem));
                } else {
                    depth++;
                }
            } else if (t == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (xml.getLocalName().equals("weightgroup")) group = "";
            }
        }
    }

    private void readGenerator() throws XMLStreamException {
        String name = xml.getAttributeValue(null, "name");
        String version = xml.getAttributeValue(null, "version");
        String text = boundedText().trim();
        run.generators.add(new RunInfo.Generator(name != null ? name.trim() : text, version == null ? "" : version.trim()));
    }

    /** The text content of the current element (children's text included), refused beyond MAX_LINE characters. */
    private String boundedText() throws XMLStreamException {
        StringBuilder s = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int t = xml.next();
            if (t == XMLStreamConstants.START_ELEMENT) depth++;
            else if (t == XMLStreamConstants.END_ELEMENT) depth--;
            else if (isText(t)) {
                s.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                if (s.length() > MAX_LINE) throw fail("text longer than " + MAX_LINE + " characters in a header element; hepml refuses such input");
            }
        }
        return s.toString();
    }

    private void skipElement() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int t = xml.next();
            if (t == XMLStreamConstants.START_ELEMENT) depth++;
            else if (t == XMLStreamConstants.END_ELEMENT) depth--;
        }
    }

    // ---------------------------------------------------------------- init

    private void readInit() throws XMLStreamException {
        startBody();
        int depth = 1;
        int line = line();
        while (depth > 0) {
            int t = xml.next();
            if (t == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "generator" -> readGenerator();
                    case "weightinfo" -> { // LHEF 2/3: the names of the positional <weights>
                        String id = firstNonNull(xml.getAttributeValue(null, "name"), xml.getAttributeValue(null, "id"), "w" + (positionalWeightNames.size() + 1));
                        int at = line();
                        positionalWeightNames.add(id);
                        String text = boundedText().trim();
                        run.weight(id, text, "", problem -> failLine(at, problem));
                    }
                    case "xsecinfo" -> {
                        for (int a = 0; a < xml.getAttributeCount(); a++) {
                            run.attributes.put("xsecinfo." + xml.getAttributeLocalName(a), xml.getAttributeValue(a));
                        }
                        skipElement();
                    }
                    default -> depth++;
                }
            } else if (t == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (isText(t) && depth == 1) {
                appendText(line);
            }
            line = line();
        }
        parseInit();
    }

    private void parseInit() {
        cursor = 0;
        if (!nextDataLine()) throw failAt(0, "the <init> block is empty; expected the beam line IDBMUP1 IDBMUP2 EBMUP1 EBMUP2 PDFGUP1 PDFGUP2 PDFSUP1 PDFSUP2 IDWTUP NPRUP");
        int n = tokenize();
        if (n != 10) throw failAt(lineStart, "expected 10 numbers on the <init> beam line (IDBMUP1 IDBMUP2 EBMUP1 EBMUP2 PDFGUP1 PDFGUP2 PDFSUP1 PDFSUP2 IDWTUP NPRUP), found " + n);
        String[] f = {"IDBMUP1", "IDBMUP2", "EBMUP1", "EBMUP2", "PDFGUP1", "PDFGUP2", "PDFSUP1", "PDFSUP2", "IDWTUP", "NPRUP"};
        run.beams.add(new RunInfo.Beam(intField(0, f), doubleField(2, f), intField(4, f), intField(6, f)));
        run.beams.add(new RunInfo.Beam(intField(1, f), doubleField(3, f), intField(5, f), intField(7, f)));
        run.weightingStrategy = intField(8, f);
        int nprup = intField(9, f);
        if (nprup < 0 || nprup > 100_000) throw failAt(tokStart[9], "NPRUP = " + nprup + " processes is not a sensible count");
        String[] pf = {"XSECUP", "XERRUP", "XMAXUP", "LPRUP"};
        for (int i = 0; i < nprup; i++) {
            if (!nextDataLine()) throw failAt(len, "the <init> block has " + i + " process lines but NPRUP says " + nprup + "; expected XSECUP XERRUP XMAXUP LPRUP");
            int k = tokenize();
            if (k != 4) throw failAt(lineStart, "expected 4 numbers on an <init> process line (XSECUP XERRUP XMAXUP LPRUP), found " + k);
            run.processes.add(new RunInfo.Process(intField(3, pf), doubleField(0, pf), doubleField(1, pf), doubleField(2, pf)));
        }
        // later lines (generator-specific extras) are tolerated and ignored
    }

    // ---------------------------------------------------------------- events

    private void readEvent() throws XMLStreamException {
        eventNo = sink.eventNumber();
        startBody();
        weightIdsInEvent.clear();
        int depth = 1;
        int line = line();
        int opened = line;
        while (depth > 0) {
            int t = xml.next();
            if (t == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    // an unclosed event makes the next one its child: say so where it opens, not at the end of the file
                    case "event" -> throw failLine(line(), "an <event> opens inside the event that"
                            + " opened on line " + opened + "; expected </event> first (is it missing?)");
                    case "rwgt" -> readRwgt();
                    case "weights" -> readPositionalWeights();
                    case "weight" -> readNamedWeight();
                    default -> skipElement();
                }
            } else if (t == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (isText(t)) {
                appendText(line);
            }
            line = line();
        }
        parseEvent();
        sink.endEvent();
        eventNo = 0;
    }

    private void readRwgt() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int t = xml.next();
            if (t == XMLStreamConstants.START_ELEMENT) {
                if (xml.getLocalName().equals("wgt")) readWgt();
                else depth++;
            } else if (t == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** One {@code <wgt id='...'>value</wgt>}: the value is parsed from the parser's buffer, the column found by id once. */
    private void readWgt() throws XMLStreamException {
        String id = xml.getAttributeValue(null, "id");
        int line = line();
        if (id == null) throw failLine(line, "a <wgt> without an id attribute; expected <wgt id='...'>value</wgt>");
        requireOncePerEvent(id, line, "<wgt id='" + id + "'>", "weight id");
        DoubleGrowable column = weightColumn(id, line);
        // copy the value's characters (the parser reuses its buffer; text may come in several pieces)
        int n = 0;
        int depth = 1;
        for (int t = xml.next(); ; t = xml.next()) {
            if (t == XMLStreamConstants.START_ELEMENT) depth++;
            else if (t == XMLStreamConstants.END_ELEMENT && --depth == 0) break;
            else if (isText(t)) {
                int len = xml.getTextLength();
                if (n + len > MAX_LINE) throw failLine(line, "a <wgt> value longer than " + MAX_LINE + " characters");
                if (n + len > wgtText.length) wgtText = Arrays.copyOf(wgtText, Math.max(n + len, wgtText.length * 2));
                System.arraycopy(xml.getTextCharacters(), xml.getTextStart(), wgtText, n, len);
                n += len;
            }
        }
        int a = 0, b = n;
        while (a < b && wgtText[a] <= ' ') a++;
        while (b > a && wgtText[b - 1] <= ' ') b--;
        double value;
        try {
            value = NumberParser.parseDouble(wgtText, a, b);
        } catch (NumberParser.BadNumber e) {
            throw failLine(line, "expected a number for the value of <wgt id='" + id.trim() + "'>, found '" + abbreviate(new String(wgtText, a, b - a)) + "'");
        }
        sink.columns.set(column, value);
    }

    /** The column of the weight named {@code name} (exactly as written), registered on first sight. */
    private DoubleGrowable weightColumn(String name, int line) {
        DoubleGrowable column = weightColumns.get(name);
        if (column == null) {
            column = sink.columns.column(run.weight(name, problem -> failLine(line, problem)).column());
            weightColumns.put(name, column);
        }
        return column;
    }

    /**
     * A positional {@code <weights>} block. Its values are named by the header's {@code <weightinfo>} elements (LHEF 2/3)
     * or, without those, by the {@code <initrwgt>} ids in declaration order when there are exactly as many (POWHEG
     * writes its reweighting so); otherwise they stay positional (weight.w1, w2, ...).
     */
    private void readPositionalWeights() throws XMLStreamException {
        int line = line();
        String text = boundedText().trim();
        if (text.isEmpty()) return;
        String[] values = text.split("\\s+");
        List<String> names = positionalNames(values.length);
        for (int i = 0; i < values.length; i++) {
            sink.columns.set(weightColumn(positionalName(names, i), line), parseWeight(values[i], line, "weight " + (i + 1) + " in <weights>"));
        }
    }

    /** The names of {@code count} positional weights: the {@code <weightinfo>} names, else the declared ids when as many. */
    private List<String> positionalNames(int count) {
        return !positionalWeightNames.isEmpty() ? positionalWeightNames
                : count == run.weights.size() ? run.weights.values().stream().map(RunInfo.WeightInfo::original).toList() : List.of();
    }

    private static String positionalName(List<String> names, int i) {
        return i < names.size() ? names.get(i) : "w" + (i + 1);
    }

    /** A weight's column takes one value per event: a second element with the same id is an error, not an overwrite. */
    private void requireOncePerEvent(String id, int line, String element, String what) {
        Integer first = weightIdsInEvent.putIfAbsent(id, line);
        if (first != null) {
            throw failLine(line, element + " appears twice in this event (first on line " + first + "); expected each " + what + " once");
        }
    }

    /**
     * An LHEF 2.0 per-event {@code <weight name="...">value</weight>} (the id attribute is accepted too): its column is
     * weight.NAME; further values in the same element (LHEF 2.0 allows a list) go to weight.NAME.2, .3, ...
     */
    private void readNamedWeight() throws XMLStreamException {
        int line = line();
        String name = firstNonNull(xml.getAttributeValue(null, "name"), xml.getAttributeValue(null, "id"), null);
        if (name == null) throw failLine(line, "a <weight> in an event without a name attribute; expected <weight name='...'>value</weight>");
        requireOncePerEvent(name, line, "<weight name='" + name + "'>", "weight name");
        String text = boundedText().trim();
        if (text.isEmpty()) throw failLine(line, "<weight name='" + name + "'> has no value; expected a number");
        String[] values = text.split("\\s+");
        DoubleGrowable first = weightColumn(name, line);
        for (int i = 0; i < values.length; i++) {
            double w = parseWeight(values[i], line, "<weight name='" + name + "'>" + (i == 0 ? "" : " value " + (i + 1)));
            if (i == 0) sink.columns.set(first, w);
            else sink.columns.set(namedValueColumn(name, i), w);
        }
    }

    /** Where the value after the first of a {@code <weight name>} element goes: weight.NAME.2, .3, ... */
    private DoubleGrowable namedValueColumn(String name, int i) {
        return sink.columns.column("weight." + RunInfo.WeightInfo.idOf(name) + "." + (i + 1));
    }

    private double parseWeight(String text, int line, String what) {
        try {
            return NumberParser.parseDouble(text);
        } catch (NumberParser.BadNumber e) {
            throw failLine(line, "expected a number for " + what + ", found '" + abbreviate(text) + "'");
        }
    }

    private void parseEvent() {
        cursor = 0;
        if (!nextDataLine()) throw failAt(0, "the event is empty; expected the event-info line NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP");
        int n = tokenize();
        if (n != 6) throw failAt(lineStart, "expected 6 numbers on the event-info line (NUP IDPRUP XWGTUP SCALUP AQEDUP AQCDUP), found " + n);
        int nup = intField(0, INFO_FIELDS);
        if (nup < 0 || nup > 1_000_000) throw failAt(tokStart[0], "NUP = " + nup + " particles is not a sensible count");
        sink.columns.set(nParticles, nup);
        sink.columns.set(processId, intField(1, INFO_FIELDS));
        sink.columns.set(weight, doubleField(2, INFO_FIELDS));
        sink.columns.set(scale, doubleField(3, INFO_FIELDS));
        sink.columns.set(aqed, doubleField(4, INFO_FIELDS));
        sink.columns.set(aqcd, doubleField(5, INFO_FIELDS));
        ParticleArrays.Builder p = sink.particles;
        for (int i = 0; i < nup; i++) {
            if (!nextDataLine()) {
                throw failAt(len, "NUP on the event-info line says " + nup + " particles but the event has " + i
                        + " particle lines; the file may be truncated or NUP wrong");
            }
            int k = tokenize();
            if (k != 13) throw failAt(lineStart, "expected " + PARTICLE_LINE + " on particle line " + (i + 1) + ", found " + k + " fields");
            int mo1 = intField(2, PARTICLE_FIELDS), mo2 = intField(3, PARTICLE_FIELDS);
            if (mo1 < 0 || mo1 > nup || mo2 < 0 || mo2 > nup) {
                throw failAt(lineStart, "mother indices " + mo1 + " " + mo2 + " of particle " + (i + 1) + " are outside 0.." + nup + " (NUP)");
            }
            p.addParticle(intField(0, PARTICLE_FIELDS), intField(1, PARTICLE_FIELDS), mo1, mo2,
                    intField(4, PARTICLE_FIELDS), intField(5, PARTICLE_FIELDS),
                    doubleField(6, PARTICLE_FIELDS), doubleField(7, PARTICLE_FIELDS), doubleField(8, PARTICLE_FIELDS),
                    doubleField(9, PARTICLE_FIELDS), doubleField(10, PARTICLE_FIELDS),
                    doubleField(11, PARTICLE_FIELDS), doubleField(12, PARTICLE_FIELDS));
        }
        if (nextDataLine()) {
            throw failAt(lineStart, "a line after the " + nup + " particles that NUP announces; expected a comment starting with '#' "
                    + "or the end of the event (if it is a particle, NUP on the event-info line is wrong)");
        }
    }

    // ---------------------------------------------------------------- the block path

    /**
     * The XML parser stands right after an {@code <event ...>} start tag: finds that tag's first byte among the bytes
     * the parser read, gives the bytes from there on back to the source, and returns the tag's line; -1 (and the XML
     * path reads the event) when that cannot be done exactly.
     */
    private int handToBlocks() {
        boolean utf8;
        try {
            if (encoding == null) encoding = xml.getEncoding() == null ? "UTF-8" : xml.getEncoding();
            java.nio.charset.Charset cs = java.nio.charset.Charset.forName(encoding);
            utf8 = cs.equals(StandardCharsets.UTF_8);
            boolean oneByte = cs.equals(StandardCharsets.ISO_8859_1) || cs.equals(StandardCharsets.US_ASCII);
            String version = xml.getVersion();
            if (!(utf8 || oneByte) || version != null && !version.equals("1.0")) {
                giveUpBlockPath(); // another encoding, or XML 1.1's other line ends: the XML path reads everything
                return -1;
            }
        } catch (RuntimeException e) {
            giveUpBlockPath();
            return -1;
        }
        int chars = xml.getLocation().getCharacterOffset();
        int end = chars < 0 ? -1 : recording.indexOf(chars, utf8);
        if (end <= 0 || recording.at(end - 1) != '>') {
            giveUpBlockPath(); // the parser's offset is not where it should be: never guess
            return -1;
        }
        int start = end - 1;
        while (start >= 0 && recording.at(start) != '<') start--;
        if (start < 0 || end - start < 7) {
            giveUpBlockPath();
            return -1;
        }
        for (int k = 0; k < 6; k++) {
            if (recording.at(start + k) != "<event".charAt(k)) {
                giveUpBlockPath();
                return -1;
            }
        }
        int newlines = 0;
        for (int k = start; k < end; k++) {
            byte b = recording.at(k);
            if (b == '\n') newlines++;
            else if (b == '\r' && (k + 1 == end || recording.at(k + 1) != '\n')) return -1; // a lone CR ends a line in XML
        }
        int line = line() - newlines;
        recording.giveBack(start);
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // nothing held
        }
        return line;
    }

    /** The XML path reads the rest of the file: it need not keep what it reads any more. */
    private void giveUpBlockPath() {
        noBlockPath = true;
        recording.stop();
    }

    /**
     * Reads events with the block path from the {@code <event>} tag on {@code line}; true when the document (or the
     * events wanted) ended there, false when it handed over to the XML path, which then stands on the line the block
     * path stopped at.
     */
    private boolean blockEvents(int line) throws XMLStreamException {
        try {
            return blockEventsFrom(line);
        } catch (HepmlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BlockPathBug(e); // the block path reports nothing by exception: its source keeps stream errors for the XML path
        }
    }

    /** Marks a failure of the block path itself, so that it is not taken for a damaged file. */
    private static final class BlockPathBug extends RuntimeException {
        BlockPathBug(RuntimeException cause) {
            super(cause);
        }
    }

    private boolean blockEventsFrom(int line) throws XMLStreamException {
        try (LheBlocks blocks = new LheBlocks(source, blockSize, parallel)) {
            try {
                LheEventBlock b;
                while ((b = blocks.next()) != null) {
                    int appended = append(b);
                    if (!sink.wantsMore()) return true;
                    if (appended < b.events) {
                        handBack(blocks, b, b.eventFrom[appended], line + b.linesBefore[appended]);
                        return false;
                    }
                    switch (b.stop) {
                        case END_OF_DOCUMENT -> {
                            return true;
                        }
                        case IRREGULAR -> {
                            handBack(blocks, b, b.stopFrom, line + b.linesAtStop);
                            return false;
                        }
                        case END_OF_BLOCK -> {
                            if (b.last) { // the file ends without </LesHouchesEvents>: the XML path says how
                                handBack(blocks, b, b.stopFrom, line + b.linesAtStop);
                                return false;
                            }
                            line += b.lines;
                        }
                    }
                }
                throw new IllegalStateException("the last block of " + file + " was not marked last");
            } finally {
                peakHeld = Math.max(peakHeld, blocks.peakHeld());
            }
        }
    }

    /** How often the block path handed over to the XML path. */
    long handOvers() {
        return handOvers;
    }

    /** Events the block path read (the others the XML path read). */
    long blockPathEvents() {
        return blockPathEvents;
    }

    /** The most bytes the block path held at once: bounded by a few blocks, whatever the file's size. */
    long peakHeldBytes() {
        return peakHeld;
    }

    /**
     * Gives the bytes from {@code block.data[from]} on back to the source, behind a line that reopens the document
     * ({@code <?xml ...?><LesHouchesEvents>}, on the file's line {@code line}), and points the XML parser at them.
     */
    private void handBack(LheBlocks blocks, LheEventBlock block, int from, int line) throws XMLStreamException {
        blocks.giveBack(block, from);
        byte[] reopen = ("<?xml version=\"1.0\" encoding=\"" + encoding + "\"?><LesHouchesEvents>").getBytes(StandardCharsets.US_ASCII);
        source.unread(reopen, 0, reopen.length);
        recording = new ByteSource.Recording(source);
        xml = safeFactory().createXMLStreamReader(recording);
        lineOffset = line - 1;
        while (xml.next() != XMLStreamConstants.START_ELEMENT) {
            // the XML declaration
        }
        xmlEventsToGo = 1L << Math.min(handOvers++, 16);
        misses = blockPathEvents - eventsAtHandOver < 16 ? misses + 1 : 0;
        eventsAtHandOver = blockPathEvents;
        if (misses == MISSES) giveUpBlockPath(); // a file of events the block path does not take: stop trying
    }

    /**
     * Appends the block's events to the sink as the XML path would have (weights in file order, then the event-info
     * line and the particles); returns how many were appended: fewer than the block's when the sink wants no more, or
     * when a weight name cannot be taken (the XML path then reads that event and says why).
     */
    private int append(LheEventBlock b) {
        DoubleGrowable[] named = new DoubleGrowable[b.nNames];
        double[] info = b.info, q = b.particle;
        ParticleArrays.Builder p = sink.particles;
        for (int k = 0; k < b.events; k++) {
            if (!sink.wantsMore()) return k;
            eventNo = sink.eventNumber();
            try {
                appendWeights(b, k, named);
            } catch (HepmlException e) {
                if (e instanceof org.hepml.engine.Cancelled c) throw c;
                eventNo = 0;
                return k;
            }
            int a = k * LheEventBlock.INFO;
            sink.columns.set(nParticles, info[a]);
            sink.columns.set(processId, info[a + 1]);
            sink.columns.set(weight, info[a + 2]);
            sink.columns.set(scale, info[a + 3]);
            sink.columns.set(aqed, info[a + 4]);
            sink.columns.set(aqcd, info[a + 5]);
            for (int j = b.particleStart[k] * LheEventBlock.PARTICLE, e = b.particleStart[k + 1] * LheEventBlock.PARTICLE; j < e; j += LheEventBlock.PARTICLE) {
                p.addParticle((int) q[j], (int) q[j + 1], (int) q[j + 2], (int) q[j + 3], (int) q[j + 4], (int) q[j + 5],
                        q[j + 6], q[j + 7], q[j + 8], q[j + 9], q[j + 10], q[j + 11], q[j + 12]);
            }
            sink.endEvent();
            blockPathEvents++;
            eventNo = 0;
        }
        return b.events;
    }

    /** The event's weight elements, applied as {@link #readWgt}, {@link #readPositionalWeights} and {@link #readNamedWeight} do. */
    private void appendWeights(LheEventBlock b, int k, DoubleGrowable[] named) {
        for (int t = b.itemStart[k]; t < b.itemStart[k + 1]; t++) {
            int v = b.itemValues[t], n = b.itemCount[t], id = b.itemName[t];
            switch (b.itemKind[t]) {
                case LheEventBlock.WGT -> sink.columns.set(namedColumn(b, named, id), b.values[v]);
                case LheEventBlock.POSITIONAL -> {
                    List<String> names = positionalNames(n);
                    for (int i = 0; i < n; i++) sink.columns.set(weightColumn(positionalName(names, i), -1), b.values[v + i]);
                }
                case LheEventBlock.NAMED -> {
                    sink.columns.set(namedColumn(b, named, id), b.values[v]);
                    for (int i = 1; i < n; i++) sink.columns.set(namedValueColumn(b.names[id], i), b.values[v + i]);
                }
                default -> throw new IllegalStateException("weight kind " + b.itemKind[t]);
            }
        }
    }

    private DoubleGrowable namedColumn(LheEventBlock b, DoubleGrowable[] named, int id) {
        DoubleGrowable c = named[id];
        if (c == null) named[id] = c = weightColumn(b.names[id], -1);
        return c;
    }

    // ---------------------------------------------------------------- body text and fields

    private void startBody() {
        len = 0;
        lineLength = 0;
        segments = 0;
    }

    private void appendText(int startLine) {
        char[] src = xml.getTextCharacters();
        int from = xml.getTextStart(), n = xml.getTextLength();
        if (segments == segOffset.length) {
            segOffset = Arrays.copyOf(segOffset, segments * 2);
            segLine = Arrays.copyOf(segLine, segments * 2);
        }
        segOffset[segments] = len;
        segLine[segments++] = startLine;
        if (len + n > buf.length) {
            if (len + n > MAX_EVENT) throw failAt(len, "more than " + MAX_EVENT + " characters in one block; hepml refuses such input");
            buf = Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
        }
        System.arraycopy(src, from, buf, len, n);
        if (lineLength + n <= MAX_LINE) {
            // no line can exceed the limit: only find where the last line starts
            int last = len + n - 1;
            while (last >= len && buf[last] != '\n') last--;
            lineLength = last < len ? lineLength + n : len + n - 1 - last;
        } else {
            for (int i = len; i < len + n; i++) {
                if (buf[i] == '\n') lineLength = 0;
                else if (++lineLength > MAX_LINE) throw failAt(i, "a line longer than " + MAX_LINE + " characters; hepml refuses such input (is this an LHE file?)");
            }
        }
        len += n;
    }

    /** Moves to the next line that is neither blank nor a '#' comment; false at the end of the body. */
    private boolean nextDataLine() {
        while (cursor < len) {
            int s = cursor;
            int e = s;
            while (e < len && buf[e] != '\n') e++;
            cursor = e + 1;
            int a = s;
            while (a < e && (buf[a] == ' ' || buf[a] == '\t' || buf[a] == '\r')) a++;
            if (a == e || buf[a] == '#') continue;
            lineStart = a;
            lineEnd = e;
            return true;
        }
        return false;
    }

    /** Splits the current line at blanks; returns the number of fields (at most 64 are remembered). */
    private int tokenize() {
        int n = 0;
        int i = lineStart;
        while (i < lineEnd) {
            char c = buf[i];
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            int s = i;
            while (i < lineEnd && (c = buf[i]) != ' ' && c != '\t' && c != '\r') i++;
            if (n < tokStart.length) {
                tokStart[n] = s;
                tokEnd[n] = i;
            }
            n++;
        }
        return n;
    }

    private int intField(int k, String[] names) {
        try {
            return NumberParser.parseInt(buf, tokStart[k], tokEnd[k]);
        } catch (NumberParser.BadNumber e) {
            throw failAt(tokStart[k], "expected an integer for " + names[k] + ", found '" + token(k) + "'");
        }
    }

    private double doubleField(int k, String[] names) {
        try {
            return NumberParser.parseDouble(buf, tokStart[k], tokEnd[k]);
        } catch (NumberParser.BadNumber e) {
            throw failAt(tokStart[k], "expected a number for " + names[k] + ", found '" + token(k) + "'");
        }
    }

    private String token(int k) {
        return abbreviate(new String(buf, tokStart[k], tokEnd[k] - tokStart[k]));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    // ---------------------------------------------------------------- errors

    /** The file line of a buffer offset: the segment's start line plus the newlines before it. */
    private int lineOf(int offset) {
        int seg = 0;
        for (int i = 0; i < segments; i++) if (segOffset[i] <= offset) seg = i;
        if (segments == 0) return line();
        int line = segLine[seg];
        for (int i = segOffset[seg]; i < Math.min(offset, len); i++) if (buf[i] == '\n') line++;
        return line;
    }

    /** The file line the XML parser stands on (after a hand-over from the block parser, its line 1 is {@link #lineOffset} + 1). */
    private int line() {
        return xml.getLocation().getLineNumber() + lineOffset;
    }

    private HepmlException failAt(int offset, String problem) {
        return BadEventFile.at(file, lineOf(offset), eventNo, problem);
    }

    private HepmlException failLine(int line, String problem) {
        return BadEventFile.at(file, line, eventNo, problem);
    }

    private HepmlException fail(String problem) {
        return BadEventFile.at(file, line(), eventNo, problem);
    }

    private HepmlException xmlError(XMLStreamException e) {
        int line = e.getLocation() != null && e.getLocation().getLineNumber() >= 0 ? e.getLocation().getLineNumber() + lineOffset : -1;
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        int cut = msg.indexOf("Message: ");
        if (cut >= 0) msg = msg.substring(cut + 9);
        String hint = msg.contains("must start and end within the same entity") || msg.contains("end of file") || msg.contains("ZLIB")
                ? "The file ends early; it looks truncated (an interrupted copy or generator run?)"
                : msg.contains("entity") ? "XML entities are never expanded by hepml; remove the DOCTYPE/entity references"
                : "expected well-formed LHE (XML)";
        return BadEventFile.at(file, line, eventNo, "XML error: " + msg.trim() + " " + hint);
    }

    private static boolean isText(int t) {
        return t == XMLStreamConstants.CHARACTERS || t == XMLStreamConstants.CDATA || t == XMLStreamConstants.SPACE;
    }

    private static String firstNonNull(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }
}
