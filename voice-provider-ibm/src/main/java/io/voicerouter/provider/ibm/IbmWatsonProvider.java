package io.voicerouter.provider.ibm;

import com.ibm.cloud.sdk.core.http.Response;
import com.ibm.watson.text_to_speech.v1.TextToSpeech;
import com.ibm.watson.text_to_speech.v1.model.SynthesizeOptions;
import com.ibm.watson.text_to_speech.v1.model.Voice;
import com.ibm.watson.text_to_speech.v1.model.Voices;
import io.voicerouter.audio.AudioData;
import io.voicerouter.cloud.Deadlines;
import io.voicerouter.cloud.RequestValues;
import io.voicerouter.cloud.ServiceAudio;
import io.voicerouter.cloud.ServiceState;
import io.voicerouter.cloud.Xml;
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
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.text.TextLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * IBM Watson Text to Speech through the official SDK: one {@code POST /v1/synthesize} per request
 * (the router cuts longer text to {@link #TEXT_LIMIT}), 22,050 Hz 16-bit WAV back, IAM tokens fetched, cached and refreshed by the SDK's
 * {@code IamAuthenticator}. Thread-safe; one instance serves every personality.
 */
public final class IbmWatsonProvider implements TtsProvider {
    public static final String ID = "ibm_watson";
    /** The Lite plan's 10,000 characters a month: a default to check against the current price list. */
    public static final QuotaBucket LITE_QUOTA = new QuotaBucket("ibm_watson/lite", 10_000);
    /** The service synthesizes at 22,050 Hz; asking for more would only resample. */
    static final int SAMPLE_RATE = 22_050;
    static final String ACCEPT = "audio/wav;rate=" + SAMPLE_RATE;
    /** The POST body's text, SSML included, may be at most 5 KB: UTF-8 bytes after escaping. */
    static final TextLimit TEXT_LIMIT = TextLimit.xmlEscapedUtf8Bytes(5_000);
    static final String DEFAULT_VOICE = "en-US_MichaelV3Voice";

    private static final Logger log = LoggerFactory.getLogger(IbmWatsonProvider.class);
    private static final List<String> SEED_LANGUAGES = List.of("en", "es", "fr", "de", "it", "pt", "ar", "zh-CN",
            "ja", "ko", "nl");

    static final List<SettingSpec> SETTINGS = List.of(
            SettingSpec.text("voice_name", "Voice id such as en-US_MichaelV3Voice or de-DE_BirgitV3Voice", DEFAULT_VOICE),
            SettingSpec.integer("rate_percentage", "Speaking rate change in percent (-100 to 100)", -100, 100, 0),
            SettingSpec.integer("pitch_percentage", "Pitch change in percent (-100 to 100)", -100, 100, 0));

    private final IbmSettings settings;
    private final TextToSpeech service;
    private final Clock clock;
    private final ServiceState<IbmVoice> state;
    private final IbmVoices voices;

    /** {@code service} is null when {@code settings} has a problem; every call then reports it. */
    IbmWatsonProvider(IbmSettings settings, TextToSpeech service, Clock clock) {
        this.settings = settings;
        this.service = service;
        this.clock = clock;
        this.state = new ServiceState<>(ProviderCapabilities.builder(ID)
                .displayName("IBM Watson TTS")
                .kind(ProviderKind.CLOUD)
                .languages(SEED_LANGUAGES)
                .textLimit(TEXT_LIMIT)
                .sampleRate(SAMPLE_RATE)
                .settings(SETTINGS)
                .build(), settings.problem(), this::fetchVoices, IbmVoices::languages);
        this.voices = new IbmVoices(state);
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
    public List<IbmVoice> voices() {
        return state.voices();
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        state.checkSynthesis(request);
        String voice = chooseVoice(request);
        long rate = integer(request, "rate_percentage");
        long pitch = integer(request, "pitch_percentage");
        Deadlines.callTimeout(ID, request.deadline(), settings.timeout(), clock);
        SynthesizeOptions.Builder options = new SynthesizeOptions.Builder()
                .text(Xml.escape(request.text().strip()))
                .accept(ACCEPT)
                .voice(voice);
        if (rate != 0) {
            options.ratePercentage(rate);
        }
        if (pitch != 0) {
            options.pitchPercentage(pitch);
        }
        AudioData audio = ServiceAudio.decodeWav(ID, call("synthesis", voice, () -> {
            Response<InputStream> response = service.synthesize(options.build()).execute();
            try (InputStream in = response.getResult()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        log.debug("{}: {} characters, voice {}", ID, request.text().length(), voice);
        state.succeeded();
        return new SynthesisOutput(audio, Map.of("voice", voice, "model", "ibm-watson-tts", "format", ACCEPT));
    }

    /** IBM bills the characters of the text. */
    @Override
    public long billedCharacters(SynthesisRequest request) {
        return request.text().codePointCount(0, request.text().length());
    }

    @Override
    public Optional<QuotaBucket> quotaBucket(SynthesisRequest request) {
        return Optional.of(LITE_QUOTA);
    }

    @Override
    public String modelIdentity(SynthesisRequest request) {
        return ID + "/" + ACCEPT;
    }

    @Override
    public String voiceIdentity(SynthesisRequest request) {
        return explicitVoice(request).orElse("auto:" + request.language());
    }

    /**
     * The personality's voice: the {@code voice_name} setting when it set one, else the entry's
     * voice name or id; otherwise the default voice for English and a voice from the list for
     * other languages, so a German line is not read by an American voice.
     */
    private String chooseVoice(SynthesisRequest request) {
        Optional<String> explicit = explicitVoice(request);
        if (explicit.isPresent()) {
            return explicit.get();
        }
        if (LanguageCodes.base(LanguageCodes.tryNormalize(request.language()).orElse("en")).equals("en")) {
            return DEFAULT_VOICE;
        }
        return voices.forLanguage(request.language());
    }

    private static Optional<String> explicitVoice(SynthesisRequest request) {
        return RequestValues.explicitVoice(request, DEFAULT_VOICE);
    }

    private static long integer(SynthesisRequest request, String name) {
        return request.settings().integer(name, 0);
    }

    private List<IbmVoice> fetchVoices() {
        Voices result = call("voice list", null, () -> service.listVoices().execute().getResult());
        List<IbmVoice> out = new ArrayList<>();
        if (result != null && result.getVoices() != null) {
            for (Voice v : result.getVoices()) {
                if (v.getName() != null && v.getLanguage() != null) {
                    out.add(new IbmVoice(v.getName(), v.getLanguage(), nonNull(v.getGender()), nonNull(v.getDescription())));
                }
            }
        }
        return out;
    }

    private <T> T call(String what, String voice, Supplier<T> body) {
        try {
            return body.get();
        } catch (UncheckedIOException e) {
            throw new ProviderException(ID, ErrorKind.SERVER_ERROR, what + ": the audio stream broke off", e.getCause());
        } catch (RuntimeException e) {
            ProviderException failure = IbmErrors.map(e, settings, clock, what, voice);
            log.debug("{}: {} failed ({})", ID, what, failure.kind());
            state.failed(failure);
            throw failure;
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** Stops the HTTP client's threads and drops its pooled connections. */
    @Override
    public void close() {
        state.close();
        if (service != null) {
            service.getClient().dispatcher().executorService().shutdown();
            service.getClient().connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "IbmWatsonProvider[" + settings + ", " + state.health().status() + "]";
    }
}
