package dev.jbgp.wire.message;

import dev.jbgp.wire.BgpFrameDecoder;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.capability.Capability;
import dev.jbgp.wire.capability.FourOctetAs;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The OPEN message (RFC 4271 §4.2), with optional parameters in the RFC 4271 form or the RFC 9072
 * extended form. An immutable value: decoding copies the few fields out of the buffer.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+
 * |    Version    |                               offset 19
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     My Autonomous System      |               offset 20
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Hold Time           |               offset 22
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         BGP Identifier                        | offset 24
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Opt Parm Len  |                               offset 28
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Optional Parameters (variable)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * RFC 9072 extended form: Opt Parm Len = 255, then
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Non-Ext OP Type = 255 |  Extended Opt. Parm. Length (2)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * then parameters with a 1-octet type and a 2-octet length.
 * </pre>
 *
 * <p>{@link #decode} applies the checks that need nothing but the message: version 4, hold time not
 * 1 or 2, BGP Identifier not 0 (RFC 6286 §2.2), AS not 0 (RFC 7607), well-formed parameters. Checks
 * against configuration (peer AS, identifier equal to ours, local minimum hold time) belong to the FSM.
 *
 * @param version            the BGP version (4)
 * @param myAs               the 2-octet My Autonomous System field (AS_TRANS when the real AS needs 4 octets)
 * @param holdTime           seconds, 0 or 3..65535
 * @param bgpIdentifier      the BGP Identifier as an unsigned 32-bit number held in an int
 * @param optionalParameters the Capabilities parameters, in wire order
 */
public record OpenMessage(int version, int myAs, int holdTime, int bgpIdentifier,
                          List<CapabilityParameter> optionalParameters) {

    /** The only version jbgp speaks. */
    public static final int BGP_VERSION = 4;
    /** The 2-octet stand-in for a 4-octet AS (RFC 6793 §9). */
    public static final int AS_TRANS = 23456;

    private static final int VERSION_OFFSET = 19;
    private static final int MY_AS_OFFSET = 20;
    private static final int HOLD_TIME_OFFSET = 22;
    private static final int BGP_IDENTIFIER_OFFSET = 24;
    private static final int OPT_PARM_LEN_OFFSET = 28;
    private static final int PARAMETERS_OFFSET = 29;
    /** RFC 9072 §2: this Opt Parm Len followed by this parameter type announces the extended form. */
    private static final int EXTENDED_MARKER = 255;

    public OpenMessage {
        checkRange("version", version, 0xFF);
        checkRange("myAs", myAs, 0xFFFF);
        checkRange("holdTime", holdTime, 0xFFFF);
        optionalParameters = List.copyOf(Objects.requireNonNull(optionalParameters, "optionalParameters"));
    }

    /**
     * A version-4 OPEN for {@code localAs} with all capabilities in one parameter. My AS is AS_TRANS when
     * {@code localAs} does not fit 2 octets; the caller includes the {@link FourOctetAs} capability.
     */
    public static OpenMessage create(long localAs, int holdTime, int bgpIdentifier, List<Capability> capabilities) {
        if (localAs < 0 || localAs > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("AS number out of range: " + localAs);
        }
        int myAs = localAs > 0xFFFF ? AS_TRANS : (int) localAs;
        List<CapabilityParameter> params = capabilities.isEmpty()
                ? List.of() : List.of(new CapabilityParameter(capabilities));
        return new OpenMessage(BGP_VERSION, myAs, holdTime, bgpIdentifier, params);
    }

    /** Every capability of every parameter, in wire order. */
    public List<Capability> capabilities() {
        List<Capability> all = new ArrayList<>();
        for (CapabilityParameter p : optionalParameters) {
            all.addAll(p.capabilities());
        }
        return List.copyOf(all);
    }

    /** The first capability of this type, if the peer sent one. */
    public <T extends Capability> Optional<T> capability(Class<T> type) {
        for (CapabilityParameter p : optionalParameters) {
            for (Capability c : p.capabilities()) {
                if (type.isInstance(c)) {
                    return Optional.of(type.cast(c));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The sender's AS: the value of its 4-octet AS capability when it sent one (RFC 6793 §4.1),
     * otherwise the My AS field.
     */
    public long effectiveAs() {
        return capability(FourOctetAs.class).map(FourOctetAs::asNumber).orElse((long) myAs);
    }

    /** The BGP Identifier in dotted-quad form. */
    public String bgpIdentifierText() {
        return (bgpIdentifier >>> 24) + "." + ((bgpIdentifier >>> 16) & 0xFF) + "."
                + ((bgpIdentifier >>> 8) & 0xFF) + "." + (bgpIdentifier & 0xFF);
    }

    /**
     * Decodes the OPEN whose readable bytes are {@code message} (header included), as framed by
     * {@link BgpFrameDecoder}. Reads in place; the indexes do not move and the caller keeps
     * ownership of (and releases) {@code message}.
     *
     * @throws BgpDecodeException a session-reset error: Message Header Error for a bad header;
     *         OPEN Message Error with subcode Unsupported Version Number (data: 2-octet version 4),
     *         Bad Peer AS (AS 0), Unacceptable Hold Time (1 or 2), Bad BGP Identifier (0),
     *         Unsupported Optional Parameter (a type other than 2), or Unspecific (lengths that do not add up,
     *         malformed capabilities; RFC 4271 §6.2)
     */
    public static OpenMessage decode(ByteBuf message) throws BgpDecodeException {
        int length = BgpFrameDecoder.checkFramed(message, MessageType.OPEN, false);
        int start = message.readerIndex();
        int end = start + length;
        int version = message.getUnsignedByte(start + VERSION_OFFSET);
        if (version != BGP_VERSION) {
            // RFC 4271 §6.2: the data is the largest locally supported version below the peer's bid
            // or, when the bid is lower, our smallest one; with only version 4 both are 4.
            throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.UNSUPPORTED_VERSION_NUMBER,
                    new byte[] {0, BGP_VERSION}, "unsupported BGP version " + version);
        }
        int myAs = message.getUnsignedShort(start + MY_AS_OFFSET);
        int holdTime = message.getUnsignedShort(start + HOLD_TIME_OFFSET);
        int bgpIdentifier = message.getInt(start + BGP_IDENTIFIER_OFFSET);
        if (holdTime == 1 || holdTime == 2) {
            throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.UNACCEPTABLE_HOLD_TIME,
                    null, "hold time " + holdTime + " (must be 0 or at least 3)");
        }
        if (bgpIdentifier == 0) {
            throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.BAD_BGP_IDENTIFIER,
                    null, "BGP Identifier is 0");
        }
        int optParmLen = message.getUnsignedByte(start + OPT_PARM_LEN_OFFSET);
        int p = start + PARAMETERS_OFFSET;
        List<CapabilityParameter> params;
        if (optParmLen == EXTENDED_MARKER && p < end && message.getUnsignedByte(p) == EXTENDED_MARKER) {
            if (end - p < 3) {
                throw OptionalParameters.malformed("RFC 9072 extended optional parameters length truncated");
            }
            int extLength = message.getUnsignedShort(p + 1);
            p += 3;
            if (p + extLength != end) {
                throw OptionalParameters.malformed("extended optional parameters length " + extLength
                        + " but " + (end - p) + " octets follow");
            }
            params = OptionalParameters.decode(message, p, extLength, true);
        } else {
            if (p + optParmLen != end) {
                throw OptionalParameters.malformed("optional parameters length " + optParmLen
                        + " but " + (end - p) + " octets follow");
            }
            params = OptionalParameters.decode(message, p, optParmLen, false);
        }
        OpenMessage open = new OpenMessage(version, myAs, holdTime, bgpIdentifier, params);
        if (myAs == 0 || open.effectiveAs() == 0) {
            throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.Open.BAD_PEER_AS,
                    null, "AS 0 in OPEN (RFC 7607)");
        }
        return open;
    }

    /**
     * Finds the 4-octet AS capability of an OPEN without validating it, for naming the peer in logs
     * when {@link #decode} rejects the message. Never throws. Indexes and ownership unchanged.
     */
    public static OptionalLong peekFourOctetAs(ByteBuf message) {
        int start = message.readerIndex();
        int end = message.writerIndex();
        if (end - start <= PARAMETERS_OFFSET) {
            return OptionalLong.empty();
        }
        int optParmLen = message.getUnsignedByte(start + OPT_PARM_LEN_OFFSET);
        int p = start + PARAMETERS_OFFSET;
        if (optParmLen == EXTENDED_MARKER && message.getUnsignedByte(p) == EXTENDED_MARKER) {
            if (end - p < 3) {
                return OptionalLong.empty();
            }
            return OptionalParameters.peekFourOctetAs(message, p + 3, message.getUnsignedShort(p + 1), true);
        }
        return OptionalParameters.peekFourOctetAs(message, p, optParmLen, false);
    }

    /** Whether {@link #encode} uses the RFC 9072 form: only when the parameters do not fit the RFC 4271 one. */
    public boolean usesExtendedParameters() {
        return OptionalParameters.needsExtendedForm(optionalParameters);
    }

    /** Octets {@link #encode} writes. */
    public int encodedLength() {
        boolean ext = usesExtendedParameters();
        return PARAMETERS_OFFSET + (ext ? 3 : 0) + OptionalParameters.fieldLength(optionalParameters, ext);
    }

    /**
     * Writes the whole message (header included) at the writer index of {@code out}; the caller keeps
     * ownership of {@code out}.
     *
     * @throws IllegalStateException when the message would exceed 4096 octets, the limit for an OPEN
     *                               even with extended messages (RFC 8654 §4)
     */
    public void encode(ByteBuf out) {
        boolean ext = usesExtendedParameters();
        int fieldLength = OptionalParameters.fieldLength(optionalParameters, ext);
        if (encodedLength() > CodecContext.STANDARD_MAX_LENGTH) {
            throw new IllegalStateException("OPEN longer than 4096 octets: " + encodedLength());
        }
        int start = MessageHeader.writeHeader(out, MessageType.OPEN);
        out.writeByte(version);
        out.writeShort(myAs);
        out.writeShort(holdTime);
        out.writeInt(bgpIdentifier);
        if (ext) {
            out.writeByte(EXTENDED_MARKER);
            out.writeByte(EXTENDED_MARKER);
            out.writeShort(fieldLength);
        } else {
            out.writeByte(fieldLength);
        }
        OptionalParameters.encode(out, optionalParameters, ext);
        MessageHeader.patchLength(out, start);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("OPEN{version=").append(version).append(", as=").append(myAs);
        long effective = effectiveAs();
        if (effective != myAs) {
            sb.append(" (4-octet ").append(effective).append(')');
        }
        sb.append(", hold=").append(holdTime).append("s, id=").append(bgpIdentifierText());
        if (optionalParameters.size() == 1) {
            sb.append(", ").append(optionalParameters.get(0).capabilities());
        } else if (!optionalParameters.isEmpty()) {
            sb.append(", params=").append(optionalParameters);
        }
        return sb.append('}').toString();
    }

    private static void checkRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " out of range 0.." + max + ": " + value);
        }
    }
}
