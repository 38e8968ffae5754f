package io.voicerouter.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the auto-configured router and speech model, under {@code spring.ai.voicerouter}.
 * Every one has a default: an application with none set speaks with the espeak voice.
 */
@ConfigurationProperties(prefix = VoiceRouterProperties.PREFIX)
public class VoiceRouterProperties {
    public static final String PREFIX = "spring.ai.voicerouter";

    /** File holding the default personality's voice_config JSON. When unset, the default personality speaks with espeak only. */
    private Path voiceConfig;

    /** Named personalities a prompt's voice option can choose: name to the file holding its voice_config JSON. */
    private Map<String, Path> voices = new LinkedHashMap<>();

    /** Language to speak (BCP 47, e.g. en-US). When unset, each personality's primary language. */
    private String language;

    /** Deadline of one speech call, fallbacks included. */
    private Duration timeout = Duration.ofSeconds(30);

    /** Provider options handed to every provider factory (e.g. piper.voices_dir, google_tts.credentials_file). */
    private Map<String, String> providerOptions = new LinkedHashMap<>();

    /** Data directory for downloaded models and state; when unset, the providers' default (~/.voicerouter). */
    private Path dataDirectory;

    /** Monthly character quota per quota bucket (e.g. google_tts.neural: 100000). */
    private Map<String, Long> quotas = new LinkedHashMap<>();

    /** File that keeps provider statistics and quota counters across restarts; when unset, they live in memory. */
    private Path statsFile;

    private final Cache cache = new Cache();

    private final Speech speech = new Speech();

    public Path getVoiceConfig() {
        return voiceConfig;
    }

    public void setVoiceConfig(Path voiceConfig) {
        this.voiceConfig = voiceConfig;
    }

    public Map<String, Path> getVoices() {
        return voices;
    }

    public void setVoices(Map<String, Path> voices) {
        this.voices = voices;
    }

    public String getLanguage() {
        return language;
    }

    public void setLanguage(String language) {
        this.language = language;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Map<String, String> getProviderOptions() {
        return providerOptions;
    }

    public void setProviderOptions(Map<String, String> providerOptions) {
        this.providerOptions = providerOptions;
    }

    public Path getDataDirectory() {
        return dataDirectory;
    }

    public void setDataDirectory(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public Map<String, Long> getQuotas() {
        return quotas;
    }

    public void setQuotas(Map<String, Long> quotas) {
        this.quotas = quotas;
    }

    public Path getStatsFile() {
        return statsFile;
    }

    public void setStatsFile(Path statsFile) {
        this.statsFile = statsFile;
    }

    public Cache getCache() {
        return cache;
    }

    public Speech getSpeech() {
        return speech;
    }

    /** The synthesis cache in front of the providers. */
    public static class Cache {
        /** Whether identical requests are answered from the cache. */
        private boolean enabled = true;

        /** Size of the in-memory tier in bytes of audio. */
        private long maximumMemoryBytes = 64L << 20;

        /** Directory of the disk tier; when unset, memory only. */
        private Path directory;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public long getMaximumMemoryBytes() {
            return maximumMemoryBytes;
        }

        public void setMaximumMemoryBytes(long maximumMemoryBytes) {
            this.maximumMemoryBytes = maximumMemoryBytes;
        }

        public Path getDirectory() {
            return directory;
        }

        public void setDirectory(Path directory) {
            this.directory = directory;
        }
    }

    /** Default options of the speech model; a prompt's own options override them field by field. */
    public static class Speech {
        /** voicerouter to walk the personality's chain, or a provider id (e.g. piper) to force one provider. */
        private String model = "voicerouter";

        /** Named personality spoken when a prompt names none; when unset, the default personality. */
        private String voice;

        /** Audio format of the answer: wav, pcm, mp3, opus, aac, flac, mulaw or alaw (mp3 and aac need the system ffmpeg). */
        private String format = "wav";

        /** Speaking-rate factor applied to every provider: 1 is each voice's own rate. */
        private Double speed;

        public String getModel() {
            return model;
        }

        public void setModel(String model) {
            this.model = model;
        }

        public String getVoice() {
            return voice;
        }

        public void setVoice(String voice) {
            this.voice = voice;
        }

        public String getFormat() {
            return format;
        }

        public void setFormat(String format) {
            this.format = format;
        }

        public Double getSpeed() {
            return speed;
        }

        public void setSpeed(Double speed) {
            this.speed = speed;
        }
    }
}
