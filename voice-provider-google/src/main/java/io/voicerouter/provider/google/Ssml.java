package io.voicerouter.provider.google;

import io.voicerouter.cloud.Xml;

/**
 * Builds the SSML document sent to the service. User text is only ever element content, escaped,
 * so nothing a user types can open a tag.
 */
final class Ssml {
    private Ssml() {
    }

    static String speak(String text) {
        return "<speak>" + Xml.escape(text) + "</speak>";
    }
}
