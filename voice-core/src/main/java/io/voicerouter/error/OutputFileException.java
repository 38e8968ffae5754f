package io.voicerouter.error;

/**
 * A file cannot be written where it was asked for without damaging what is there: the path names a
 * directory, a block device or a socket, or its symbolic links loop. Nothing was written.
 */
public class OutputFileException extends VoiceException {
    public OutputFileException(String message) {
        super(message);
    }
}
