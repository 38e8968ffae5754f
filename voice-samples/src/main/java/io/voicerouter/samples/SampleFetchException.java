package io.voicerouter.samples;

import io.voicerouter.error.VoiceException;

/** A sample URL that could not or must not be fetched. The message never contains credentials. */
public class SampleFetchException extends VoiceException {
    /** Why the fetch failed, for callers that map it to an HTTP status or a form message. */
    public enum Reason {
        /** Scheme, host, redirect or file location the {@link FetchPolicy} does not allow. */
        FORBIDDEN,
        /** The server answered with a status other than 200. */
        HTTP_STATUS,
        /** Connecting or reading took longer than the policy allows. */
        TIMEOUT,
        /** The content type or the first bytes are not audio we read. */
        NOT_AUDIO,
        /** Network or file-system failure. */
        IO
    }

    private final Reason reason;

    public SampleFetchException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SampleFetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
