package io.voicerouter.encode;

import io.voicerouter.audio.SampleFormat;

/**
 * What an {@link AudioEncoder} is asked to make, every choice resolved: audio reaches the encoder
 * already at {@code sampleRate} with {@code channels} channels.
 *
 * @param format           the output format
 * @param sampleRate       the rate the audio arrives at and is coded at
 * @param channels         the channel count the audio arrives with
 * @param sourceRate       the rate the speech was made at (Opus records it in its header)
 * @param bitrateKbps      kbit/s for mp3, opus and aac; 0 for other formats
 * @param compressionLevel FLAC's level; 0 for other formats
 * @param sampleFormat     how wav, pcm and G.711 store samples
 */
public record EncodeSpec(OutputFormat format, int sampleRate, int channels, int sourceRate, int bitrateKbps,
                         int compressionLevel, SampleFormat sampleFormat) {
}
