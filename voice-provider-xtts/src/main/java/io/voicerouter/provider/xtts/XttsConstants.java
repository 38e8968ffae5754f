package io.voicerouter.provider.xtts;

/**
 * Token ids and limits of XTTS v2 (coqui-ai-TTS GPT defaults and the v2 config.json): text is framed
 * by [START] (261) and [STOP] (0); audio codes run 0-1023, 1024 starts and 1025 stops the audio.
 * {@code maxAudioTokens} is upstream's {@code max_gen_mel_tokens}: gpt_max_audio_tokens (605) less
 * max_conditioning_inputs (1) less 2, the most tokens (stop token included) one generate call makes.
 */
record XttsConstants(int startText, int stopText, int startAudio, int stopAudio, int maxAudioTokens,
                     int condChunkSeconds, int maxReferenceSeconds) {
    static final XttsConstants V2 = new XttsConstants(261, 0, 1024, 1025, 602, 4, 30);

    XttsConstants withTextTokens(int start, int stop) {
        return new XttsConstants(start, stop, startAudio, stopAudio, maxAudioTokens, condChunkSeconds,
                maxReferenceSeconds);
    }

    XttsConstants withAudioTokens(int start, int stop) {
        return new XttsConstants(startText, stopText, start, stop, maxAudioTokens, condChunkSeconds,
                maxReferenceSeconds);
    }
}
