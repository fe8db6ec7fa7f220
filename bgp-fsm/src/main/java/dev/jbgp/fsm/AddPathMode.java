package dev.jbgp.fsm;

/** The Send/Receive field of an ADD-PATH capability entry (RFC 7911 §4). */
public enum AddPathMode {
    /** 1: willing to receive path identifiers. */
    RECEIVE(1),
    /** 2: willing to send path identifiers. */
    SEND(2),
    /** 3: both. */
    BOTH(3);

    private final int value;

    AddPathMode(int value) {
        this.value = value;
    }

    /** The wire value. */
    public int value() {
        return value;
    }

    /** Whether this side is able to receive path identifiers. */
    public boolean canReceive() {
        return this != SEND;
    }

    /** Whether this side is able to send path identifiers. */
    public boolean canSend() {
        return this != RECEIVE;
    }

    /** The mode for a wire value 1..3, or empty for anything else (which RFC 7911 says to ignore). */
    public static java.util.Optional<AddPathMode> fromValue(int value) {
        switch (value) {
            case 1: return java.util.Optional.of(RECEIVE);
            case 2: return java.util.Optional.of(SEND);
            case 3: return java.util.Optional.of(BOTH);
            default: return java.util.Optional.empty();
        }
    }
}
