-- A server's API keys (voice-server), shared by every instance on this database. Only the SHA-256
-- of a key is stored; scopes are space-separated ("admin speak"); created_at in epoch milliseconds.
CREATE TABLE voice_api_keys (
    id         TEXT   PRIMARY KEY,
    name       TEXT   NOT NULL,
    sha256     TEXT   NOT NULL UNIQUE,
    scopes     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
