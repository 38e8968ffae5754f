package io.voicerouter.internal.io;

import io.voicerouter.error.OutputFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * Writes a file the way a careful command-line tool does:
 * <ul>
 * <li>A regular file, or a missing one, is replaced atomically: the content goes to a temporary file
 *     in the same folder, is flushed to disk and renamed over the target, so a reader sees the old
 *     content or the new, never half of either. A failed write leaves the target as it was and no
 *     temporary file behind. The replaced file keeps its permission bits, and its owner and group
 *     where this process may set them (as root, or a group the user belongs to). A new file gets
 *     {@code 0666} less the umask, as a shell redirect would.</li>
 * <li>A symbolic link is followed, through chains of links, and the file it names is written; the
 *     link stays. A dangling link creates the file it names.</li>
 * <li>A character device or a FIFO ({@code /dev/null}, {@code /dev/stdout}, a named pipe a player
 *     reads) is written into as a stream: there is nothing there to replace.</li>
 * <li>A directory, a block device, a socket or a loop of links is refused with
 *     {@link OutputFileException} before anything is written.</li>
 * </ul>
 * A replaced file gets a new inode: other hard links to it keep the old content, as with most editors.
 */
public final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    /** The same limit Linux puts on one path lookup (ELOOP). */
    private static final int MAX_LINKS = 40;
    private static final String TEMP_SUFFIX = ".tmp";
    private static final SecureRandom RANDOM = new SecureRandom();
    // st_mode's file type bits
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private AtomicFiles() {
    }

    /** Writes {@code file}'s new content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes what {@code content} writes to {@code file} (whose folder must exist), by the rules above.
     *
     * @throws OutputFileException when {@code file} is something that must not be written or replaced
     * @throws IOException         when writing fails; a regular target is then unchanged
     */
    public static void replace(Path file, Content content) throws IOException {
        Path path = file.toAbsolutePath();
        BasicFileAttributes existing = attributesFollowingLinks(path);
        if (existing == null) {
            replaceRegular(linkTarget(path), false, content);
        } else if (existing.isRegularFile()) {
            replaceRegular(path.toRealPath(), true, content);
        } else {
            writeInto(path, existing, content);
        }
    }

    /** Whether {@code candidate} is a temporary file that {@link #replace} made for {@code file}. */
    public static boolean isTempFileOf(Path file, Path candidate) {
        String name = candidate.getFileName().toString();
        return name.startsWith(tempPrefix(file.getFileName().toString())) && name.endsWith(TEMP_SUFFIX);
    }

    private static BasicFileAttributes attributesFollowingLinks(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(path)) {
                return null; // a loop of links: linkTarget reports it
            }
            throw e;
        }
    }

    /** Where a chain of links that ends nowhere points: the file to create. */
    private static Path linkTarget(Path path) throws IOException {
        Path p = path;
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            if (!Files.isSymbolicLink(p)) {
                return p;
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p));
        }
        throw new OutputFileException(path + ": too many levels of symbolic links; nothing was written");
    }

    private static void replaceRegular(Path target, boolean exists, Content content) throws IOException {
        Path dir = target.getParent();
        Path tmp = createTemp(dir, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            if (exists) {
                copyOwnerAndMode(target, tmp);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Devices and pipes are streamed into; everything else that is not a regular file is refused. */
    private static void writeInto(Path path, BasicFileAttributes attrs, Content content) throws IOException {
        if (attrs.isDirectory()) {
            throw new OutputFileException(path + " is a directory; give a file name");
        }
        int type = fileType(path);
        if (type != S_IFCHR && type != S_IFIFO) {
            throw new OutputFileException(path + " is " + describe(type)
                    + ", not a regular file, a character device or a FIFO; nothing was written");
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.WRITE), 1 << 16)) {
            content.writeTo(out);
        }
    }

    private static int fileType(Path path) {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode")) & S_IFMT;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1; // no unix view: such a file is refused rather than guessed at
        }
    }

    private static String describe(int type) {
        return switch (type) {
            case S_IFBLK -> "a block device";
            case S_IFSOCK -> "a socket";
            default -> "a special file";
        };
    }

    private static String tempPrefix(String name) {
        // keep the temp name under the usual 255-byte limit whatever the target's length
        return "." + (name.length() > 100 ? name.substring(0, 100) : name) + ".";
    }

    /** A new file with mode 0666 less the umask (the kernel applies it), unlike createTempFile's 0600. */
    private static Path createTemp(Path dir, String name) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        while (true) {
            Path tmp = dir.resolve(tempPrefix(name) + Long.toUnsignedString(RANDOM.nextLong(), 36) + TEMP_SUFFIX);
            try {
                return posix
                        ? Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-")))
                        : Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // a rare name collision: draw again
            }
        }
    }

    /** Owner and group first, because changing them clears set-id bits; then the mode. */
    private static void copyOwnerAndMode(Path from, Path to) throws IOException {
        if (!from.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        PosixFileAttributes old = Files.readAttributes(from, PosixFileAttributes.class);
        PosixFileAttributes now = Files.readAttributes(to, PosixFileAttributes.class);
        if (!old.group().equals(now.group())) {
            try {
                Files.setAttribute(to, "posix:group", old.group());
            } catch (IOException e) {
                LOG.debug("Cannot give {} the group {} of the file it replaces", to, old.group().getName(), e);
            }
        }
        if (!old.owner().equals(now.owner())) {
            try {
                Files.setOwner(to, old.owner());
            } catch (IOException e) {
                LOG.debug("Cannot give {} the owner {} of the file it replaces", to, old.owner().getName(), e);
            }
        }
        Files.setPosixFilePermissions(to, old.permissions());
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, which is fine to skip. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot fsync directory {}", dir, e);
        }
    }
}
