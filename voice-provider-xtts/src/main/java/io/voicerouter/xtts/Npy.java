package io.voicerouter.xtts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the export's embedding tables: NumPy .npy files of little-endian float32 in C order. */
final class Npy {
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** A row-major table: {@code rows x cols} (a 1-D array is one row). */
    record Table(float[] data, int rows, int cols) {
        float[] row(int i) {
            if (i < 0 || i >= rows) {
                throw new IndexOutOfBoundsException("row " + i + " of " + rows);
            }
            float[] out = new float[cols];
            System.arraycopy(data, i * cols, out, 0, cols);
            return out;
        }
    }

    private Npy() {
    }

    static Table read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length < 10 || b[0] != (byte) 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M') {
            throw new IOException(file + " is not a .npy file");
        }
        int major = b[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            offset = 10;
        } else {
            headerLen = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            offset = 12;
        }
        String header = new String(b, offset, headerLen, StandardCharsets.ISO_8859_1);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException(file + ": need little-endian float32 in C order, header " + header.trim());
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": no shape in header");
        }
        String[] dims = m.group(1).split(",");
        long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        if (shape.length < 1 || shape.length > 2) {
            throw new IOException(file + ": need a 1-D or 2-D table, got " + shape.length + " dimensions");
        }
        int rows = shape.length == 2 ? (int) shape[0] : 1;
        int cols = (int) shape[shape.length - 1];
        int start = offset + headerLen;
        if (b.length - start != (long) rows * cols * 4) {
            throw new IOException(file + ": " + (b.length - start) + " data bytes for shape " + m.group(1));
        }
        float[] data = new float[rows * cols];
        ByteBuffer.wrap(b, start, rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new Table(data, rows, cols);
    }
}
