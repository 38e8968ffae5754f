package io.voicerouter.provider.google;

import com.google.api.gax.httpjson.HttpJsonCallContext;
import com.google.cloud.texttospeech.v1.AudioConfig;
import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.ListVoicesRequest;
import com.google.cloud.texttospeech.v1.ListVoicesResponse;
import com.google.cloud.texttospeech.v1.SynthesisInput;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechRequest;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechResponse;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.VoiceSelectionParams;
import io.voicerouter.audio.AudioData;
import io.voicerouter.cloud.Deadlines;
import io.voicerouter.cloud.ServiceAudio;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderLifecycle;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Google Cloud Text-to-Speech through the official client on its HTTP/JSON transport. Thread-safe:
 * the client is shared, the voice list is an immutable snapshot swapped atomically.
 */
final class GoogleTtsProvider implements TtsProvider {
    static final String ID = "google_tts";
    static final int DEFAULT_SAMPLE_RATE = 24_000;
    static final Duration CATALOG_TTL = Duration.ofHours(24);
    static final Duration CATALOG_RETRY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(GoogleTtsProvider.class);

    private final GoogleTtsOptions options;
    private final Clock clock;
    private final Object lock = new Object();
    /** The client, made once on first use; a failure to make it (credentials unreadable) is remembered. */
    private final ProviderLifecycle<TextToSpeechClient> life;
    private volatile VoiceCatalog catalog;
    private volatile ProviderCapabilities capabilities = GoogleCapabilities.BASE;
    private volatile ProviderException lastBrokenFailure;
    private volatile Instant catalogRetryAt = Instant.MIN;

