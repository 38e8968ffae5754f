package io.voicerouter.error;

/**
 * A speech request the router refuses before any provider sees it: blank text, text longer than
 * the router's limit ({@code VoiceRouterBuilder.maxTextLength}), a timeout that is not a positive
 * duration. Says nothing about any provider's health.
 */
public class InvalidRequestException extends VoiceException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
