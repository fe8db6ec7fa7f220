package dev.jbgp.fsm;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The content of a NOTIFICATION message (RFC 4271 §4.5) as the state machine sends or receives it:
 * error code, subcode and data. Immutable; the data array is copied in and out, no {@code ByteBuf}
 * is held. The code is kept as a number so that a received code jbgp does not know survives.
 */
public final class Notification {

    /** RFC 8203 / RFC 9003: at most 255 octets of UTF-8 in a shutdown communication. */
    public static final int MAX_SHUTDOWN_MESSAGE_OCTETS = 255;

    private static final byte[] NO_DATA = new byte[0];

    private final int code;
    private final int subcode;
    private final byte[] data;

    private Notification(int code, int subcode, byte[] data) {
        if (code < 0 || code > 255 || subcode < 0 || subcode > 255) {
            throw new IllegalArgumentException("code and subcode are octets: " + code + "/" + subcode);
        }
        this.code = code;
        this.subcode = subcode;
        this.data = data.length == 0 ? NO_DATA : data.clone();
    }

    /** A NOTIFICATION with the given code, subcode and data (copied). */
    public static Notification of(ErrorCode code, int subcode, byte[] data) {
        return new Notification(code.value(), subcode, data);
    }

    /** A NOTIFICATION with the given code and subcode and no data. */
    public static Notification of(ErrorCode code, int subcode) {
        return new Notification(code.value(), subcode, NO_DATA);
    }

    /** A NOTIFICATION as received, with wire values that may be unassigned. */
    public static Notification ofWire(int code, int subcode, byte[] data) {
        return new Notification(code, subcode, data);
    }

    /** The NOTIFICATION a decode failure maps to. */
    public static Notification of(BgpDecodeException e) {
        return new Notification(e.code().value(), e.subcode(), e.data());
    }

    /** Cease with the given subcode (RFC 4486) and no data. */
    public static Notification cease(int subcode) {
        return of(ErrorCode.CEASE, subcode);
    }

    /**
     * Cease / Administrative Shutdown with an optional shutdown communication (RFC 8203, length
     * octet then UTF-8, as updated by RFC 9003 to 255 octets). A longer message is cut at a
     * character boundary so that the NOTIFICATION stays valid.
     */
    public static Notification administrativeShutdown(Optional<String> message) {
        return of(ErrorCode.CEASE, Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN, shutdownData(message));
    }

    /** Cease / Administrative Reset with an optional shutdown communication (RFC 8203). */
    public static Notification administrativeReset(Optional<String> message) {
        return of(ErrorCode.CEASE, Subcodes.Cease.ADMINISTRATIVE_RESET, shutdownData(message));
    }

    private static byte[] shutdownData(Optional<String> message) {
        if (message.isEmpty() || message.get().isEmpty()) {
            return NO_DATA;
        }
        byte[] utf8 = message.get().getBytes(StandardCharsets.UTF_8);
        int length = Math.min(utf8.length, MAX_SHUTDOWN_MESSAGE_OCTETS);
        // Do not split a multi-octet character: back off over continuation octets (10xxxxxx).
        while (length < utf8.length && length > 0 && (utf8[length] & 0xC0) == 0x80) {
            length--;
        }
        byte[] data = new byte[length + 1];
        data[0] = (byte) length;
        System.arraycopy(utf8, 0, data, 1, length);
        return data;
    }

    /** The error code as a wire value. */
    public int code() {
        return code;
    }

    /** The error code, when it is one jbgp knows. */
    public Optional<ErrorCode> errorCode() {
        return Optional.ofNullable(ErrorCode.fromValue(code));
    }

    /** The subcode as a wire value. */
    public int subcode() {
        return subcode;
    }

    /** A copy of the data field. */
    public byte[] data() {
        return data.clone();
    }

    /**
     * The RFC 8203 shutdown communication carried by a Cease / Administrative Shutdown or Reset,
     * when the data field holds a well-formed one (length octet matching, valid UTF-8).
     */
    public Optional<String> shutdownMessage() {
        if (code != ErrorCode.CEASE.value()
                || (subcode != Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN && subcode != Subcodes.Cease.ADMINISTRATIVE_RESET)
                || data.length < 1) {
            return Optional.empty();
        }
        int length = data[0] & 0xFF;
        if (length == 0 || length != data.length - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, 1, length)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Whether this is the OPEN Message Error / Unsupported Version Number that makes Event 24. */
    public boolean isVersionError() {
        return code == ErrorCode.OPEN_MESSAGE_ERROR.value() && subcode == Subcodes.Open.UNSUPPORTED_VERSION_NUMBER;
    }

    /** A readable reason: names of code and subcode, and the shutdown communication if any. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        ErrorCode known = ErrorCode.fromValue(code);
        sb.append(known == null ? "code-" + code : known.name()).append('/').append(NotificationNames.subcode(code, subcode));
        shutdownMessage().ifPresent(m -> sb.append(" \"").append(m).append('"'));
        if (data.length > 0 && shutdownMessage().isEmpty()) {
            sb.append(" data=");
            for (int i = 0; i < Math.min(data.length, 32); i++) {
                sb.append(Character.forDigit((data[i] >> 4) & 0xF, 16)).append(Character.forDigit(data[i] & 0xF, 16));
            }
            if (data.length > 32) {
                sb.append("...");
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Notification n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
        return (code * 31 + subcode) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Notification{" + describe() + "}";
    }
}
