package io.voicerouter.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicerouter.store.jdbc.StoredApiKey;
import io.voicerouter.store.jdbc.VoiceStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * API keys, kept as SHA-256 hashes in the server's store (voice-store-jdbc's {@code voice_api_keys}
 * table), so every server on one database shares them: a key made or revoked on one holds on all
 * at once (each request looks its key up; there is no cache to go stale). A key is 256 random
 * bits, so a plain SHA-256 is enough: there is nothing to brute-force that a slow hash would
 * protect. The secret exists only in the answer that created it. Keys an earlier release kept in
 * {@code <data dir>/server/api-keys.json} are imported at start and the file renamed
 * {@code api-keys.json.imported}. Thread-safe.
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

    private final VoiceStore store;

    private ApiKeyStore(VoiceStore store) {
        this.store = store;
    }

    /** The keys in {@code store}, after importing those of an earlier release's {@code legacyFile}, if it exists. */
    public static ApiKeyStore open(VoiceStore store, Path legacyFile) {
        ApiKeyStore keys = new ApiKeyStore(store);
        keys.importLegacy(legacyFile);
        return keys;
    }

    /**
     * Makes sure an admin key exists: the environment's key when given (replacing an earlier
     * environment key), else a generated one when the store has no admin key, decided atomically in
     * the store, so of several servers starting at once at most one generates one. Returns the
     * generated secret, for the caller to print once; empty when an admin key existed (or another
     * server's won).
     */
    public synchronized Optional<String> ensureAdmin(Optional<String> environmentKey) {
        if (environmentKey.isPresent()) {
            String hash = hash(environmentKey.get());
            if (store.apiKeyByHash(hash).isEmpty()) {
                for (StoredApiKey k : store.apiKeys()) {
                    if (k.name().equals(ENV_KEY_NAME)) {
                        store.deleteApiKey(k.id());
                    }
                }
                // Another server starting with the same key at the same moment may win: same key either way.
                store.addApiKey(new StoredApiKey(newId(), ENV_KEY_NAME, hash, Set.of("admin", "speak"), Instant.now()));
            }
            return Optional.empty();
        }
        // Check and insert in one store transaction that excludes the same call from any other server:
        // of several servers starting at once on an empty database, one adds (and prints) its key.
        String secret = newSecret();
        ApiKey key = new ApiKey(newId(), "admin", Set.copyOf(EnumSet.of(Scope.ADMIN, Scope.SPEAK)), Instant.now());
        return store.addApiKeyIfNoneHasScope(stored(key, hash(secret)), Scope.ADMIN.id())
                ? Optional.of(secret) : Optional.empty();
    }

    public NewKey create(String name, Set<Scope> scopes) {
        String secret = newSecret();
        ApiKey key = new ApiKey(newId(), name, Set.copyOf(scopes), Instant.now());
        store.addApiKey(stored(key, hash(secret)));
        return new NewKey(key, secret);
    }

    private static String newSecret() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return "vr-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    public Optional<ApiKey> authenticate(String secret) {
        return store.apiKeyByHash(hash(secret)).map(ApiKeyStore::key);
    }

    public List<ApiKey> list() {
        return store.apiKeys().stream().map(ApiKeyStore::key).toList();
    }

    public boolean delete(String id) {
        return store.deleteApiKey(id);
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

    private static StoredApiKey stored(ApiKey k, String hash) {
        Set<String> scopes = new java.util.TreeSet<>();
        k.scopes().forEach(s -> scopes.add(s.id()));
        return new StoredApiKey(k.id(), k.name(), hash, scopes, k.createdAt());
    }

    private static ApiKey key(StoredApiKey k) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String s : k.scopes()) {
            for (Scope v : Scope.values()) {
                if (v.id().equals(s)) {
                    scopes.add(v); // a scope this release does not know grants nothing
                }
            }
        }
        return new ApiKey(k.id(), k.name(), Set.copyOf(scopes), k.createdAt());
    }

    /** Keys an earlier release kept in a file: into the store (those already there are left), then the file is renamed. */
    private void importLegacy(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            for (JsonNode k : root.path("keys")) {
                Set<String> scopes = new java.util.TreeSet<>();
                k.path("scopes").forEach(s -> scopes.add(Scope.parse(s.asText()).id()));
                store.addApiKey(new StoredApiKey(k.path("id").asText(), k.path("name").asText(),
                        k.path("sha256").asText(), scopes, Instant.parse(k.path("created_at").asText())));
            }
            Files.move(file, file.resolveSibling(file.getFileName() + ".imported"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot import the API keys file " + file + ": " + e.getMessage(), e);
        }
    }
}
