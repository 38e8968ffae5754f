-- voice_config holds the seed's JSON text exactly as VoiceConfigJson writes it.
CREATE TABLE ai_personalities (
    id           TEXT PRIMARY KEY,
    voice_config TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- One row per personality and provider; personality_id '' is the router-wide (global) row.
CREATE TABLE voice_stats (
    personality_id    TEXT    NOT NULL,
    provider_id       TEXT    NOT NULL,
    total_generations INTEGER NOT NULL DEFAULT 0,
    total_characters  INTEGER NOT NULL DEFAULT 0,
    avg_latency_ms    REAL    NOT NULL DEFAULT 0,
    failures          INTEGER NOT NULL DEFAULT 0,
    last_used         INTEGER,
    PRIMARY KEY (personality_id, provider_id)
);

-- Committed characters per UTC month and free-tier bucket.
CREATE TABLE voice_quota_usage (
    month  TEXT    NOT NULL,
    bucket TEXT    NOT NULL,
    used   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, bucket)
);

-- Characters held for calls in progress; expires_at in epoch milliseconds.
CREATE TABLE voice_quota_reservations (
    id         TEXT    PRIMARY KEY,
    month      TEXT    NOT NULL,
    bucket     TEXT    NOT NULL,
    characters INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX voice_quota_reservations_bucket ON voice_quota_reservations (month, bucket, expires_at);
