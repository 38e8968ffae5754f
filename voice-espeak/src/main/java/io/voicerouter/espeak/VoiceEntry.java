package io.voicerouter.espeak;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code espeak_ListVoices}: the identifier {@code espeak_SetVoiceByName} accepts
 * (such as {@code gmw/en-US}), the display name, and the languages in the voice's priority order.
 */
record VoiceEntry(String identifier, String name, List<Language> languages) {

    /** A language a voice declares; lower priority numbers are the better match. */
    record Language(String code, int priority) {
    }

    /** Reads an {@code espeak_VOICE}: {@code name}, {@code languages}, {@code identifier} pointers first. */
    static VoiceEntry read(Pointer voice) {
        String name = string(voice.getPointer(0));
        Pointer langs = voice.getPointer(Native.POINTER_SIZE);
        String identifier = string(voice.getPointer(2L * Native.POINTER_SIZE));
        List<Language> languages = new ArrayList<>();
        if (langs != null) {
            // A run of (priority byte, NUL-terminated name) pairs, ended by a zero priority byte.
            long offset = 0;
            for (int guard = 0; guard < 64; guard++) {
                int priority = langs.getByte(offset) & 0xFF;
                if (priority == 0) {
                    break;
                }
                String code = langs.getString(offset + 1, StandardCharsets.UTF_8.name());
                languages.add(new Language(code, priority));
                offset += 1 + code.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
        return new VoiceEntry(identifier, name, List.copyOf(languages));
    }

    private static String string(Pointer p) {
        return p == null ? "" : p.getString(0, StandardCharsets.UTF_8.name());
    }
}
