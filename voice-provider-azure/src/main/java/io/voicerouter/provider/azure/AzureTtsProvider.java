package io.voicerouter.provider.azure;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.AudioFormatException;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Azure AI Speech through its REST API: one POST of SSML to {@code /cognitiveservices/v1} per piece
 * of text, 16-bit PCM WAV back. Thread-safe; one instance serves every personality.
 */
public final class AzureTtsProvider implements TtsProvider {
    public static final String ID = "azure_tts";
    /** Azure F0 includes 500,000 neural characters a month: a default to check against the current price list. */
    public static final QuotaBucket NEURAL_QUOTA = new QuotaBucket("azure_tts/neural", 500_000);
    /** The best PCM rate the neural voices offer. */
    static final String OUTPUT_FORMAT = "riff-48khz-16bit-mono-pcm";
    static final int SAMPLE_RATE = 48_000;
    /**
     * Characters of text per request. The REST API returns at most 10 minutes of audio; 3,000
     * characters stay under that even at rate -50%, and far under the 64 KB SSML limit.
     */
    static final int MAX_TEXT_CHARS = 3_000;
    /** Escaped characters inside {@code <voice>} per request, for text that escaping inflates. */
    static final int MAX_INNER_CHARS = 12_000;
    static final String USER_AGENT = "voicerouter-azure/0.1";

    private static final Logger log = LoggerFactory.getLogger(AzureTtsProvider.class);
    private static final List<String> SEED_LANGUAGES = List.of("en", "es", "fr", "de", "it", "pt", "pl", "tr",
            "ru", "nl", "cs", "ar", "zh-CN", "zh-TW", "ja", "ko", "hi");

    static final List<SettingSpec> SETTINGS = List.of(
            SettingSpec.text("voice_name", "Voice short name such as en-US-JennyNeural; empty picks a neural voice"
                    + " for the request's language", ""),
            SettingSpec.number("rate", "Speaking rate change in percent: -50 is half speed, 100 double speed", -50, 100, 0),
            SettingSpec.number("pitch", "Pitch change in percent", -50, 50, 0),
            SettingSpec.text("style", "Speaking style for voices that have styles (cheerful, sad, whispering, ...);"
                    + " empty for the voice's neutral style", ""));

    private final AzureSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final AzureVoices voices;
    private volatile ProviderCapabilities capabilities;
    private volatile ProviderHealth health = ProviderHealth.notInitialized();

