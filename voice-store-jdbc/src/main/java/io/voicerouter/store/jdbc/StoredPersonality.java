package io.voicerouter.store.jdbc;

import io.voicerouter.config.VoiceConfig;

import java.util.Objects;

/**
 * A personality as one read of the store found it: its {@code voice_config}, the stored JSON text
 * and the revision of that text.
 *
 * <p>The revision is a digest of the stored text (SHA-256, first 128 bits, hex), so it changes with
 * every write that changes the stored {@code voice_config} (stats written back after a request
 * included) and is the same whenever the text is. It suits a strong HTTP {@code ETag}: a client that
 * based an edit on a copy with the current revision based it on exactly what is stored now, so a
 * compare-and-set on the revision loses no one's write (a change that was undone again restores the
 * old revision, and that is harmless for the same reason).
 *
 * @param id       the personality's id
 * @param config   the parsed {@code voice_config}
 * @param json     the stored text (SQLite: byte for byte as written; PostgreSQL: jsonb's rendering)
 * @param revision 32 lower-case hex digits
 */
public record StoredPersonality(String id, VoiceConfig config, String json, String revision) {
    public StoredPersonality {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(revision, "revision");
    }
}
