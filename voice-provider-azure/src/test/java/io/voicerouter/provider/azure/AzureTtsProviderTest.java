package io.voicerouter.provider.azure;

import io.voicerouter.audio.AudioData;
import io.voicerouter.testing.Concurrently;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderLoader;
import io.voicerouter.spi.SynthesisOutput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AzureTtsProviderTest extends AzureFakeTestBase {
    @Test
    void synthesisRoundTripSendsTheRequestAzureExpectsAndDecodesTheAudio() {
        AzureTtsProvider p = provider();
        Map<String, Object> settings = Map.of("voice_name", "en-US-JennyNeural", "rate", 20, "pitch", -10, "style", "cheerful");

        SynthesisOutput out = p.synthesize(request(p, "Hello there.", "en", settings));

        assertThat(fake.synthesisRequests()).hasSize(1);
        AzureFake.Received r = fake.synthesisRequests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/cognitiveservices/v1");
        assertThat(r.header("Ocp-Apim-Subscription-Key")).isEqualTo(AzureFake.KEY);
        assertThat(r.header("Content-Type")).isEqualTo("application/ssml+xml");
        assertThat(r.header("X-Microsoft-OutputFormat")).isEqualTo("riff-48khz-16bit-mono-pcm");
        assertThat(r.header("User-Agent")).startsWith("voicerouter-azure/");
        assertThat(r.body()).isEqualTo("<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis'"
                + " xmlns:mstts='https://www.w3.org/2001/mstts' xml:lang='en-US'><voice name='en-US-JennyNeural'>"
                + "<mstts:express-as style='cheerful'><prosody rate='+20%' pitch='-10%'>Hello there.</prosody>"
                + "</mstts:express-as></voice></speak>");
        assertThat(r.style()).isEqualTo("cheerful");

        AudioData expected = AudioData.mono(AzureFake.tone("Hello there.".length()), 48_000);
        assertThat(out.audio()).isEqualTo(expected);
        assertThat(out.audio().sampleRate()).isEqualTo(p.capabilities().sampleRate());
        assertThat(out.metadata()).containsEntry("voice", "en-US-JennyNeural");
    }

    @Test
    void neutralSettingsSendNoProsodyOrStyleMarkup() {
        AzureTtsProvider p = provider();
        p.synthesize(request(p, "Plain.", "en", jenny()));
        AzureFake.Received r = fake.synthesisRequests().get(0);
        assertThat(r.elements()).containsExactly("speak", "voice");
        assertThat(r.text()).isEqualTo("Plain.");
    }

    @Test
    void voiceListIsFetchedOnceAndGivesTheLanguages() {
        AzureTtsProvider p = provider();
        p.initialize();

        assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.UP);
        assertThat(p.capabilities().languages()).containsExactlyInAnyOrder("en", "de", "zh-CN", "ja");
        List<AzureVoice> voices = p.voices();
        assertThat(voices).extracting(AzureVoice::shortName).contains("en-US-JennyNeural", "de-DE-KatjaNeural");
        assertThat(voices.get(1).styles()).contains("cheerful");
        assertThat(fake.voiceListCalls()).isEqualTo(1);
    }

    @Test
    void withoutAVoiceNameANeuralVoiceForTheLanguageIsChosen() {
        AzureTtsProvider p = provider();
        p.synthesize(request(p, "Guten Tag.", "de", Map.of()));
        p.synthesize(request(p, "Hello.", "en", Map.of()));
        assertThat(fake.synthesisRequests()).extracting(AzureFake.Received::voice)
                .containsExactly("de-DE-KatjaNeural", "en-US-JennyNeural");
        assertThat(fake.synthesisRequests()).extracting(AzureFake.Received::lang).containsExactly("de-DE", "en-US");

        ProviderException e = caught(() -> p.synthesize(request(p, "Hola.", "es", Map.of())),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_LANGUAGE);
    }

    @Test
    void oneProviderServesConcurrentRequestsAndFetchesTheVoiceListOnce() throws Exception {
        AzureTtsProvider p = provider();
        List<Boolean> sameAudio = Concurrently.call(8, t -> {
            String text = "Satz Nummer " + "x".repeat(t) + ".";
            return () -> p.synthesize(request(p, text, "de", Map.of())).audio()
                    .equals(AudioData.mono(AzureFake.tone(text.length()), 48_000));
        });
        assertThat(sameAudio).containsOnly(true);
        assertThat(fake.voiceListCalls()).isEqualTo(1);
        assertThat(fake.synthesisRequests()).hasSize(8).extracting(AzureFake.Received::voice).containsOnly("de-DE-KatjaNeural");
    }

    @Test
    void theLimitIsInCharactersSoThreeThousandEmojiAreOneRequestAndOneMoreIsRefusedUnsent() {
        AzureTtsProvider p = provider();
        String at = "\uD83D\uDE00".repeat(3_000); // 3,000 characters, 6,000 UTF-16 units, 12,000 bytes
        p.synthesize(request(p, at, "en", jenny()));
        assertThat(fake.synthesisRequests()).singleElement().satisfies(r -> assertThat(r.text()).isEqualTo(at));
        ProviderException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> p.synthesize(request(p, at + "!", "en", jenny())), ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
        assertThat(e).hasMessageContaining("3001 characters");
        assertThat(fake.synthesisRequests()).hasSize(1);
    }

    @Test
    void ssmlSpecialCharactersAndInjectionAttemptsAreSpokenLiterally() {
        AzureTtsProvider p = provider();
        String text = "Tom & Jerry say <break/> then </voice><voice name=\"x\"> and 'quoted' \"words\" > <!-- no -->";
        Map<String, Object> settings = new HashMap<>(jenny());
        settings.put("style", "cheerful'><break time='5s'/><x a='");
        p.synthesize(request(p, text, "en", settings));

        AzureFake.Received r = fake.synthesisRequests().get(0);
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.voice()).isEqualTo("en-US-JennyNeural");
        assertThat(r.elements()).containsExactly("speak", "voice", "mstts:express-as");
        assertThat(r.style()).isEqualTo("cheerful'><break time='5s'/><x a='");
        assertThat(r.body()).contains("&lt;break/&gt;").doesNotContain("<break");
    }

    @Test
    void billedCharactersFollowAzureRules() {
        AzureTtsProvider p = provider();
        assertThat(p.billedCharacters(request(p, "Hello", "en", jenny()))).isEqualTo(5);
        // escaped markup is billed as sent: "a&lt;b"
        assertThat(p.billedCharacters(request(p, "a<b", "en", jenny()))).isEqualTo(6);
        // each Han character counts twice, kana once
        assertThat(p.billedCharacters(request(p, "你好", "zh-CN", jenny()))).isEqualTo(4);
        assertThat(p.billedCharacters(request(p, "日本です", "ja", jenny()))).isEqualTo(6);
        // prosody and style markup inside <voice> is billed, <speak> and <voice> are not
        Map<String, Object> styled = Map.of("voice_name", "en-US-JennyNeural", "rate", 20, "style", "sad");
        String inner = "<mstts:express-as style='sad'><prosody rate='+20%'>Hi</prosody></mstts:express-as>";
        assertThat(p.billedCharacters(request(p, "Hi", "en", styled))).isEqualTo(inner.length());
        assertThat(p.quotaBucket(request(p, "Hi", "en", jenny()))).contains(AzureTtsProvider.NEURAL_QUOTA);
        assertThat(AzureTtsProvider.NEURAL_QUOTA.name()).isEqualTo("azure_tts/neural");
        assertThat(AzureTtsProvider.NEURAL_QUOTA.defaultCharactersPerMonth()).isEqualTo(500_000);
    }

    @Test
    void regionBuildsTheRegionalEndpointAndFactoryIsRegistered() {
        AzureSettings s = AzureSettings.from(ProviderContext.builder().environment(Map.of())
                .option("azure_tts.key", "k").option("azure_tts.region", "westeurope").build());
        assertThat(s.synthesisUri().toString()).isEqualTo("https://westeurope.tts.speech.microsoft.com/cognitiveservices/v1");
        assertThat(s.voicesUri().toString()).isEqualTo("https://westeurope.tts.speech.microsoft.com/cognitiveservices/voices/list");
        assertThat(AzureSettings.from(ProviderContext.builder().environment(Map.of())
                .option("azure_tts.key", "k").option("azure_tts.region", "west europe/../x").build()).problem()).isPresent();
        assertThat(ProviderLoader.factories()).containsKey("azure_tts");
        AzureTtsProvider p = provider();
        assertThat(p.capabilities().displayName()).isEqualTo("Azure AI Speech");
        assertThat(p.capabilities().settings()).extracting(s2 -> s2.name()).containsExactly("voice_name", "rate", "pitch", "style");
    }
}
