package io.voicerouter.espeak;

/** Whether this machine has libespeak-ng, for the assumptions that skip native tests where it is absent. */
final class EspeakTestSupport {
    private EspeakTestSupport() {
    }

    static boolean libraryAvailable() {
        try {
            EspeakEngine.get(null);
            return true;
        } catch (EspeakUnavailableException e) {
            return false;
        }
    }
}
