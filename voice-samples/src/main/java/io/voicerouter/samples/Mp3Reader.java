package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.AudioFormatException;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Locale;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;

/**
 * MPEG-1/2/2.5 layer III decoding through JLayer. JLayer was written long before fuzzing was
 * common and throws assorted runtime exceptions on corrupt frames; every one of them becomes an
 * {@link AudioFormatException}, and the output is bounded by {@link DecodeLimits}.
 */
final class Mp3Reader {
    private Mp3Reader() {
    }

    /** An ID3v2 tag, or an MPEG audio frame header with no reserved field, at the very start. */
    static boolean looksLikeMp3(byte[] b) {
        if (b.length >= 10 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
            return true;
        }
        return b.length >= 4 && validHeader(b[0] & 0xFF, b[1] & 0xFF, b[2] & 0xFF);
    }

    private static boolean validHeader(int b0, int b1, int b2) {
        boolean sync = b0 == 0xFF && (b1 & 0xE0) == 0xE0;
        int version = (b1 >> 3) & 3;
        int layer = (b1 >> 1) & 3;
        int bitrate = (b2 >> 4) & 0xF;
        int rate = (b2 >> 2) & 3;
        return sync && version != 1 && layer != 0 && bitrate != 0xF && rate != 3;
    }

    static DecodedSample read(byte[] bytes, DecodeLimits limits) {
        if (!looksLikeMp3(bytes)) {
            throw new AudioFormatException("not an MP3 stream");
        }
        Bitstream stream = new Bitstream(new ByteArrayInputStream(bytes));
        try {
            DecodedSample decoded = decode(stream, limits);
            java.util.Optional<Gapless> gapless = Gapless.find(bytes);
            return gapless.isPresent() ? gapless.get().trim(decoded) : decoded;
        } catch (AudioFormatException | SampleTooLargeException e) {
            throw e;
        } catch (JavaLayerException | RuntimeException e) {
            throw new AudioFormatException("corrupt MP3 stream: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } finally {
            try {
                stream.close();
            } catch (JavaLayerException ignored) {
                // a byte-array stream cannot fail to close
            }
        }
    }

    private static DecodedSample decode(Bitstream stream, DecodeLimits limits) throws JavaLayerException {
        Decoder decoder = new Decoder();
        float[] out = new float[1 << 16];
        int n = 0;
        int rate = 0;
        int channels = 0;
        long bitrateSum = 0;
        int frameCount = 0;
        long maxSamples = Long.MAX_VALUE;
        Header header;
        while ((header = stream.readFrame()) != null) {
            SampleBuffer pcm = (SampleBuffer) decoder.decodeFrame(header, stream);
            stream.closeFrame();
            if (rate == 0) {
                rate = pcm.getSampleFrequency();
                channels = pcm.getChannelCount();
                maxSamples = limits.maxFrames(rate) * channels;
            } else if (rate != pcm.getSampleFrequency() || channels != pcm.getChannelCount()) {
                throw new AudioFormatException("MP3 stream changes sample rate or channel count mid-stream");
            }
            int len = pcm.getBufferLength();
            if (n + (long) len > maxSamples) {
                throw new SampleTooLargeException(String.format(Locale.ROOT,
                        "sample is longer than the %.0f s limit", limits.maxSeconds()), (long) limits.maxSeconds());
            }
            if (n + len > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, n + len));
            }
            short[] s = pcm.getBuffer();
            for (int i = 0; i < len; i++) {
                out[n++] = s[i] / 32768f;
            }
            bitrateSum += header.bitrate();
            frameCount++;
        }
        if (frameCount == 0 || n == 0) {
            throw new AudioFormatException("MP3 stream contains no decodable audio frames");
        }
        float[] samples = Arrays.copyOf(out, n - n % channels);
        SourceFormat format = new SourceFormat("mp3", "mp3", rate, channels, 0,
                (int) Math.round(bitrateSum / 1000.0 / frameCount));
        return new DecodedSample(AudioData.wrap(samples, rate, channels), format);
    }
}
