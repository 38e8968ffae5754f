package io.voicerouter.xtts;

/**
 * Token ids and limits of XTTS v2 (coqui-ai-TTS GPT defaults and the v2 config.json): text is framed
 * by [START] (261) and [STOP] (0); audio codes run 0-1023, 1024 starts and 1025 stops the audio.
 * {@code melPositionOffset}: audio token k is fed back with mel position k + offset (2 in Coqui's
 * inference model, 1 in training and in the public export's orchestrator).
 */
record XttsConstants(int startText, int stopText, int startAudio, int stopAudio, int maxAudioTokens,
                     int condChunkSeconds, int maxReferenceSeconds, int melPositionOffset) {
    static final XttsConstants V2 = new XttsConstants(261, 0, 1024, 1025, 605, 4, 30, 2);

    XttsConstants withTextTokens(int start, int stop) {
        return new XttsConstants(start, stop, startAudio, stopAudio, maxAudioTokens, condChunkSeconds,
                maxReferenceSeconds, melPositionOffset);
    }

    XttsConstants withAudioTokens(int start, int stop) {
        return new XttsConstants(startText, stopText, start, stop, maxAudioTokens, condChunkSeconds,
                maxReferenceSeconds, melPositionOffset);
    }
}
