package io.voicerouter.encoders;

import io.voicerouter.audio.SampleFormat;
import io.voicerouter.encode.EncodeSpec;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.error.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncoderSettingsTest {

    @Test
    void eachFormatHasItsDefaults() {
        assertThat(EncoderSettings.of(OutputFormat.MP3).bitrateKbps()).isEqualTo(64);
        assertThat(EncoderSettings.of(OutputFormat.OPUS).bitrateKbps()).isEqualTo(32);
        assertThat(EncoderSettings.of(OutputFormat.AAC).bitrateKbps()).isEqualTo(64);
        assertThat(EncoderSettings.of(OutputFormat.FLAC).compressionLevel()).isEqualTo(5);
        assertThat(EncoderSettings.of(OutputFormat.WAV).sampleFormat()).isEqualTo(SampleFormat.PCM_16);
        assertThat(EncoderSettings.of(OutputFormat.MULAW).sampleFormat()).isEqualTo(SampleFormat.MULAW);
        assertThat(EncoderSettings.of(OutputFormat.WAV).bitrateKbps()).isZero();
    }

    @Test
    void rateAndChannelsFollowTheFormat() {
        assertThat(EncoderSettings.of(OutputFormat.OPUS).specFor(22050, 1))
                .isEqualTo(new EncodeSpec(OutputFormat.OPUS, 48000, 1, 22050, 32, 0, SampleFormat.PCM_16));
        assertThat(EncoderSettings.of(OutputFormat.MULAW).specFor(48000, 2).sampleRate()).isEqualTo(8000);
        assertThat(EncoderSettings.of(OutputFormat.MULAW).specFor(48000, 2).channels()).isEqualTo(1);
        assertThat(EncoderSettings.of(OutputFormat.MP3).specFor(22050, 1).sampleRate()).isEqualTo(22050);
        assertThat(EncoderSettings.of(OutputFormat.MP3).specFor(20000, 1).sampleRate()).isEqualTo(22050);
        assertThat(EncoderSettings.of(OutputFormat.MP3).specFor(96000, 6).sampleRate()).isEqualTo(48000);
        assertThat(EncoderSettings.of(OutputFormat.MP3).specFor(96000, 6).channels()).isEqualTo(1);
        assertThat(EncoderSettings.of(OutputFormat.WAV).specFor(16000, 3).channels()).isEqualTo(3);
        assertThat(EncoderSettings.builder(OutputFormat.PCM).sampleRate(24000).build().specFor(22050, 1).sampleRate())
                .isEqualTo(24000);
    }

    @Test
    void aSettingTheFormatDoesNotHaveIsRefusedByName() {
        refused("bitrate", () -> EncoderSettings.builder(OutputFormat.WAV).bitrateKbps(128).build());
        refused("bitrate", () -> EncoderSettings.builder(OutputFormat.FLAC).bitrateKbps(128).build());
        refused("compression_level", () -> EncoderSettings.builder(OutputFormat.MP3).compressionLevel(3).build());
        refused("sample_format", () -> EncoderSettings.builder(OutputFormat.OPUS).sampleFormat(SampleFormat.PCM_24).build());
    }

    @Test
    void aValueOutsideTheFormatsRangeIsRefusedWithTheRange() {
        assertThat(refused("bitrate", () -> EncoderSettings.builder(OutputFormat.MP3).bitrateKbps(999).build()))
                .hasMessageContaining("8-320");
        assertThat(refused("bitrate", () -> EncoderSettings.builder(OutputFormat.OPUS).bitrateKbps(5).build()))
                .hasMessageContaining("6-510");
        refused("bitrate", () -> EncoderSettings.builder(OutputFormat.AAC).bitrateKbps(0));
        refused("bitrate", () -> EncoderSettings.builder(OutputFormat.AAC).bitrateKbps(-64));
        assertThat(refused("compression_level", () -> EncoderSettings.builder(OutputFormat.FLAC).compressionLevel(13).build()))
                .hasMessageContaining("0-12");
        refused("compression_level", () -> EncoderSettings.builder(OutputFormat.FLAC).compressionLevel(-1));
        assertThat(refused("sample_rate", () -> EncoderSettings.builder(OutputFormat.OPUS).sampleRate(44100).build()))
                .hasMessageContaining("48000");
        assertThat(refused("sample_rate", () -> EncoderSettings.builder(OutputFormat.MULAW).sampleRate(16000).build()))
                .hasMessageContaining("8000");
        refused("sample_rate", () -> EncoderSettings.builder(OutputFormat.MP3).sampleRate(23000).build());
        refused("sample_rate", () -> EncoderSettings.builder(OutputFormat.FLAC).sampleRate(700_000).build());
        refused("sample_rate", () -> EncoderSettings.builder(OutputFormat.WAV).sampleRate(0));
    }

    @Test
    void formatsAreFoundByNameAndByFileExtension() {
        assertThat(OutputFormat.parse("MP3")).isEqualTo(OutputFormat.MP3);
        assertThat(OutputFormat.parse("ulaw")).isEqualTo(OutputFormat.MULAW);
        assertThat(OutputFormat.parse("ogg")).isEqualTo(OutputFormat.OPUS);
        assertThat(OutputFormat.forFileName("speech/out.mp3")).contains(OutputFormat.MP3);
        assertThat(OutputFormat.forFileName("OUT.OPUS")).contains(OutputFormat.OPUS);
        assertThat(OutputFormat.forFileName("a.b.flac")).contains(OutputFormat.FLAC);
        assertThat(OutputFormat.forFileName("call.alaw")).contains(OutputFormat.ALAW);
        assertThat(OutputFormat.forFileName("notes.txt")).isEmpty();
        assertThat(OutputFormat.forFileName("noextension")).isEmpty();
        assertThat(refused("format", () -> OutputFormat.parse("wma"))).hasMessageContaining("mp3, opus");
    }

    @Test
    void settingsAreValuesWithAReadableForm() {
        EncoderSettings a = EncoderSettings.builder(OutputFormat.MP3).bitrateKbps(64).build();
        assertThat(a).isEqualTo(EncoderSettings.of(OutputFormat.MP3)).hasSameHashCodeAs(EncoderSettings.of(OutputFormat.MP3));
        assertThat(a.toString()).isEqualTo("EncoderSettings[mp3, 64 kbps]");
        assertThat(EncoderSettings.builder(OutputFormat.FLAC).compressionLevel(8).sampleRate(16000).build())
                .hasToString("EncoderSettings[flac, level 8, 16000 Hz]");
    }

    private static InvalidSettingException refused(String setting, ThrowingSupplier<?> build) {
        InvalidSettingException[] caught = new InvalidSettingException[1];
        assertThatThrownBy(build::get).isInstanceOfSatisfying(InvalidSettingException.class, e -> {
            assertThat(e.setting()).isEqualTo(setting);
            caught[0] = e;
        });
        return caught[0];
    }
}
