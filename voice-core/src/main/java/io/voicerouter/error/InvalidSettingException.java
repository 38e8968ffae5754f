package io.voicerouter.error;

/** A provider setting with the wrong type or outside its documented range. */
public class InvalidSettingException extends VoiceException {
    private final String setting;

    public InvalidSettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
