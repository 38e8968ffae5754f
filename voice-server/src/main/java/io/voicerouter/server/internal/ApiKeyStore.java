package io.voicerouter.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicerouter.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API keys, kept as SHA-256 hashes in {@code <data dir>/server/api-keys.json} (written atomically,
 * mode 0600 where the file system has POSIX permissions). A key is 256 random bits, so a plain
 * SHA-256 is enough: there is nothing to brute-force that a slow hash would protect. The secret
 * exists only in the answer that created it. Thread-safe.
 */
public final class ApiKeyStore {
    public enum Scope {
        SPEAK, ADMIN;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Scope parse(String s) {
            for (Scope v : values()) {
                if (v.id().equals(s)) {
                    return v;
                }
            }
            throw ApiError.badRequest("scopes", "unknown scope '" + s + "'; scopes are speak and admin");
        }
    }

    /** A stored key without its secret. Admin keys may also speak. */
    public record ApiKey(String id, String name, Set<Scope> scopes, Instant createdAt) {
        public boolean allows(Scope scope) {
            return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
        }
    }

    /** A key just made: the secret is shown this once. */
    public record NewKey(ApiKey key, String secret) {
        @Override
        public String toString() {
            return "NewKey[" + key + "]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ENV_KEY_NAME = "environment";

    private final Path file;
    /** By hash. */
    private final Map<String, ApiKey> keys = new LinkedHashMap<>();

    private ApiKeyStore(Path file) {
        this.file = file;
    }

    public static ApiKeyStore open(Path file) {
        ApiKeyStore store = new ApiKeyStore(file);
        store.load();
        return store;
    }

    /**
     * Makes sure an admin key exists: the environment's key when given (replacing an earlier
     * environment key), else a generated one when the file has no admin key. Returns the generated
     * secret, for the caller to print once.
     */
    public synchronized Optional<String> ensureAdmin(Optional<String> environmentKey) {
        if (environmentKey.isPresent()) {
            String hash = hash(environmentKey.get());
            if (!keys.containsKey(hash)) {
                keys.values().removeIf(k -> k.name().equals(ENV_KEY_NAME));
                keys.put(hash, new ApiKey(newId(), ENV_KEY_NAME, EnumSet.of(Scope.ADMIN, Scope.SPEAK), Instant.now()));
                save();
            }
            return Optional.empty();
        }
        if (keys.values().stream().anyMatch(k -> k.scopes().contains(Scope.ADMIN))) {
            return Optional.empty();
        }
        return Optional.of(create("admin", EnumSet.of(Scope.ADMIN, Scope.SPEAK)).secret());
    }

    public synchronized NewKey create(String name, Set<Scope> scopes) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = "vr-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        ApiKey key = new ApiKey(newId(), name, Set.copyOf(scopes), Instant.now());
        keys.put(hash(secret), key);
        save();
        return new NewKey(key, secret);
    }

    public synchronized Optional<ApiKey> authenticate(String secret) {
        return Optional.ofNullable(keys.get(hash(secret)));
    }

    public synchronized List<ApiKey> list() {
        return List.copyOf(keys.values());
    }

    public synchronized boolean delete(String id) {
        boolean removed = keys.values().removeIf(k -> k.id().equals(id));
        if (removed) {
            save();
        }
        return removed;
    }

    static String hash(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newId() {
        byte[] raw = new byte[6];
        RANDOM.nextBytes(raw);
        return "key_" + HexFormat.of().formatHex(raw);
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            for (JsonNode k : root.path("keys")) {
                Set<Scope> scopes = EnumSet.noneOf(Scope.class);
                k.path("scopes").forEach(s -> scopes.add(Scope.parse(s.asText())));
                keys.put(k.path("sha256").asText(), new ApiKey(k.path("id").asText(), k.path("name").asText(),
                        Set.copyOf(scopes), Instant.parse(k.path("created_at").asText())));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the API keys file " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", 1);
        ArrayNode arr = root.putArray("keys");
        keys.forEach((hash, k) -> {
            ObjectNode n = arr.addObject();
            n.put("id", k.id());
            n.put("name", k.name());
            n.put("sha256", hash);
            ArrayNode s = n.putArray("scopes");
            List<Scope> sorted = new ArrayList<>(k.scopes());
            sorted.sort(null);
            sorted.forEach(x -> s.add(x.id()));
            n.put("created_at", k.createdAt().toString());
        });
        try {
            Files.createDirectories(file.getParent());
            boolean fresh = !Files.exists(file);
            AtomicFiles.replace(file, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(
                    new NonClosing(out), root));
            if (fresh) {
                try {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the folder's permissions are all there is
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the API keys file " + file, e);
        }
    }

    /** Jackson closes what it writes to; AtomicFiles must close (and fsync) it itself. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
