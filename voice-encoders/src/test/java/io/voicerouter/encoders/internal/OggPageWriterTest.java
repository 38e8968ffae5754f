package io.voicerouter.encoders.internal;

import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encoders.FfmpegEncoder;
import io.voicerouter.audio.AudioData;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class OggPageWriterTest {

    record Page(int flags, long granule, int sequence, int storedCrc, byte[] bytes, byte[] body) {
    }

    static List<Page> pages(byte[] ogg) {
        List<Page> pages = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(ogg).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < ogg.length) {
            assertThat(new String(ogg, at, 4, StandardCharsets.US_ASCII)).isEqualTo("OggS");
            int segments = ogg[at + 26] & 0xFF;
            int size = 0;
            for (int i = 0; i < segments; i++) {
                size += ogg[at + 27 + i] & 0xFF;
            }
            int length = 27 + segments + size;
            byte[] page = Arrays.copyOfRange(ogg, at, at + length);
            pages.add(new Page(ogg[at + 5], b.getLong(at + 6), b.getInt(at + 18), b.getInt(at + 22), page,
                    Arrays.copyOfRange(page, 27 + segments, length)));
            at += length;
        }
        return pages;
    }

    private static int crcOf(byte[] page) {
        byte[] copy = page.clone();
        OggPageWriter.putInt(copy, 22, 0);
        return OggPageWriter.crc(copy);
    }

    /** The checksum matches the one libogg/ffmpeg wrote on every page of ffmpeg's own Ogg Opus file. */
    @Test
    void theChecksumIsOggsAsFfmpegComputesIt() {
        FfmpegEncoder ffmpeg = new FfmpegEncoder();
        assumeThat(ffmpeg.missing(OutputFormat.OPUS)).as("ffmpeg with libopus").isEmpty();
        byte[] ogg = AudioEncoders.of(List.of(ffmpeg)).encode(tone(), EncoderSettings.of(OutputFormat.OPUS));
        List<Page> pages = pages(ogg);
        assertThat(pages).hasSizeGreaterThan(2);
        for (Page p : pages) {
            assertThat(crcOf(p.bytes())).isEqualTo(p.storedCrc());
        }
    }

    /**
     * Our stream: OpusHead alone on a BOS page, OpusTags, audio pages with rising granule positions,
     * and an EOS page whose granule is pre-skip plus the input's length at 48 kHz.
     */
    @Test
    void theJavaOpusStreamIsFramedAsRfc7845Says() {
        AudioData tone = tone();
        byte[] ogg = AudioEncoders.installed().encode(tone, EncoderSettings.of(OutputFormat.OPUS));
        List<Page> pages = pages(ogg);
        assertThat(pages.get(0).flags()).isEqualTo(OggPageWriter.BEGIN_OF_STREAM);
        assertThat(new String(pages.get(0).body(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusHead");
        ByteBuffer head = ByteBuffer.wrap(pages.get(0).body()).order(ByteOrder.LITTLE_ENDIAN);
        int preSkip = head.getShort(10);
        assertThat(head.getInt(12)).as("original rate").isEqualTo(22050);
        assertThat(pages.get(0).granule()).isZero();
        assertThat(new String(pages.get(1).body(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusTags");
        assertThat(pages.get(1).granule()).isZero();
        long previous = 0;
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            assertThat(p.sequence()).isEqualTo(i);
            assertThat(crcOf(p.bytes())).isEqualTo(p.storedCrc());
            assertThat(p.granule()).isGreaterThanOrEqualTo(previous);
            previous = p.granule();
        }
        Page last = pages.get(pages.size() - 1);
        assertThat(last.flags()).isEqualTo(OggPageWriter.END_OF_STREAM);
        assertThat(last.granule()).isEqualTo(preSkip + Math.round(tone.frames() * 48000.0 / 22050));
        assertThat(preSkip).isBetween(1, 48000 / 50);
    }

    private static AudioData tone() {
        float[] s = new float[22050];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 22050));
        }
        return AudioData.mono(s, 22050);
    }
}
