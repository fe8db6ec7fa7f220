package dev.jbgp.wire.message;

import dev.jbgp.wire.capability.Capabilities;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The Optional Parameters field of an OPEN, in the RFC 4271 §4.2 form (1-octet parameter lengths) or
 * the RFC 9072 extended form (2-octet parameter lengths). Only Capabilities (type 2, RFC 5492) is
 * supported; every other type is OPEN Message Error / Unsupported Optional Parameter (RFC 4271 §6.2).
 * Reads in place with absolute getters; never moves an index or releases a buffer.
 */
public final class OptionalParameters {

    private OptionalParameters() {
    }

    /**
     * Decodes the {@code length} octets at {@code index} of {@code buf} as a sequence of optional
     * parameters. The caller keeps ownership of {@code buf}.
     *
     * @param extendedLengths whether parameter lengths are 2 octets (RFC 9072)
     * @throws BgpDecodeException OPEN Message Error / Unspecific when a parameter or capability does not
     *                            fit; OPEN Message Error / Unsupported Optional Parameter for a type other than 2
     */
    public static List<CapabilityParameter> decode(ByteBuf buf, int index, int length, boolean extendedLengths)
            throws BgpDecodeException {
        List<CapabilityParameter> out = new ArrayList<>(2);
        int headerLength = extendedLengths ? 3 : 2;
        int end = index + length;
        int p = index;
        while (p < end) {
            if (end - p < headerLength) {
                throw malformed("optional parameter header truncated: " + (end - p) + " octet(s) left");
            }
            int type = buf.getUnsignedByte(p);
            int len = extendedLengths ? buf.getUnsignedShort(p + 1) : buf.getUnsignedByte(p + 1);
            int value = p + headerLength;
            if (value + len > end) {
                throw malformed("optional parameter " + type + " length " + len + " overruns the field");
            }
            if (type != CapabilityParameter.TYPE) {
                throw BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR,
                        Subcodes.Open.UNSUPPORTED_OPTIONAL_PARAMETER, null, "unsupported optional parameter type " + type);
            }
            out.add(new CapabilityParameter(Capabilities.decodeAll(buf, value, len)));
            p = value + len;
        }
        return out;
    }

    /**
     * Looks for a well-formed 4-octet AS capability without validating anything else, the way a
     * speaker finds the peer's real AS to name it in logs even when the OPEN is rejected later.
     * Never throws for malformed input: a scan that runs off the field stops there.
     * The caller keeps ownership of {@code buf}.
     *
     * @return the AS number of the first 4-octet AS capability found before the scan stopped
     */
    public static OptionalLong peekFourOctetAs(ByteBuf buf, int index, int length, boolean extendedLengths) {
        int headerLength = extendedLengths ? 3 : 2;
        int end = Math.min(index + length, buf.writerIndex());
        int p = index;
        while (end - p >= headerLength) {
            int type = buf.getUnsignedByte(p);
            int len = extendedLengths ? buf.getUnsignedShort(p + 1) : buf.getUnsignedByte(p + 1);
            int value = p + headerLength;
            if (value + len > end) {
                return OptionalLong.empty();
            }
            if (type == CapabilityParameter.TYPE) {
                int c = value;
                int capEnd = value + len;
                while (capEnd - c >= 2) {
                    int code = buf.getUnsignedByte(c);
                    int capLen = buf.getUnsignedByte(c + 1);
                    if (c + 2 + capLen > capEnd) {
                        break;
                    }
                    if (code == CapabilityCode.FOUR_OCTET_AS && capLen == 4) {
                        return OptionalLong.of(buf.getUnsignedInt(c + 2));
                    }
                    c += 2 + capLen;
                }
            }
            p = value + len;
        }
        return OptionalLong.empty();
    }

    /** The octets {@code parameters} take in the field, with 1- or 2-octet parameter lengths. */
    static int fieldLength(List<CapabilityParameter> parameters, boolean extendedLengths) {
        int n = 0;
        for (CapabilityParameter p : parameters) {
            n += (extendedLengths ? 3 : 2) + p.valueLength();
        }
        return n;
    }

    /** Whether the RFC 4271 form cannot hold {@code parameters} (a value or the field over 255 octets). */
    static boolean needsExtendedForm(List<CapabilityParameter> parameters) {
        for (CapabilityParameter p : parameters) {
            if (p.valueLength() > 255) {
                return true;
            }
        }
        return fieldLength(parameters, false) > 255;
    }

    /** Writes the parameters; the caller keeps ownership of {@code out}. */
    static void encode(ByteBuf out, List<CapabilityParameter> parameters, boolean extendedLengths) {
        for (CapabilityParameter p : parameters) {
            out.writeByte(CapabilityParameter.TYPE);
            int len = p.valueLength();
            if (extendedLengths) {
                out.writeShort(len);
            } else {
                out.writeByte(len);
            }
            for (var c : p.capabilities()) {
                c.encode(out);
            }
        }
    }

    static BgpDecodeException malformed(String message) {
        return BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.UNSPECIFIC, null, message);
    }
}
