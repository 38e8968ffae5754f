package io.voicerouter.internal.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads files a user or a config names, which may be anything: a FIFO (reading it blocks until some
 * other process writes), a device ({@code /dev/zero} never ends), a directory, or a regular file far
 * larger than any config or sample. Only regular files (symbolic links followed) of a bounded size
 * are read, and the bound holds while reading too, for a file that grows.
 *
 * <p>Refusals are {@link IOException}s whose message says what is wrong, for callers to wrap in
 * their own typed error. A file swapped for a FIFO between the check and the open is not caught;
 * the check is for mistakes and hostile configs, not for an attacker who can write the directory.
 */
public final class RegularFiles {
    private RegularFiles() {
    }

    /** {@code file} is not a regular file: a directory, FIFO, socket or device. */
    public static final class NotRegularFileException extends FileSystemException {
        public NotRegularFileException(Path file, String kind) {
            super(file.toString(), null, "is " + kind + ", not a regular file");
        }
    }

    /** {@code file} is larger than the caller reads. */
    public static final class FileTooLargeException extends FileSystemException {
        public FileTooLargeException(Path file, long size, long maxBytes) {
            super(file.toString(), null, (size < 0 ? "is larger" : "is " + size + " bytes,") + " more than the "
                    + maxBytes + " bytes allowed");
        }
    }

    /**
     * Checks that {@code file} is a regular file of at most {@code maxBytes} and returns its size.
     *
     * @throws NoSuchFileException      when it does not exist
     * @throws NotRegularFileException  when it is a directory, FIFO, socket or device
     * @throws FileTooLargeException    when it is larger than {@code maxBytes}
     */
    public static long check(Path file, long maxBytes) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new NotRegularFileException(file, a.isDirectory() ? "a directory"
                    : a.isOther() ? "a device, FIFO or socket" : "not a file");
        }
        if (a.size() > maxBytes) {
            throw new FileTooLargeException(file, a.size(), maxBytes);
        }
        return a.size();
    }

    /** The whole of {@code file} after {@link #check}; refused as too large if it grew past the bound meanwhile. */
    public static byte[] readAllBytes(Path file, long maxBytes) throws IOException {
        check(file, maxBytes);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new FileTooLargeException(file, -1, maxBytes);
            }
            return bytes;
        }
    }

    /**
     * A stream of {@code file} after {@link #check} that fails with {@link FileTooLargeException} once
     * more than {@code maxBytes} were read (the file grew). The caller closes it.
     */
    public static InputStream newInputStream(Path file, long maxBytes) throws IOException {
        check(file, maxBytes);
        return new Bounded(Files.newInputStream(file), file, maxBytes);
    }

    private static final class Bounded extends FilterInputStream {
        private final Path file;
        private final long maxBytes;
        private long read;

        Bounded(InputStream in, Path file, long maxBytes) {
            super(in);
            this.file = file;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > maxBytes) {
                throw new FileTooLargeException(file, -1, maxBytes);
            }
        }
    }
}