    AzureTtsProvider(AzureSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.voices = new AzureVoices(this::fetchVoices);
        this.capabilities = ProviderCapabilities.builder(ID)
                .displayName("Azure AI Speech")
                .kind(ProviderKind.CLOUD)
                .languages(SEED_LANGUAGES)
                .maxTextLength(MAX_TEXT_CHARS)
                .sampleRate(SAMPLE_RATE)
                .settings(SETTINGS)
                .build();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public ProviderHealth health() {
        return health;
    }

    /** Checks the configuration and the key by fetching the voice list, which also gives the languages. */
    @Override
    public void initialize() {
        Optional<String> problem = settings.problem();
        if (problem.isPresent()) {
            health = ProviderHealth.down(problem.get());
            throw new ProviderException(ID, ErrorKind.MISCONFIGURED, problem.get());
        }
        try {
            List<AzureVoice> list = voices.get();
            capabilities = capabilities.withLanguages(AzureVoices.languages(list));
            health = ProviderHealth.up(Map.of("voices", Integer.toString(list.size())));
        } catch (ProviderException e) {
            if (e.kind().category() == ErrorKind.Category.BROKEN) {
                health = ProviderHealth.down(e.getMessage());
                throw e;
            }
            health = new ProviderHealth(ProviderHealth.Status.DEGRADED, "voice list unavailable: " + e.getMessage(), Map.of());
        }
    }

    /** The service's voices, fetched once and cached for the life of the provider. */
    public List<AzureVoice> voices() {
        requireConfigured();
        return voices.get();
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        requireConfigured();
        if (request.text().isBlank()) {
            throw new ProviderException(ID, ErrorKind.BAD_INPUT, "there is no text to speak");
        }
        AzureVoices.Choice voice = voices.choose(explicitVoice(request), request.language());
        Ssml.Prosody prosody = prosody(request);
        List<String> pieces = pieces(request.text(), voice.locale(), prosody);
        AudioData audio = null;
        for (String piece : pieces) {
            String ssml = Ssml.document(voice.name(), voice.locale(), prosody, piece);
            AudioData part = decode(post(ssml, request.deadline()));
            audio = audio == null ? part : audio.concat(part);
        }
        log.debug("{}: {} characters in {} request(s), voice {}", ID, request.text().length(), pieces.size(), voice.name());
        if (health.status() == ProviderHealth.Status.DOWN) {
            health = ProviderHealth.up();
        }
        return new SynthesisOutput(audio, Map.of("voice", voice.name(), "model", "azure-neural",
                "output_format", OUTPUT_FORMAT, "requests", Integer.toString(pieces.size())));
    }

    /** Markup inside {@code <voice>} counts, Han characters count twice: Azure's own rule. */
    @Override
    public long billedCharacters(SynthesisRequest request) {
        if (request.text().isBlank()) {
            return 0;
        }
        Ssml.Prosody prosody = prosody(request);
        long total = 0;
        for (String piece : pieces(request.text(), request.language(), prosody)) {
            total += Ssml.billed(prosody.inner(piece));
        }
        return total;
    }

    @Override
    public Optional<QuotaBucket> quotaBucket(SynthesisRequest request) {
        return Optional.of(NEURAL_QUOTA);
    }

    @Override
    public String modelIdentity(SynthesisRequest request) {
        return ID + "/" + OUTPUT_FORMAT;
    }

    @Override
    public String voiceIdentity(SynthesisRequest request) {
        return explicitVoice(request).orElse("auto:" + request.language());
    }

    private static Optional<String> explicitVoice(SynthesisRequest request) {
        Optional<String> fromSettings = request.settings().get("voice_name").map(Object::toString).filter(s -> !s.isBlank());
        return fromSettings.or(() -> request.config().voiceName().filter(s -> !s.isBlank()))
                .or(() -> request.config().voiceId().filter(s -> !s.isBlank()))
                .map(String::strip);
    }

    private static Ssml.Prosody prosody(SynthesisRequest request) {
        double rate = request.settings().get("rate").filter(Number.class::isInstance).map(n -> ((Number) n).doubleValue()).orElse(0.0);
        double pitch = request.settings().get("pitch").filter(Number.class::isInstance).map(n -> ((Number) n).doubleValue()).orElse(0.0);
        String style = request.settings().get("style").map(Object::toString).orElse("");
        return new Ssml.Prosody(rate, pitch, style);
    }

    private static List<String> pieces(String text, String languageTag, Ssml.Prosody prosody) {
        return TextChunks.split(text, MAX_TEXT_CHARS, Locale.forLanguageTag(languageTag),
                piece -> prosody.inner(piece).length(), MAX_INNER_CHARS);
    }

    private byte[] post(String ssml, Instant deadline) {
        HttpRequest request = HttpRequest.newBuilder(settings.synthesisUri())
                .timeout(timeoutUntil(deadline))
                .header("Ocp-Apim-Subscription-Key", settings.key())
                .header("Content-Type", "application/ssml+xml")
                .header("X-Microsoft-OutputFormat", OUTPUT_FORMAT)
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(ssml, StandardCharsets.UTF_8))
                .build();
        return send(request, "synthesis");
    }

    private List<AzureVoice> fetchVoices() {
        HttpRequest request = HttpRequest.newBuilder(settings.voicesUri())
                .timeout(settings.timeout())
                .header("Ocp-Apim-Subscription-Key", settings.key())
                .header("User-Agent", USER_AGENT)
                .GET()
                .build();
        return AzureVoices.parse(send(request, "voice list"));
    }

    private byte[] send(HttpRequest request, String what) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ProviderException(ID, ErrorKind.TIMEOUT, what + " timed out after " + request.timeout().orElse(settings.timeout()), e);
        } catch (IOException e) {
            throw new ProviderException(ID, ErrorKind.SERVER_ERROR, what + ": could not reach " + request.uri().getHost()
                    + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ID, ErrorKind.INTERNAL, what + " interrupted", e);
        }
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        ProviderException failure = AzureErrors.fromResponse(response, settings, clock);
        log.debug("{}: {} failed: {} ({})", ID, what, response.statusCode(), failure.kind());
        if (failure.kind() == ErrorKind.AUTHENTICATION) {
            health = ProviderHealth.down(failure.getMessage());
        }
        throw failure;
    }

    private Duration timeoutUntil(Instant deadline) {
        Duration timeout = settings.timeout();
        if (deadline.equals(Instant.MAX)) {
            return timeout;
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new ProviderException(ID, ErrorKind.TIMEOUT, "the request's deadline passed before the call");
        }
        return left.compareTo(timeout) < 0 ? left : timeout;
    }

    private static AudioData decode(byte[] wav) {
        try {
            return Wav.decode(wav);
        } catch (AudioFormatException e) {
            throw new ProviderException(ID, ErrorKind.SERVER_ERROR, "the service sent unreadable audio: " + e.getMessage(), e);
        }
    }

    private void requireConfigured() {
        settings.problem().ifPresent(p -> {
            throw new ProviderException(ID, ErrorKind.MISCONFIGURED, p);
        });
    }

    @Override
    public String toString() {
        return "AzureTtsProvider[" + settings + ", " + health.status() + "]";
    }
}
