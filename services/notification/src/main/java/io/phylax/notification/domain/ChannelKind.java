package io.phylax.notification.domain;

/** The kind of channel the vault named for a subject: the only thing about the contact that is ever stored. */
public enum ChannelKind {
    EMAIL("email"),
    /** No usable channel, or the patient opted out. */
    NONE("none"),
    /** A channel this service cannot send on (the vault knows more kinds than this service does). */
    UNSUPPORTED("unsupported");

    private final String code;

    ChannelKind(String code) {
        this.code = code;
    }

    /** The code in the vault's answer, in the delivery table and on the outcomes topic. */
    public String code() {
        return code;
    }

    /** The kind for the vault's {@code channel} value; anything unknown is {@link #UNSUPPORTED}. */
    public static ChannelKind fromVault(String channel) {
        for (ChannelKind kind : values()) {
            if (kind.code.equals(channel) && kind != UNSUPPORTED) {
                return kind;
            }
        }
        return UNSUPPORTED;
    }
}
