package io.voicerouter.xtts;

/**
 * Token ids and limits of XTTS v2 (coqui-ai-TTS GPT defaults and the v2 config.json): text is framed
 * by [START] (261) and [STOP] (0); audio codes run 0-1023, 1024 starts and 1025 stops the audio.
 */
record XttsConstants(int startText, int stopText, int startAudio, int stopAudio, int maxAudioTokens,
                     int condChunkSeconds, int maxReferenceSeconds) {
    static final XttsConstants V2 = new XttsConstants(261, 0, 1024, 1025, 605, 4, 30);
}
