-- The counts leave voice_config: voice_stats rows are their one source, merged into voice_config.stats
-- when a personality is read. A stats entry's unknown fields (a host's own) move with them, as a JSON
-- object in extra. After this script, Migrations runs StatsOutOfConfig, which moves each stored
-- voice_config's stats section into the rows and stores the configuration without it.
ALTER TABLE voice_stats ADD COLUMN extra TEXT;
