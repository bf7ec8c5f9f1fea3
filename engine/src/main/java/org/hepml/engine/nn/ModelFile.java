package org.hepml.engine.nn;

import ai.djl.engine.Engine;
import org.hepml.engine.HepmlException;
import org.hepml.engine.IoProblems;
import org.hepml.engine.Version;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One file holding trained networks: a zip with {@code manifest.properties} (format version, the versions of hepml,
 * DJL and the tensor engine, each network's architecture and standardisation, and the caller's metadata: method, data
 * columns, the {@link TrainingSettings} with their seed as {@code training.*}...)
 * and one {@code net<k>.bin} of float parameters per network, plus any named float tables the model needs
 * besides its networks ({@code table.<name>.bin}, e.g. a ratio estimator's reference sample). Written to a temporary file in the same
 * folder, forced to disk and moved into place atomically, so a crash mid-write never leaves a file that
 * loads as valid; the zip's checksums catch files damaged later.
 */
public final class ModelFile {
    /** Bumped when the layout changes; older files are refused with the reason. */
    public static final int FORMAT = 1;

    private ModelFile() {
    }

    /** What a model file holds. */
    public record Contents(Map<String, String> metadata, List<Mlp> networks, Map<String, float[][]> tables) {
    }

    public static Path write(Path file, Map<String, String> metadata, List<Mlp> networks) {
        return write(file, metadata, networks, Map.of());
    }

    public static Path write(Path file, Map<String, String> metadata, List<Mlp> networks, Map<String, float[][]> tables) {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("hepml.version", Version.get());
        // what made the numbers: the tensor library and its engine
        p.setProperty("djl.version", String.valueOf(Engine.getDjlVersion()));
        p.setProperty("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        p.setProperty("networks", Integer.toString(networks.size()));
        metadata.forEach((k, v) -> p.setProperty("meta." + k, v));
        for (int k = 0; k < networks.size(); k++) {
            Mlp n = networks.get(k);
            p.setProperty("net" + k + ".inputs", Integer.toString(n.inputs()));
            p.setProperty("net" + k + ".hidden", join(n.hidden()));
            p.setProperty("net" + k + ".outputs", Integer.toString(n.outputs()));
            p.setProperty("net" + k + ".activation", n.activation().name());
            p.setProperty("net" + k + ".mean", joinFloats(n.mean()));
            p.setProperty("net" + k + ".std", joinFloats(n.std()));
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".hepml-", ".tmp");
            try {
                try (FileOutputStream fos = new FileOutputStream(tmp.toFile()); ZipOutputStream zip = new ZipOutputStream(fos)) {
                    zip.putNextEntry(new ZipEntry("manifest.properties"));
                    StringWriter sw = new StringWriter();
                    p.store(sw, "hepml model");
                    zip.write(sw.toString().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                    for (int k = 0; k < networks.size(); k++) {
                        zip.putNextEntry(new ZipEntry("net" + k + ".bin"));
                        zip.write(parameters(networks.get(k)));
                        zip.closeEntry();
                    }
                    for (Map.Entry<String, float[][]> t : tables.entrySet()) {
                        zip.putNextEntry(new ZipEntry("table." + t.getKey() + ".bin"));
                        zip.write(table(t.getValue()));
                        zip.closeEntry();
                    }
                    zip.finish();
                    fos.getFD().sync();
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new HepmlException("Could not write the model to " + file + ": " + IoProblems.why(e) + ". Choose a folder you can write to.", e);
        }
        return file;
    }

    /** The caller's metadata of a model file (kind, method...), without building its networks. */
    public static Map<String, String> metadata(Path file) {
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.getName().equals("manifest.properties")) continue;
                Properties p = new Properties();
                p.load(new StringReader(new String(zip.readAllBytes(), StandardCharsets.UTF_8)));
                Map<String, String> meta = new LinkedHashMap<>();
                for (String k : p.stringPropertyNames()) if (k.startsWith("meta.")) meta.put(k.substring(5), p.getProperty(k));
                return meta;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new HepmlException(file + " is not a complete hepml model file (" + e.getMessage() + ").", e);
        }
        throw new HepmlException(file + " is not a hepml model file: it has no manifest.");
    }

    public static Contents read(Path file) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) entries.put(e.getName(), zip.readAllBytes());
        } catch (IOException e) {
            throw new HepmlException(file + " is not a complete hepml model file (" + e.getMessage() + ").", e);
        }
        byte[] manifest = entries.get("manifest.properties");
        if (manifest == null) throw new HepmlException(file + " is not a hepml model file: it has no manifest.");
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(manifest, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new HepmlException(file + ": unreadable manifest (" + e.getMessage() + ").", e);
        }
        int format = Integer.parseInt(p.getProperty("format", "0"));
        if (format != FORMAT) {
            throw new HepmlException(file + " was written by hepml " + p.getProperty("hepml.version", "?") + " in model format " + format
                    + "; this hepml (" + Version.get() + ") reads format " + FORMAT + ". Retrain, or load it with that version.");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) if (k.startsWith("meta.")) meta.put(k.substring(5), p.getProperty(k));
        meta.put("hepml.version", p.getProperty("hepml.version"));
        for (String k : List.of("djl.version", "engine")) if (p.getProperty(k) != null) meta.put(k, p.getProperty(k));
        List<Mlp> nets = new ArrayList<>();
        try {
            int count = Integer.parseInt(p.getProperty("networks"));
            for (int k = 0; k < count; k++) {
                String pre = "net" + k + ".";
                Mlp net = Mlp.builder().inputs(Integer.parseInt(p.getProperty(pre + "inputs")))
                        .hidden(Arrays.stream(p.getProperty(pre + "hidden").split(",")).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray())
                        .outputs(Integer.parseInt(p.getProperty(pre + "outputs")))
                        .activation(Activation.valueOf(p.getProperty(pre + "activation")))
                        .build(floats(p.getProperty(pre + "mean")), floats(p.getProperty(pre + "std")));
                nets.add(net);
                byte[] bin = entries.get("net" + k + ".bin");
                if (bin == null) throw new HepmlException(file + " lacks the parameters of network " + k + ".");
                net.restore(readParameters(bin, net));
            }
        } catch (RuntimeException e) {
            nets.forEach(Mlp::close);
            if (e instanceof HepmlException) throw e;
            throw new HepmlException(file + " has a damaged manifest (" + e.getMessage() + ").", e);
        }
        Map<String, float[][]> tables = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("table.") || !name.endsWith(".bin")) continue;
            try {
                tables.put(name.substring(6, name.length() - 4), readTable(e.getValue()));
            } catch (IOException ex) {
                nets.forEach(Mlp::close);
                throw new HepmlException(file + ": table " + name + " is cut short (" + ex.getMessage() + ").", ex);
            }
        }
        return new Contents(meta, nets, tables);
    }

    /** rows, columns, then the values row by row. */
    private static byte[] table(float[][] rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(rows.length);
        out.writeInt(rows.length == 0 ? 0 : rows[0].length);
        for (float[] r : rows) for (float v : r) out.writeFloat(v);
        return bytes.toByteArray();
    }

    private static float[][] readTable(byte[] bin) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bin))) {
            int n = in.readInt(), d = in.readInt();
            if (n < 0 || d < 0 || (long) n * d * 4 > bin.length) throw new IOException(n + " x " + d + " values announced");
            float[][] t = new float[n][d];
            for (float[] r : t) for (int j = 0; j < d; j++) r[j] = in.readFloat();
            return t;
        }
    }

    private static byte[] parameters(Mlp net) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (float[] a : net.snapshot()) {
            out.writeInt(a.length);
            for (float v : a) out.writeFloat(v);
        }
        return bytes.toByteArray();
    }

    private static float[][] readParameters(byte[] bin, Mlp net) {
        int arrays = net.parameters().size();
        float[][] out = new float[arrays][];
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bin))) {
            for (int i = 0; i < arrays; i++) {
                int n = in.readInt();
                if (n != net.parameters().get(i).size()) throw new HepmlException("parameter array " + i + " has the wrong size");
                out[i] = new float[n];
                for (int j = 0; j < n; j++) out[i][j] = in.readFloat();
            }
        } catch (IOException e) {
            throw new HepmlException("the parameters are cut short (" + e.getMessage() + ")", e);
        }
        return out;
    }

    private static String join(int[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(Integer::toString).toList());
    }

    private static String joinFloats(float[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ",").append(Float.toString(v[i]));
        return b.toString();
    }

    private static float[] floats(String s) {
        String[] parts = s.split(",");
        float[] f = new float[parts.length];
        for (int i = 0; i < parts.length; i++) f[i] = Float.parseFloat(parts[i]);
        return f;
    }
}
