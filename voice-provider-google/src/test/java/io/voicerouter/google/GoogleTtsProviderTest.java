package io.voicerouter.google;

import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GoogleTtsProviderTest {
    static final String KEY = "test-key-7c1e9f0a2b";

    FakeGoogleTts fake;
    TtsProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeGoogleTts(KEY);
        provider = new GoogleTtsProviderFactory().create(ProviderContext.builder()
                .environment(Map.of())
                .option("google_tts.api_key", KEY)
                .option("google_tts.endpoint", fake.endpoint())
                .build());
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    static SynthesisRequest request(String text, String voiceName, Map<String, Object> settings) {
        ProviderConfig config = new ProviderConfig(true, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.ofNullable(voiceName), settings, List.of(), Map.of());
        return SynthesisRequest.of(text, "en", config, Settings.resolve(GoogleTtsProvider.SETTINGS, settings));
    }

    @Test
    void synthesisRoundTripDecodesTheServicesWav() {
        provider.initialize();
        SynthesisOutput out = provider.synthesize(request("Hello there.", "en-US-Neural2-D",
                Map.of("pitch", 2, "speaking_rate", 1.25, "volume_gain_db", -3.0)));

        List<FakeGoogleTts.Received> calls = fake.synthesizeRequests();
        assertThat(calls).hasSize(1);
        var body = calls.get(0).body();
        System.out.println(calls.get(0).query() + " " + body);
        assertThat(calls.get(0).method()).isEqualTo("POST");
        assertThat(body.at("/input/ssml").asText()).isEqualTo("<speak>Hello there.</speak>");
        assertThat(body.at("/voice/name").asText()).isEqualTo("en-US-Neural2-D");
        assertThat(body.at("/voice/languageCode").asText()).isEqualTo("en-US");
        assertThat(body.at("/audioConfig/sampleRateHertz").asInt()).isEqualTo(24000);
        assertThat(body.at("/audioConfig/pitch").asDouble()).isEqualTo(2.0);
        assertThat(body.at("/audioConfig/speakingRate").asDouble()).isEqualTo(1.25);
        assertThat(body.at("/audioConfig/volumeGainDb").asDouble()).isEqualTo(-3.0);

        AudioData audio = out.audio();
        short[] sent = fake.sentAudio().get(0);
        assertThat(audio.sampleRate()).isEqualTo(24000);
        assertThat(audio.channels()).isEqualTo(1);
        assertThat(audio.frames()).isEqualTo(sent.length);
        for (int i = 0; i < sent.length; i++) {
            assertThat(audio.sampleAt(i)).isEqualTo(sent[i] / 32768f);
        }
    }
}
