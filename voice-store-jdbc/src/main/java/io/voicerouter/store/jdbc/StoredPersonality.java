package io.voicerouter.store.jdbc;

import io.voicerouter.config.VoiceConfig;

import java.util.Objects;

/**
 * A personality as one read of the store found it: its {@code voice_config} with the current counts as
 * {@code stats}, that config as JSON, and the revision of its stored configuration.
 *
 * <p>The revision covers the configuration: everything in {@code voice_config} except {@code stats}
 * (providers and their settings, {@code active_provider}, {@code fallback_chain}, {@code languages},
 * {@code voice_samples}, unknown top-level fields). It is a digest (SHA-256, first 128 bits, hex) of the
 * stored text, which holds exactly that; the counts live in {@code voice_stats} rows and are merged in
 * on read. So speaking never changes it, every stored change of the configuration does, and it is the
 * same whenever the configuration text is. It suits a strong HTTP {@code ETag}: a client that based an
 * edit on a copy with the current revision based it on exactly the configuration stored now, so a
 * compare-and-set on the revision loses no one's write (a change that was undone again restores the
 * old revision, and that is harmless for the same reason). The counts in {@code json} may differ
 * between two reads with one revision.
 *
 * @param id       the personality's id
 * @param config   the parsed {@code voice_config}, {@code stats} filled in from the counters
 * @param json     {@code config} as {@code VoiceConfigJson.write} renders it (on both databases)
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
