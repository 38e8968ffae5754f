package io.voicerouter.provider.styletts2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Pre-made voices: name to a {@code [rows][256]} style table, the row chosen by the phoneme count.
 * Read from Kokoro's {@code voices*.npz} / {@code voices*.bin} (a NumPy zip of {@code float32 [510, 1, 256]}
 * arrays, as kokoro-onnx ships it) or from a {@code voices/} folder of raw little-endian float32
 * files ({@code <name>.bin}, as the onnx-community export ships them) or of {@code torch.save}d
 * tensors ({@code <name>.pt}, as hexgrad ships them). Immutable.
 */
final class VoiceTable {
    static final int STYLE_DIM = 256;
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private final Map<String, float[][]> voices;

    private VoiceTable(Map<String, float[][]> voices) {
        this.voices = voices;
    }

    static VoiceTable empty() {
        return new VoiceTable(Map.of());
    }

    /** Every voice found in {@code dir}; empty when the model ships none. */
    static VoiceTable load(Path dir) throws IOException {
        Map<String, float[][]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String n = f.getFileName().toString();
                if (n.startsWith("voices") && (n.endsWith(".npz") || n.endsWith(".bin")) && Files.isRegularFile(f)) {
                    readNpz(f, out);
                }
            }
        }
        Path folder = dir.resolve("voices");
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".bin")) {
                        out.put(n.substring(0, n.length() - 4), rows(ByteBuffer.wrap(Files.readAllBytes(f)), f));
                    } else if (n.endsWith(".pt")) {
                        out.put(n.substring(0, n.length() - 3), readTorch(f));
                    }
                }
            }
        }
        return new VoiceTable(Map.copyOf(out));
    }

    java.util.Set<String> names() {
        return new java.util.TreeSet<>(voices.keySet());
    }

    boolean isEmpty() {
        return voices.isEmpty();
    }

    /** The style for a call of {@code phonemes} phonemes (the last row for longer ones). */
    float[] style(String voice, int phonemes) {
        float[][] table = voices.get(voice);
        if (table == null) {
            throw new IllegalArgumentException("no voice named '" + voice + "'");
        }
        return table[Math.min(phonemes, table.length - 1)].clone();
    }

    boolean has(String voice) {
        return voices.containsKey(voice);
    }

    /**
     * A {@code torch.save}d float32 tensor, as hexgrad ships Kokoro voices ({@code voices/af_heart.pt}):
     * a zip whose {@code <name>/data/0} entry is the tensor's storage, raw little-endian floats. The
     * pickle is not read; a file with more than one storage (not one plain tensor) is refused.
     */
    private static float[][] readTorch(Path file) throws IOException {
        byte[] storage = null;
        String byteOrder = "little";
        // ZipFile, not ZipInputStream: torch writes stored entries with data descriptors, which only
        // the central directory describes.
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String n = e.getName();
                if (n.matches("[^/]+/data/\\d+")) {
                    if (storage != null) {
                        throw new IOException(file + ": more than one tensor storage; expected one float32 [510, 1, 256] tensor");
                    }
                    try (InputStream in = zip.getInputStream(e)) {
                        storage = in.readAllBytes();
                    }
                } else if (n.endsWith("/byteorder")) {
                    try (InputStream in = zip.getInputStream(e)) {
                        byteOrder = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a torch.save zip (legacy pickle .pt files are not read): " + e.getMessage(), e);
        }
        if (storage == null) {
            throw new IOException(file + ": no tensor storage (data/0) in the torch.save zip");
        }
        if (!byteOrder.equals("little")) {
            throw new IOException(file + ": tensor stored " + byteOrder + "-endian; expected little");
        }
        return rows(ByteBuffer.wrap(storage), file);
    }

    private static void readNpz(Path file, Map<String, float[][]> out) throws IOException {
        // The central directory, not a stream: a zip written with data descriptors reads either way.
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                String n = e.getName();
                if (n.endsWith(".npy")) {
                    try (InputStream in = zip.getInputStream(e)) {
                        out.put(n.substring(0, n.length() - 4), readNpy(in, file + ":" + n));
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a NumPy .npz (zip) file: " + e.getMessage(), e);
        }
    }

    private static float[][] readNpy(InputStream in, String where) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.remaining() < 10 || buf.get(0) != (byte) 0x93 || buf.get(1) != 'N') {
            throw new IOException(where + ": not a .npy array");
        }
        int major = buf.get(6);
        int headerLength = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
        int headerStart = major == 1 ? 10 : 12;
        String header = new String(bytes.toByteArray(), headerStart, headerLength, StandardCharsets.ISO_8859_1);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException(where + ": expected little-endian float32 in C order, header " + header.strip());
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException(where + ": no shape in header");
        }
        long elements = 1;
        for (String d : m.group(1).split(",")) {
            if (!d.isBlank()) {
                elements *= Long.parseLong(d.strip());
            }
        }
        buf.position(headerStart + headerLength);
        if (buf.remaining() < elements * 4) {
            throw new IOException(where + ": truncated data");
        }
        buf.limit(buf.position() + (int) elements * 4);
        return rows(buf.slice(), Path.of(where));
    }

    private static float[][] rows(ByteBuffer data, Path where) throws IOException {
        data.order(ByteOrder.LITTLE_ENDIAN);
        int floats = data.remaining() / 4;
        if (floats == 0 || floats % STYLE_DIM != 0) {
            throw new IOException(where + ": " + floats + " floats is not a whole number of 256-value style rows");
        }
        float[][] rows = new float[floats / STYLE_DIM][STYLE_DIM];
        for (float[] row : rows) {
            for (int j = 0; j < STYLE_DIM; j++) {
                row[j] = data.getFloat();
            }
        }
        return rows;
    }
}
