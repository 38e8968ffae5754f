package io.voicerouter.onnx;

import java.net.URI;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A file the {@link ModelStore} can fetch: where it goes under the store's directory, where it
 * comes from, and what it must look like when it arrives.
 *
 * @param relativePath  path under the store directory, with {@code /} separators; no {@code ..}
 * @param source        http(s) URL to download from
 * @param expectedSize  size in bytes, or -1 when unknown
 * @param digest        expected digest, or none to skip the check
 */
public record ModelFile(String relativePath, URI source, long expectedSize, Optional<Digest> digest) {

    /** An expected checksum: algorithm ({@code SHA-256} or {@code MD5}, as {@code MessageDigest} names them) and hex. */
    public record Digest(String algorithm, String hex) {
        public Digest {
            Objects.requireNonNull(algorithm, "algorithm");
            hex = Objects.requireNonNull(hex, "hex").strip().toLowerCase(Locale.ROOT);
            HexFormat.of().parseHex(hex); // rejects malformed hex early
        }

        public static Digest sha256(String hex) {
            return new Digest("SHA-256", hex);
        }

        public static Digest md5(String hex) {
            return new Digest("MD5", hex);
        }
    }

    public ModelFile {
        Objects.requireNonNull(relativePath, "relativePath");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(digest, "digest");
        String p = relativePath.replace('\\', '/');
        if (p.isBlank() || p.startsWith("/") || p.matches("(^|.*/)\\.\\.(/.*|$)") || p.contains(":")) {
            throw new IllegalArgumentException("relativePath must stay inside the store: " + relativePath);
        }
        relativePath = p;
        String scheme = source.getScheme() == null ? "" : source.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("source must be an http(s) URL: " + source);
        }
        if (expectedSize < -1) {
            throw new IllegalArgumentException("expectedSize must be -1 (unknown) or >= 0");
        }
    }

    public static ModelFile of(String relativePath, URI source) {
        return new ModelFile(relativePath, source, -1, Optional.empty());
    }

    public ModelFile withSize(long size) {
        return new ModelFile(relativePath, source, size, digest);
    }

    public ModelFile withDigest(Digest d) {
        return new ModelFile(relativePath, source, expectedSize, Optional.of(d));
    }

    public OptionalLong size() {
        return expectedSize < 0 ? OptionalLong.empty() : OptionalLong.of(expectedSize);
    }
}
