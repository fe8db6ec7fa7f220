package dev.jbgp.wire.error;

/**
 * NOTIFICATION error codes (RFC 4271 §4.5, RFC 7313 §5, RFC 9687 §3), from the IANA registry
 * <a href="https://www.iana.org/assignments/bgp-parameters/bgp-parameters.xhtml#bgp-parameters-3">
 * BGP Error (Notification) Codes</a>. A code received on the wire that is not listed here is kept as
 * a number by {@code NotificationMessage}.
 */
public enum ErrorCode {
    MESSAGE_HEADER_ERROR(1),
    OPEN_MESSAGE_ERROR(2),
    UPDATE_MESSAGE_ERROR(3),
    HOLD_TIMER_EXPIRED(4),
    FINITE_STATE_MACHINE_ERROR(5),
    CEASE(6),
    ROUTE_REFRESH_MESSAGE_ERROR(7),
    SEND_HOLD_TIMER_EXPIRED(8);

    private static final ErrorCode[] BY_VALUE = new ErrorCode[9];

    static {
        for (ErrorCode c : values()) {
            BY_VALUE[c.value] = c;
        }
    }

    private final int value;

    ErrorCode(int value) {
        this.value = value;
    }

    /** The code as sent on the wire. */
    public int value() {
        return value;
    }

    /** The code with this wire value, or {@code null} when it is not assigned. */
    public static ErrorCode fromValue(int value) {
        return value > 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
}
