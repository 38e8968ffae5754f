-- voice_config as jsonb: queryable and indexable; it keeps the content, not key order or spacing.
CREATE TABLE ai_personalities (
    id           TEXT PRIMARY KEY,
    voice_config JSONB  NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- One row per personality and provider; personality_id '' is the router-wide (global) row.
CREATE TABLE voice_stats (
    personality_id    TEXT             NOT NULL,
    provider_id       TEXT             NOT NULL,
    total_generations BIGINT           NOT NULL DEFAULT 0,
    total_characters  BIGINT           NOT NULL DEFAULT 0,
    avg_latency_ms    DOUBLE PRECISION NOT NULL DEFAULT 0,
    failures          BIGINT           NOT NULL DEFAULT 0,
    last_used         BIGINT,
    PRIMARY KEY (personality_id, provider_id)
);

-- Committed characters per UTC month and free-tier bucket; its row is also the lock reservations take.
CREATE TABLE voice_quota_usage (
    month  TEXT   NOT NULL,
    bucket TEXT   NOT NULL,
    used   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, bucket)
);

-- Characters held for calls in progress; expires_at in epoch milliseconds.
CREATE TABLE voice_quota_reservations (
    id         TEXT   PRIMARY KEY,
    month      TEXT   NOT NULL,
    bucket     TEXT   NOT NULL,
    characters BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX voice_quota_reservations_bucket ON voice_quota_reservations (month, bucket, expires_at);
