package io.voicerouter.store.jdbc;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An API key as a server keeps it: never the secret, only its SHA-256 (hex). Servers sharing a
 * database share their keys, so a key made or revoked on one holds on all.
 *
 * @param id        a public identifier, for listing and revoking
 * @param name      what the key is for
 * @param sha256    the lower-case hex SHA-256 of the secret
 * @param scopes    what it may do (the server's scope names)
 * @param createdAt when it was made
 */
public record StoredApiKey(String id, String name, String sha256, Set<String> scopes, Instant createdAt) {
    public StoredApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
        scopes = Set.copyOf(scopes);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
        for (String s : scopes) {
            if (!s.matches("[a-z_]+")) {
                throw new IllegalArgumentException("scope names are lower-case letters and '_': " + s);
            }
        }
    }

    /** Without the hash: it is not a secret, but nothing needs to print it. */
    @Override
    public String toString() {
        return "StoredApiKey[" + id + ", " + name + ", " + scopes + "]";
    }
}
