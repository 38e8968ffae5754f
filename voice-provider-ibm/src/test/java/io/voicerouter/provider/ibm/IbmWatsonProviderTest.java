package io.voicerouter.provider.ibm;

import io.voicerouter.audio.AudioData;
import io.voicerouter.testing.Concurrently;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderLoader;
import io.voicerouter.spi.SynthesisOutput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IbmWatsonProviderTest extends IbmFakeTestBase {
    @Test
    void synthesisRoundTripThroughIamAndTheSdk() {
        IbmWatsonProvider p = provider();
        SynthesisOutput out = p.synthesize(request(p, "Hello there.", "en",
                Map.of("rate_percentage", 20, "pitch_percentage", -10)));

        assertThat(fake.tokenForms()).hasSize(1);
        assertThat(fake.tokenForms().get(0)).containsEntry("grant_type", "urn:ibm:params:oauth:grant-type:apikey")
                .containsEntry("apikey", IbmFake.API_KEY).containsEntry("response_type", "cloud_iam");
        IbmFake.Received r = fake.synthesisRequests().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/instances/0b6e1f2a/v1/synthesize");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + fake.issuedTokens().get(0));
        assertThat(r.header("Accept")).isEqualTo("audio/wav;rate=22050");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.query()).containsExactlyInAnyOrderEntriesOf(Map.of("voice", "en-US_MichaelV3Voice",
                "rate_percentage", "20", "pitch_percentage", "-10"));
        assertThat(r.body()).isEqualTo("{\"text\":\"Hello there.\"}");

        assertThat(out.audio()).isEqualTo(AudioData.mono(IbmFake.tone("Hello there.".length()), 22_050));
        assertThat(out.audio().sampleRate()).isEqualTo(p.capabilities().sampleRate());
        assertThat(out.metadata()).containsEntry("voice", "en-US_MichaelV3Voice");
    }

    @Test
    void neutralRateAndPitchAreNotSent() {
        IbmWatsonProvider p = provider();
        p.synthesize(request(p, "Plain.", "en", Map.of("voice_name", "en-US_AllisonV3Voice")));
        assertThat(fake.synthesisRequests().get(0).query()).containsExactly(Map.entry("voice", "en-US_AllisonV3Voice"));
    }

    @Test
    void voiceListIsFetchedOnceAndGivesTheLanguages() {
        IbmWatsonProvider p = provider();
        p.initialize();
        assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.UP);
        assertThat(p.capabilities().languages()).containsExactlyInAnyOrder("de", "en", "ja");
        assertThat(p.voices()).extracting(IbmVoice::name).contains("en-US_MichaelV3Voice", "de-DE_BirgitV3Voice");
        assertThat(p.voices().get(0).language()).isEqualTo("de-DE");
        assertThat(fake.voiceListCalls()).isEqualTo(1);
    }

    @Test
    void otherLanguagesGetAVoiceOfTheirOwnUnlessOneIsChosen() {
        IbmWatsonProvider p = provider();
        p.synthesize(request(p, "Guten Tag.", "de", Map.of()));
        p.synthesize(request(p, "Guten Tag.", "de", Map.of("voice_name", "de-DE_DieterV3Voice")));
        p.synthesize(request(p, "Hello.", "en", Map.of()));
        assertThat(fake.synthesisRequests()).extracting(r -> r.query().get("voice"))
                .containsExactly("de-DE_BirgitV3Voice", "de-DE_DieterV3Voice", "en-US_MichaelV3Voice");
        ProviderException e = caught(() -> p.synthesize(request(p, "Hola.", "es", Map.of())),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_LANGUAGE);
    }

    @Test
    void iamTokenIsFetchedOnceAndReused() {
        IbmWatsonProvider p = provider();
        p.initialize();
        for (int i = 0; i < 4; i++) {
            p.synthesize(request(p, "Line " + i + ".", "en", Map.of()));
        }
        assertThat(fake.issuedTokens()).hasSize(1);
        assertThat(fake.synthesisRequests()).extracting(r -> r.header("Authorization"))
                .containsOnly("Bearer " + fake.issuedTokens().get(0));
    }

    @Test
    void iamTokenIsRefreshedBeforeItExpires() throws Exception {
        // The first token has 80 % of its announced hour behind it (it expires in two minutes), so the
        // SDK fetches a new one in the background while requests go on with the still-valid one.
        fake.issueNextToken(3600, 120);
        IbmWatsonProvider p = provider();
        p.synthesize(request(p, "First.", "en", Map.of()));
        String first = fake.issuedTokens().get(0);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            p.synthesize(request(p, "Again.", "en", Map.of()));
            List<IbmFake.Received> all = fake.synthesisRequests();
            used.add(all.get(all.size() - 1).header("Authorization"));
            if (fake.issuedTokens().size() > 1 && used.get(used.size() - 1).equals("Bearer " + fake.issuedTokens().get(1))) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(fake.issuedTokens()).hasSize(2);
        assertThat(used.get(0)).isEqualTo("Bearer " + first);
        assertThat(used.get(used.size() - 1)).isEqualTo("Bearer " + fake.issuedTokens().get(1));
        assertThat(used).allSatisfy(a -> assertThat(a).isIn("Bearer " + first, "Bearer " + fake.issuedTokens().get(1)));
    }

    @Test
    void anExpiredTokenIsReplacedBeforeTheNextCall() throws Exception {
        // 3 s of life: long enough that a loaded machine still makes the first call inside it
        fake.issueNextToken(3, 3);
        IbmWatsonProvider p = provider();
        p.synthesize(request(p, "First.", "en", Map.of()));
        long expiration = System.currentTimeMillis() / 1000 + 3;
        while (System.currentTimeMillis() / 1000 <= expiration) {
            Thread.sleep(100);
        }
        p.synthesize(request(p, "Second.", "en", Map.of()));
        assertThat(fake.issuedTokens()).hasSize(2);
        assertThat(fake.synthesisRequests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer " + fake.issuedTokens().get(0), "Bearer " + fake.issuedTokens().get(1));
    }

    @Test
    void concurrentFirstRequestsShareOneTokenAndOneVoiceList() throws Exception {
        IbmWatsonProvider p = provider();
        List<Boolean> sameAudio = Concurrently.call(8, t -> {
            String text = "Satz Nummer " + "x".repeat(t) + ".";
            return () -> p.synthesize(request(p, text, "de", Map.of())).audio()
                    .equals(AudioData.mono(IbmFake.tone(text.length()), 22_050));
        });
        assertThat(sameAudio).containsOnly(true);
        assertThat(fake.issuedTokens()).hasSize(1);
        assertThat(fake.voiceListCalls()).isEqualTo(1);
        assertThat(fake.synthesisRequests()).hasSize(8);
    }

    @Test
    void textAtTheEscapedByteLimitIsOneRequestAndOneByteMoreIsRefusedUnsent() {
        IbmWatsonProvider p = provider();
        String at = "日".repeat(1665) + "&"; // 4,995 + 5 escaped bytes: exactly 5,000
        p.synthesize(request(p, at, "en", Map.of()));
        assertThat(fake.synthesisRequests()).singleElement().satisfies(r ->
                assertThat(r.text().getBytes(StandardCharsets.UTF_8).length).isEqualTo(5_000));
        ProviderException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> p.synthesize(request(p, at + "x", "en", Map.of())), ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
        assertThat(e).hasMessageContaining("5001 UTF-8 bytes once XML-escaped");
        assertThat(fake.synthesisRequests()).hasSize(1);
    }

    @Test
    void ssmlSpecialCharactersAndInjectionAttemptsAreSpokenLiterally() {
        IbmWatsonProvider p = provider();
        String text = "Tom & Jerry say <break time=\"5s\"/> then </speak><speak> and 'quoted' \"words\" > <!-- no -->";
        p.synthesize(request(p, text, "en", Map.of()));
        IbmFake.Received r = fake.synthesisRequests().get(0);
        assertThat(r.spoken()).isEqualTo(text);
        assertThat(r.elements()).containsExactly("speak");
        assertThat(r.text()).contains("&lt;break").doesNotContain("<break");
    }

    @Test
    void billedCharactersAreTextCharactersAgainstTheLiteQuota() {
        IbmWatsonProvider p = provider();
        assertThat(p.billedCharacters(request(p, "Hello <b>", "en", Map.of()))).isEqualTo(9);
        assertThat(p.billedCharacters(request(p, "你好", "zh-CN", Map.of()))).isEqualTo(2);
        assertThat(p.quotaBucket(request(p, "Hi", "en", Map.of()))).contains(IbmWatsonProvider.LITE_QUOTA);
        assertThat(IbmWatsonProvider.LITE_QUOTA.name()).isEqualTo("ibm_watson/lite");
        assertThat(IbmWatsonProvider.LITE_QUOTA.defaultCharactersPerMonth()).isEqualTo(10_000);
    }

    @Test
    void factoryIsRegisteredAndDescribesTheSettings() {
        assertThat(ProviderLoader.factories()).containsKey("ibm_watson");
        IbmWatsonProvider p = provider();
        assertThat(p.capabilities().displayName()).isEqualTo("IBM Watson TTS");
        assertThat(p.capabilities().settings()).extracting(s -> s.name())
                .containsExactly("voice_name", "rate_percentage", "pitch_percentage");
        assertThat(p.capabilities().setting("voice_name").orElseThrow().defaultValue()).isEqualTo("en-US_MichaelV3Voice");
    }
}
