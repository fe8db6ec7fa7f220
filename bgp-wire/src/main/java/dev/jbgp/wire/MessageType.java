package dev.jbgp.wire;

/**
 * BGP message types (RFC 4271 §4.1, RFC 2918 §3). Unlike attribute types this space is closed for a
 * receiver: an unknown type is a Message Header Error (Bad Message Type).
 */
public enum MessageType {
    OPEN(1),
    UPDATE(2),
    NOTIFICATION(3),
    KEEPALIVE(4),
    ROUTE_REFRESH(5);

    private static final MessageType[] BY_VALUE = {null, OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE_REFRESH};

    private final int value;

    MessageType(int value) {
        this.value = value;
    }

    /** The type octet as sent on the wire. */
    public int value() {
        return value;
    }

    /** The type with this wire value, or {@code null} for an unknown type. */
    public static MessageType fromValue(int value) {
        return value > 0 && value < BY_VALUE.length ? BY_VALUE[value] : null;
    }
}
