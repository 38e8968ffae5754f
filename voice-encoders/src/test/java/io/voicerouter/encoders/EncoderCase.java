package io.voicerouter.encoders;

import io.voicerouter.audio.SampleFormat;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;

import java.util.List;

/**
 * One format under test, with what ffprobe must report and the stated bounds.
 *
 * @param lengthTolerance frames the decode may differ from the input's length: one codec frame plus
 *                        the codec's stated padding (0 for PCM, G.711 and FLAC, and for Opus, whose
 *                        pre-skip and end trimming give the exact length)
 * @param minCorrelation  normalized cross-correlation with the input as the encoder saw it
 * @param maxLag          delay searched for the best alignment (ADTS AAC carries no priming info; streamed
 *                        MP3 no LAME tag)
 * @param maxError        for lossless formats, the largest sample error allowed (half a quantization step of
 *                        16-bit source audio stored as is); negative for lossy ones
 */
record EncoderCase(String name, EncoderSettings settings, String codec, List<String> rawInput, int lengthTolerance,
                   double minCorrelation, int maxLag, double maxError) {
    /** Half a 16-bit step: the input speech is 16-bit, so 16-bit storage must give it back exactly. */
    static final double S16 = 0.5 / 32768;
    static final double LOSSY = -1;

    static final List<String> NONE = List.of();

    /** Every format with its defaults (and wav in each sample format the issue names). */
    static List<EncoderCase> all(int rawRate) {
        return List.of(
                new EncoderCase("wav s16", EncoderSettings.of(OutputFormat.WAV), "pcm_s16le", NONE, 0, 0.99999, 0, S16),
                new EncoderCase("wav s24", EncoderSettings.builder(OutputFormat.WAV).sampleFormat(SampleFormat.PCM_24)
                        .build(), "pcm_s24le", NONE, 0, 0.99999, 0, 0.5 / 8388608),
                new EncoderCase("wav f32", EncoderSettings.builder(OutputFormat.WAV).sampleFormat(SampleFormat.FLOAT_32)
                        .build(), "pcm_f32le", NONE, 0, 0.99999, 0, 0),
                new EncoderCase("pcm", EncoderSettings.of(OutputFormat.PCM), "pcm_s16le",
                        List.of("-f", "s16le", "-ar", Integer.toString(rawRate), "-ac", "1"), 0, 0.99999, 0, S16),
                new EncoderCase("mulaw", EncoderSettings.of(OutputFormat.MULAW), "pcm_mulaw",
                        List.of("-f", "mulaw", "-ar", "8000", "-ac", "1"), 0, 0.9995, 0, LOSSY),
                new EncoderCase("alaw", EncoderSettings.of(OutputFormat.ALAW), "pcm_alaw",
                        List.of("-f", "alaw", "-ar", "8000", "-ac", "1"), 0, 0.9995, 0, LOSSY),
                new EncoderCase("mp3", EncoderSettings.of(OutputFormat.MP3), "mp3", NONE, 1152 + 1105, 0.99, 2400, LOSSY),
                new EncoderCase("opus", EncoderSettings.of(OutputFormat.OPUS), "opus", NONE, 0, 0.97, 960, LOSSY),
                new EncoderCase("aac", EncoderSettings.of(OutputFormat.AAC), "aac", NONE, 1024 + 1024, 0.99, 2400, LOSSY),
                new EncoderCase("flac", EncoderSettings.of(OutputFormat.FLAC), "flac", NONE, 0, 0.99999, 0, S16));
    }

    String extension() {
        return settings.format().extensions().get(0);
    }

    @Override
    public String toString() {
        return name;
    }
}
