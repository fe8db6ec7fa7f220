package dev.jbgp.wire.error;

import java.util.Arrays;
import java.util.Objects;

/**
 * The only exception the wire codecs throw for bad input. It is shaped like the NOTIFICATION it maps
 * to (code, subcode, data — RFC 4271 §4.5 and §6) and carries the RFC 7606 {@link ErrorAction} a
 * receiver should take: for {@link ErrorAction#SESSION_RESET} the NOTIFICATION is sent and the
 * session closed; for the milder actions it is informational and the session stays up.
 *
 * <p>The exception has no stack trace: malformed input from a peer is data, not a programming error,
 * and it may be raised on the hot path. The {@code data} array is a private copy; nothing here holds a
 * {@code ByteBuf}.
 */
public final class BgpDecodeException extends Exception {

    private static final long serialVersionUID = 1L;
    private static final byte[] NO_DATA = new byte[0];

    private final ErrorCode code;
    private final int subcode;
    private final byte[] data;
    private final ErrorAction action;

    private BgpDecodeException(ErrorCode code, int subcode, byte[] data, ErrorAction action, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.subcode = subcode;
        this.data = data == null ? NO_DATA : data.clone();
        this.action = Objects.requireNonNull(action, "action");
    }

    /** An error that resets the session with NOTIFICATION {@code code}/{@code subcode}/{@code data}. */
    public static BgpDecodeException sessionReset(ErrorCode code, int subcode, byte[] data, String message) {
        return new BgpDecodeException(code, subcode, data, ErrorAction.SESSION_RESET, message);
    }

    /** An UPDATE error handled by treat-as-withdraw (RFC 7606 §2); the NOTIFICATION is what RFC 4271 would have sent. */
    public static BgpDecodeException treatAsWithdraw(int updateSubcode, byte[] data, String message) {
        return new BgpDecodeException(ErrorCode.UPDATE_MESSAGE_ERROR, updateSubcode, data,
                ErrorAction.TREAT_AS_WITHDRAW, message);
    }

    /** An UPDATE error handled by attribute discard (RFC 7606 §2). */
    public static BgpDecodeException attributeDiscard(int updateSubcode, byte[] data, String message) {
        return new BgpDecodeException(ErrorCode.UPDATE_MESSAGE_ERROR, updateSubcode, data,
                ErrorAction.ATTRIBUTE_DISCARD, message);
    }

    /** The same error with a stronger or equal action (used when an outer rule escalates, e.g. MP_REACH errors). */
    public BgpDecodeException withAction(ErrorAction newAction) {
        if (newAction == action) {
            return this;
        }
        return new BgpDecodeException(code, subcode, data, newAction, getMessage());
    }

    /** The NOTIFICATION error code. */
    public ErrorCode code() {
        return code;
    }

    /** The NOTIFICATION error subcode (see {@link Subcodes}). */
    public int subcode() {
        return subcode;
    }

    /** A copy of the NOTIFICATION data field. */
    public byte[] data() {
        return data.clone();
    }

    /** What the receiver should do (RFC 7606). */
    public ErrorAction action() {
        return action;
    }

    @Override
    public String toString() {
        return "BgpDecodeException{" + code + "/" + subcode + ", " + action
                + (data.length > 0 ? ", data=" + hex(data) : "") + ": " + getMessage() + "}";
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : Arrays.copyOf(bytes, Math.min(bytes.length, 64))) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return bytes.length > 64 ? sb + "..." : sb.toString();
    }
}