    GoogleTtsProvider(GoogleTtsOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.life = ProviderLifecycle.of(ID, () -> GoogleClients.create(options));
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    /** Checks the credentials and reads the voice list. Throws only when the provider is broken. */
    @Override
    public void initialize() {
        try {
            catalog(true);
        } catch (ProviderException e) {
            if (e.kind().category() == ErrorKind.Category.BROKEN) {
                throw e;
            }
            catalogRetryAt = clock.instant().plus(CATALOG_RETRY);
            LOG.warn("google_tts: voice list unavailable for now ({}); will retry after {}", e.kind(), catalogRetryAt);
        }
    }

    @Override
    public ProviderHealth health() {
        if (!life.closed() && !options.hasCredentials()) {
            return ProviderHealth.down("no credentials configured");
        }
        return life.health(client -> serviceHealth());
    }

    /** Once the client is made: refused credentials, then whether the voice list is loaded. */
    private ProviderHealth serviceHealth() {
        ProviderException broken = lastBrokenFailure;
        if (broken != null) {
            return ProviderHealth.down(broken.kind() + ": " + broken.getMessage());
        }
        VoiceCatalog c = catalog;
        if (c == null) {
            return new ProviderHealth(ProviderHealth.Status.DEGRADED, "voice list not loaded", Map.of());
        }
        return ProviderHealth.up(Map.of("voices", Integer.toString(c.voices().size()),
                "endpoint", options.endpoint().toString()));
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        if (request.text().isBlank()) {
            throw new ProviderException(ID, ErrorKind.BAD_INPUT, "nothing to say: the text is empty");
        }
        SynthesisPlanner.TEXT_LIMIT.requireFits(ID, request.text());
        refreshCatalogIfDue();
        SynthesisPlanner.Plan plan = planner().plan(request);
        LOG.debug("google_tts: {} characters, voice {}", request.text().length(), plan.voiceLabel());
        AudioData audio = synthesizeOne(client(), plan, plan.input(), request.deadline());
        String type = plan.voiceName().isEmpty() ? "service default" : GoogleVoice.type(plan.voiceName());
        return new SynthesisOutput(audio, Map.of(
                "voice", plan.voiceLabel(),
                "model", type.isEmpty() ? plan.voiceName() : type,
                "sample_rate", Integer.toString(audio.sampleRate())));
    }

    private AudioData synthesizeOne(TextToSpeechClient c, SynthesisPlanner.Plan plan, String input, Instant deadline) {
        Duration timeout = Deadlines.callTimeout(ID, deadline, options.timeout(), clock);
        VoiceSelectionParams.Builder voice = VoiceSelectionParams.newBuilder().setLanguageCode(plan.languageCode());
        if (!plan.voiceName().isEmpty()) {
            voice.setName(plan.voiceName());
        }
        SynthesizeSpeechRequest req = SynthesizeSpeechRequest.newBuilder()
                .setInput(plan.ssml() ? SynthesisInput.newBuilder().setSsml(input) : SynthesisInput.newBuilder().setText(input))
                .setVoice(voice)
                .setAudioConfig(AudioConfig.newBuilder()
                        .setAudioEncoding(AudioEncoding.LINEAR16)
                        .setSampleRateHertz(plan.sampleRate())
                        .setPitch(plan.pitch())
                        .setSpeakingRate(plan.speakingRate())
                        .setVolumeGainDb(plan.volumeGainDb()))
                .build();
        SynthesizeSpeechResponse response;
        try {
            response = c.synthesizeSpeechCallable().call(req, HttpJsonCallContext.createDefault().withTimeoutDuration(timeout));
        } catch (RuntimeException e) {
            throw failure(e);
        }
        lastBrokenFailure = null;
        return ServiceAudio.decodeWav(ID, response.getAudioContent().toByteArray());
    }

    @Override
    public String modelIdentity(SynthesisRequest request) {
        return ID + "/v1/LINEAR16";
    }

    @Override
    public String voiceIdentity(SynthesisRequest request) {
        SynthesisPlanner.Plan plan = planner().plan(request);
        return plan.voiceLabel() + "@" + plan.sampleRate();
    }

    /** What Google bills: every character of the input we send, SSML markup included. */
    @Override
    public long billedCharacters(SynthesisRequest request) {
        return planner().plan(request).billedCharacters();
    }

    @Override
    public Optional<QuotaBucket> quotaBucket(SynthesisRequest request) {
        return Optional.of(planner().plan(request).bucket());
    }

    /** The service's voices, read once and cached for {@link #CATALOG_TTL}. */
    List<GoogleVoice> voices() {
        return catalog(false).voices();
    }

    /** Plans from the cached voice list only: billing and quota checks never wait on the network. */
    private SynthesisPlanner planner() {
        return new SynthesisPlanner(catalog);
    }

    /**
     * Loads the voice list before a synthesis when it is missing or stale. A transient failure is
     * remembered for {@link #CATALOG_RETRY}, so an outage does not double every request; synthesis
     * goes on without the list (the voice's language then comes from its name).
     */
    private void refreshCatalogIfDue() {
        VoiceCatalog c = catalog;
        Instant now = clock.instant();
        if (c != null && c.fetchedAt().plus(CATALOG_TTL).isAfter(now) || now.isBefore(catalogRetryAt)) {
            return;
        }
        try {
            catalog(false);
        } catch (ProviderException e) {
            if (e.kind().category() == ErrorKind.Category.BROKEN) {
                throw e;
            }
            catalogRetryAt = now.plus(CATALOG_RETRY);
            LOG.debug("google_tts: voice list unavailable ({}), next try after {}", e.kind(), catalogRetryAt);
        }
    }

    private VoiceCatalog catalog(boolean force) {
        VoiceCatalog c = catalog;
        if (!force && c != null && c.fetchedAt().plus(CATALOG_TTL).isAfter(clock.instant())) {
            return c;
        }
        synchronized (lock) {
            c = catalog;
            if (!force && c != null && c.fetchedAt().plus(CATALOG_TTL).isAfter(clock.instant())) {
                return c;
            }
            ListVoicesResponse response;
            try {
                response = client().listVoicesCallable().call(ListVoicesRequest.getDefaultInstance(),
                        HttpJsonCallContext.createDefault().withTimeoutDuration(options.timeout()));
            } catch (ProviderException e) {
                throw e;
            } catch (RuntimeException e) {
                throw failure(e);
            }
            List<GoogleVoice> voices = new ArrayList<>();
            for (com.google.cloud.texttospeech.v1.Voice v : response.getVoicesList()) {
                voices.add(new GoogleVoice(v.getName(), v.getLanguageCodesList(), v.getSsmlGender().name(),
                        v.getNaturalSampleRateHertz()));
            }
            VoiceCatalog fresh = new VoiceCatalog(voices, clock.instant());
            catalog = fresh;
            lastBrokenFailure = null;
            if (!fresh.languages().isEmpty()) {
                capabilities = GoogleCapabilities.BASE.withLanguages(fresh.languages());
            }
            LOG.info("google_tts: {} voices in {} languages", voices.size(), fresh.languages().size());
            return fresh;
        }
    }

    private TextToSpeechClient client() {
        return life.get();
    }

    private ProviderException failure(RuntimeException e) {
        ProviderException mapped = GoogleErrors.map(e, options.apiKeyValue().orElse(null), clock);
        if (mapped.kind().category() == ErrorKind.Category.BROKEN) {
            lastBrokenFailure = mapped;
        }
        return mapped;
    }

    @Override
    public void close() {
        life.close(TextToSpeechClient::close);
    }

    @Override
    public String toString() {
        return "GoogleTtsProvider[" + options + "]";
    }
}
