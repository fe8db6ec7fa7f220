package dev.jbgp.wire.message;

import dev.jbgp.wire.BgpFrameDecoder;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The NOTIFICATION message (RFC 4271 §4.5): error code, subcode and data. Codes and subcodes are kept
 * as numbers so unassigned ones survive; {@link #describe(int, int)} names them for logs.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Error code    | Error subcode |   Data (variable)             |   offset 19, 20, 21
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>For Cease / Administrative Shutdown and Cease / Administrative Reset the data may be a shutdown
 * communication (RFC 9003 §2, which obsoletes RFC 8203): a 1-octet length and that many octets of
 * UTF-8. It is read leniently ({@link #shutdownCommunication()}): data that is not a well-formed
 * communication stays available as raw {@link #data()} and is never an error. For Cease / Hard Reset
 * (RFC 8538 §3) the data is the code, subcode and data of the underlying NOTIFICATION.
 *
 * <p>An immutable value holding a private copy of the data; nothing here holds a {@code ByteBuf}.
 */
public final class NotificationMessage {

    private static final int CODE_OFFSET = 19;
    private static final int SUBCODE_OFFSET = 20;
    private static final int DATA_OFFSET = 21;
    /** RFC 9003 §2: the communication is at most 255 octets of UTF-8. */
    public static final int MAX_SHUTDOWN_COMMUNICATION = 255;
    private static final byte[] NO_DATA = new byte[0];

    private final int code;
    private final int subcode;
    private final byte[] data;

    private NotificationMessage(int code, int subcode, byte[] data) {
        if (code < 0 || code > 255 || subcode < 0 || subcode > 255) {
            throw new IllegalArgumentException("code and subcode must be 0..255: " + code + "/" + subcode);
        }
        if (data.length > 0xFFFF - DATA_OFFSET) {
            throw new IllegalArgumentException("data too long: " + data.length);
        }
        this.code = code;
        this.subcode = subcode;
        this.data = data;
    }

    /** A NOTIFICATION with these numbers and a copy of {@code data}. */
    public static NotificationMessage of(int code, int subcode, byte[] data) {
        return new NotificationMessage(code, subcode, data.length == 0 ? NO_DATA : data.clone());
    }

    /** A NOTIFICATION with no data. */
    public static NotificationMessage of(ErrorCode code, int subcode) {
        return new NotificationMessage(code.value(), subcode, NO_DATA);
    }

    /** A NOTIFICATION with a copy of {@code data}. */
    public static NotificationMessage of(ErrorCode code, int subcode, byte[] data) {
        return of(code.value(), subcode, data);
    }

    /** The NOTIFICATION a decode error maps to (RFC 4271 §6): its code, subcode and data. */
    public static NotificationMessage from(BgpDecodeException error) {
        return new NotificationMessage(error.code().value(), error.subcode(), error.data());
    }

    /**
     * A Cease with a shutdown communication (RFC 9003 §2).
     *
     * @param ceaseSubcode  {@link Subcodes.Cease#ADMINISTRATIVE_SHUTDOWN} or {@link Subcodes.Cease#ADMINISTRATIVE_RESET}
     * @param communication the operator's message; empty for none
     * @throws IllegalArgumentException for another subcode or a message over 255 octets of UTF-8
     */
    public static NotificationMessage cease(int ceaseSubcode, String communication) {
        if (ceaseSubcode != Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN && ceaseSubcode != Subcodes.Cease.ADMINISTRATIVE_RESET) {
            throw new IllegalArgumentException("a shutdown communication goes with Cease subcode 2 or 4, not " + ceaseSubcode);
        }
        byte[] text = communication.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_SHUTDOWN_COMMUNICATION) {
            throw new IllegalArgumentException("shutdown communication longer than 255 octets: " + text.length);
        }
        byte[] data = new byte[1 + text.length];
        data[0] = (byte) text.length;
        System.arraycopy(text, 0, data, 1, text.length);
        return new NotificationMessage(ErrorCode.CEASE.value(), ceaseSubcode, data);
    }

    /** A Cease / Hard Reset (RFC 8538 §3) wrapping the NOTIFICATION that caused it. */
    public static NotificationMessage hardReset(NotificationMessage cause) {
        byte[] data = new byte[2 + cause.data.length];
        data[0] = (byte) cause.code;
        data[1] = (byte) cause.subcode;
        System.arraycopy(cause.data, 0, data, 2, cause.data.length);
        return new NotificationMessage(ErrorCode.CEASE.value(), Subcodes.Cease.HARD_RESET, data);
    }

    /**
     * Decodes the NOTIFICATION whose readable bytes are {@code message} (header included). Every code,
     * subcode and data is accepted. Reads in place (copying the data); indexes do not move and the
     * caller keeps ownership of (and releases) {@code message}.
     *
     * @throws BgpDecodeException Message Header Error when the header is bad or shorter than 21 octets
     */
    public static NotificationMessage decode(ByteBuf message) throws BgpDecodeException {
        int length = BgpFrameDecoder.checkFramed(message, MessageType.NOTIFICATION, false);
        int start = message.readerIndex();
        byte[] data = length == DATA_OFFSET ? NO_DATA : new byte[length - DATA_OFFSET];
        message.getBytes(start + DATA_OFFSET, data);
        return new NotificationMessage(message.getUnsignedByte(start + CODE_OFFSET),
                message.getUnsignedByte(start + SUBCODE_OFFSET), data);
    }

    /** The error code as sent. */
    public int code() {
        return code;
    }

    /** The error subcode as sent. */
    public int subcode() {
        return subcode;
    }

    /** The error code, when it is an assigned one. */
    public Optional<ErrorCode> errorCode() {
        return Optional.ofNullable(ErrorCode.fromValue(code));
    }

    /** A copy of the data field. */
    public byte[] data() {
        return data.clone();
    }

    /**
     * The RFC 9003 shutdown communication of a Cease / Administrative Shutdown or Reset: present when the
     * data is a length octet followed by at least that many octets of valid UTF-8 (octets after it are
     * ignored); empty otherwise, including for a zero-length communication.
     */
    public Optional<String> shutdownCommunication() {
        if (code != ErrorCode.CEASE.value() || data.length == 0
                || (subcode != Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN && subcode != Subcodes.Cease.ADMINISTRATIVE_RESET)) {
            return Optional.empty();
        }
        int length = data[0] & 0xFF;
        if (length == 0 || 1 + length > data.length) {
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

    /** The code/subcode pair in words, e.g. {@code "Cease / Administrative Shutdown"}. */
    public String describe() {
        String text = describe(code, subcode);
        if (code == ErrorCode.CEASE.value() && subcode == Subcodes.Cease.HARD_RESET && data.length >= 2) {
            text += " (" + describe(data[0] & 0xFF, data[1] & 0xFF) + ")";
        }
        return text;
    }

    /**
     * Names an error code and subcode for logs, e.g. {@code "Cease / Administrative Shutdown"} or
     * {@code "Hold Timer Expired"}; unassigned numbers are shown as numbers.
     */
    public static String describe(int code, int subcode) {
        String codeName = codeName(code);
        String subName = subcodeName(code, subcode);
        return subName.isEmpty() ? codeName : codeName + " / " + subName;
    }

    /** The IANA name of an error code, or {@code "Error code N"}. */
    public static String codeName(int code) {
        switch (code) {
            case 1: return "Message Header Error";
            case 2: return "OPEN Message Error";
            case 3: return "UPDATE Message Error";
            case 4: return "Hold Timer Expired";
            case 5: return "Finite State Machine Error";
            case 6: return "Cease";
            case 7: return "ROUTE-REFRESH Message Error";
            case 8: return "Send Hold Timer Expired";
            default: return "Error code " + code;
        }
    }

    /**
     * The IANA name of a subcode of {@code code}; empty for subcode 0 of a code that has no subcodes;
     * {@code "subcode N"} when unassigned.
     */
    public static String subcodeName(int code, int subcode) {
        String name = null;
        switch (code) {
            case 1:
                name = pick(subcode, "Unspecific", "Connection Not Synchronized", "Bad Message Length", "Bad Message Type");
                break;
            case 2:
                name = pick(subcode, "Unspecific", "Unsupported Version Number", "Bad Peer AS", "Bad BGP Identifier",
                        "Unsupported Optional Parameter", "Authentication Failure (deprecated)", "Unacceptable Hold Time",
                        "Unsupported Capability", "Deprecated", "Deprecated", "Deprecated", "Role Mismatch");
                break;
            case 3:
                name = pick(subcode, "Unspecific", "Malformed Attribute List", "Unrecognized Well-known Attribute",
                        "Missing Well-known Attribute", "Attribute Flags Error", "Attribute Length Error",
                        "Invalid ORIGIN Attribute", "AS Routing Loop (deprecated)", "Invalid NEXT_HOP Attribute",
                        "Optional Attribute Error", "Invalid Network Field", "Malformed AS_PATH");
                break;
            case 5:
                name = pick(subcode, "Unspecified Error", "Receive Unexpected Message in OpenSent State",
                        "Receive Unexpected Message in OpenConfirm State", "Receive Unexpected Message in Established State");
                break;
            case 6:
                name = pick(subcode, "", "Maximum Number of Prefixes Reached", "Administrative Shutdown",
                        "Peer De-configured", "Administrative Reset", "Connection Rejected", "Other Configuration Change",
                        "Connection Collision Resolution", "Out of Resources", "Hard Reset", "BFD Down");
                break;
            case 7:
                name = pick(subcode, "Reserved", "Invalid Message Length");
                break;
            case 4:
            case 8:
                name = subcode == 0 ? "" : null;
                break;
            default:
                break;
        }
        if (name == null) {
            return "subcode " + subcode;
        }
        return name;
    }

    private static String pick(int index, String... names) {
        return index < names.length ? names[index] : null;
    }

    /** Octets {@link #encode} writes. */
    public int encodedLength() {
        return DATA_OFFSET + data.length;
    }

    /**
     * Writes the whole message (header included) at the writer index of {@code out}; the caller keeps
     * ownership of {@code out}.
     */
    public void encode(ByteBuf out) {
        int start = MessageHeader.writeHeader(out, MessageType.NOTIFICATION);
        out.writeByte(code);
        out.writeByte(subcode);
        out.writeBytes(data);
        MessageHeader.patchLength(out, start);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationMessage n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, subcode) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NOTIFICATION{").append(describe())
                .append(" (").append(code).append('/').append(subcode).append(')');
        Optional<String> communication = shutdownCommunication();
        if (communication.isPresent()) {
            sb.append(", communication=\"").append(communication.get()).append('"');
        } else if (data.length > 0) {
            sb.append(", data=").append(HexFormat.of().formatHex(data, 0, Math.min(data.length, 64)))
                    .append(data.length > 64 ? "..." : "");
        }
        return sb.append('}').toString();
    }
}
