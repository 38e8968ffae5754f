package io.voicerouter.provider.azure;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cloud.Deadlines;
import io.voicerouter.cloud.RequestValues;
import io.voicerouter.cloud.ServiceAudio;
import io.voicerouter.cloud.ServiceState;
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
import io.voicerouter.text.TextLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
     * Characters (code points) of text per request. The REST API returns at most 10 minutes of
     * audio; 3,000 characters stay under that even at rate -50%, and far under the 64 KB SSML limit
     * even when escaping makes every one 6 bytes ({@code &quot;}).
     */
    static final TextLimit TEXT_LIMIT = TextLimit.characters(3_000);
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
    private final ServiceState<AzureVoice> state;
    private final AzureVoices voices;

    AzureTtsProvider(AzureSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.state = new ServiceState<>(ProviderCapabilities.builder(ID)
                .displayName("Azure AI Speech")
                .kind(ProviderKind.CLOUD)
                .languages(SEED_LANGUAGES)
                .textLimit(TEXT_LIMIT)
                .sampleRate(SAMPLE_RATE)
                .settings(SETTINGS)
                .build(), settings.problem(), this::fetchVoices, AzureVoices::languages);
        this.voices = new AzureVoices(state);
    }

    @Override
    public ProviderCapabilities capabilities() {
        return state.capabilities();
    }

    @Override
    public ProviderHealth health() {
        return state.health();
    }

    /** Checks the configuration and the key by fetching the voice list, which also gives the languages. */
    @Override
    public void initialize() {
        state.initialize();
    }

    /** The service's voices, fetched once and cached for the life of the provider. */
    public List<AzureVoice> voices() {
        return state.voices();
    }

    /** Later calls fail with MISCONFIGURED (Java 17's HttpClient has no close; its threads end with it). */
    @Override
    public void close() {
        state.close();
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        state.checkSynthesis(request);
        AzureVoices.Choice voice = voices.choose(explicitVoice(request), request.language());
        Ssml.Prosody prosody = prosody(request);
        String ssml = Ssml.document(voice.name(), voice.locale(), prosody, request.text().strip());
        AudioData audio = ServiceAudio.decodeWav(ID, post(ssml, request.deadline()));
        log.debug("{}: {} characters, voice {}", ID, request.text().length(), voice.name());
        state.succeeded();
        return new SynthesisOutput(audio, Map.of("voice", voice.name(), "model", "azure-neural",
                "output_format", OUTPUT_FORMAT));
    }

    /** Markup inside {@code <voice>} counts, Han characters count twice: Azure's own rule. */
    @Override
    public long billedCharacters(SynthesisRequest request) {
        if (request.text().isBlank()) {
            return 0;
        }
        return Ssml.billed(prosody(request).inner(request.text().strip()));
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
        return RequestValues.explicitVoice(request, "");
    }

    private static Ssml.Prosody prosody(SynthesisRequest request) {
        return new Ssml.Prosody(request.settings().number("rate", 0),
                request.settings().number("pitch", 0), request.settings().text("style", ""));
    }

    private byte[] post(String ssml, Instant deadline) {
        HttpRequest request = HttpRequest.newBuilder(settings.synthesisUri())
                .timeout(Deadlines.callTimeout(ID, deadline, settings.timeout(), clock))
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
        state.failed(failure);
        throw failure;
    }

    @Override
    public String toString() {
        return "AzureTtsProvider[" + settings + ", " + state.health().status() + "]";
    }
}
