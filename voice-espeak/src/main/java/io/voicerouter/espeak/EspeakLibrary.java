package io.voicerouter.espeak;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of espeak-ng's {@code speak_lib.h} we call, mapped with JNA. Text and paths go in as
 * NUL-terminated UTF-8 {@link Pointer}s rather than {@code String}s so that JNA's platform encoding
 * (ASCII under a POSIX locale) never mangles them.
 */
interface EspeakLibrary extends Library {
    int AUDIO_OUTPUT_SYNCHRONOUS = 2;
    /** Without it espeak-ng calls {@code exit()} when its data is missing, taking the JVM with it. */
    int INITIALIZE_DONT_EXIT = 0x8000;

    int CHARS_UTF8 = 1;
    int PHONEMES_IPA = 0x02;
    /** Phoneme mode bit: write the character in bits 8-23 between the letters of one phoneme. */
    int PHONEMES_TIE = 0x80;
    int SYNTH_ENDPAUSE = 0x1000;
    int POS_CHARACTER = 1;

    int EE_OK = 0;

    int PARAM_RATE = 1;
    int PARAM_VOLUME = 2;
    int PARAM_PITCH = 3;
    int PARAM_WORDGAP = 7;

    /** Returns the sample rate in Hz, or a negative status. */
    int espeak_Initialize(int output, int buflength, Pointer path, int options);

    /** The version string; {@code pathData} receives the data directory in use. */
    Pointer espeak_Info(PointerByReference pathData);

    int espeak_SetVoiceByName(Pointer name);

    int espeak_SetParameter(int parameter, int value, int relative);

    /**
     * Phonemes of the next clause. Advances {@code textPtr} past what it read (plus one character of
     * look-ahead it keeps internally), or sets it to NULL at the end of the text.
     */
    Pointer espeak_TextToPhonemes(PointerByReference textPtr, int textMode, int phonemeMode);

    void espeak_SetSynthCallback(SynthCallback callback);

    int espeak_Synth(Pointer text, NativeLong size, int position, int positionType, int endPosition, int flags,
                     IntByReference uniqueIdentifier, Pointer userData);

    /** A NULL-terminated array of {@code espeak_VOICE*}; {@code voiceSpec} NULL lists every voice. */
    Pointer espeak_ListVoices(Pointer voiceSpec);

    /** {@code int t_espeak_callback(short *wav, int numsamples, espeak_EVENT *events)}; return 1 to abort. */
    interface SynthCallback extends Callback {
        int invoke(Pointer wav, int numSamples, Pointer events);
    }
}
