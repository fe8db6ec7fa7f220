package dev.jbgp.wire.capability;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.CapabilityCode;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * Decoding of capabilities (RFC 5492 §4) from the value of a Capabilities optional parameter, read in
 * place with absolute getters: nothing here moves an index or releases a buffer.
 *
 * <p>Length rules. A capability whose length does not fit its type is "recognized but malformed",
 * which RFC 4271 §6.2 maps to OPEN Message Error with subcode 0 (Unspecific); FRR sends the same.
 * Where FRR accepts more than the RFC text asks, we follow FRR so that its peers and ours agree:
 * <table>
 *   <caption>accepted value lengths</caption>
 *   <tr><th>capability</th><th>length</th></tr>
 *   <tr><td>multiprotocol (1)</td><td>&ge; 4; octets past the 4th are ignored</td></tr>
 *   <tr><td>route refresh (2, 128), enhanced route refresh (70), extended message (6)</td>
 *       <td>any; the value carries nothing, padding is ignored</td></tr>
 *   <tr><td>outbound route filtering (3, 130; kept opaque)</td><td>&ge; 5</td></tr>
 *   <tr><td>extended next hop (5; kept opaque)</td><td>a non-zero multiple of 6</td></tr>
 *   <tr><td>role (9)</td><td>exactly 1</td></tr>
 *   <tr><td>graceful restart (64)</td><td>2 + a multiple of 4</td></tr>
 *   <tr><td>4-octet AS (65)</td><td>exactly 4</td></tr>
 *   <tr><td>ADD-PATH (69)</td><td>a non-zero multiple of 4</td></tr>
 *   <tr><td>long-lived graceful restart (71)</td><td>a multiple of 7</td></tr>
 *   <tr><td>FQDN (73)</td><td>the two length-prefixed names must fit; a missing domain is empty</td></tr>
 *   <tr><td>any other code</td><td>any, kept as bytes</td></tr>
 * </table>
 * A capability whose length runs past the end of its parameter, or a lone trailing octet that
 * cannot hold a capability header, is also OPEN Message Error / Unspecific.
 */
public final class Capabilities {

    private Capabilities() {
    }

    /** Outbound route filtering, RFC 5291; kept opaque but length-checked like FRR does. */
    static final int ORF = 3;
    /** Cisco's pre-standard ORF code. */
    static final int ORF_CISCO = 130;

    /**
     * Decodes every capability in {@code length} octets at {@code index} of {@code buf} (the value of
     * one Capabilities optional parameter). The caller keeps ownership of {@code buf}.
     *
     * @throws BgpDecodeException OPEN Message Error / Unspecific when a capability is malformed
     */
    public static List<Capability> decodeAll(ByteBuf buf, int index, int length) throws BgpDecodeException {
        List<Capability> out = new ArrayList<>(4);
        int end = index + length;
        int p = index;
        while (p < end) {
            if (end - p < 2) {
                throw malformed("capability header truncated: " + (end - p) + " octet left");
            }
            int code = buf.getUnsignedByte(p);
            int len = buf.getUnsignedByte(p + 1);
            if (p + 2 + len > end) {
                throw malformed(CapabilityCode.name(code) + " length " + len + " overruns its parameter by "
                        + (p + 2 + len - end));
            }
            out.add(decode(code, buf, p + 2, len));
            p += 2 + len;
        }
        return out;
    }

    /**
     * Decodes one capability with code {@code code} whose value is the {@code length} octets at
     * {@code index}. The caller keeps ownership of {@code buf}.
     *
     * @throws BgpDecodeException OPEN Message Error / Unspecific when the length does not fit the code
     */
    public static Capability decode(int code, ByteBuf buf, int index, int length) throws BgpDecodeException {
        switch (code) {
            case CapabilityCode.MULTIPROTOCOL:
                return Multiprotocol.decodeValue(buf, index, length);
            case CapabilityCode.ROUTE_REFRESH:
                return RouteRefresh.STANDARD;
            case CapabilityCode.ROUTE_REFRESH_CISCO:
                return RouteRefresh.CISCO;
            case CapabilityCode.ENHANCED_ROUTE_REFRESH:
                return EnhancedRouteRefresh.INSTANCE;
            case CapabilityCode.EXTENDED_MESSAGE:
                return ExtendedMessage.INSTANCE;
            case CapabilityCode.FOUR_OCTET_AS:
                return FourOctetAs.decodeValue(buf, index, length);
            case CapabilityCode.GRACEFUL_RESTART:
                return GracefulRestart.decodeValue(buf, index, length);
            case CapabilityCode.ADD_PATH:
                return AddPath.decodeValue(buf, index, length);
            case CapabilityCode.LONG_LIVED_GRACEFUL_RESTART:
                return LongLivedGracefulRestart.decodeValue(buf, index, length);
            case CapabilityCode.FQDN:
                return Fqdn.decodeValue(buf, index, length);
            case CapabilityCode.ROLE:
                return Role.decodeValue(buf, index, length);
            case ORF:
            case ORF_CISCO:
                if (length < 5) {
                    throw malformed("outbound route filtering capability shorter than 5 octets: " + length);
                }
                return UnknownCapability.copyOf(code, buf, index, length);
            case CapabilityCode.EXTENDED_NEXT_HOP:
                if (length == 0 || length % 6 != 0) {
                    throw malformed("extended next hop capability length not a multiple of 6: " + length);
                }
                return UnknownCapability.copyOf(code, buf, index, length);
            default:
                return UnknownCapability.copyOf(code, buf, index, length);
        }
    }

    /** OPEN Message Error / Unspecific: RFC 4271 §6.2 for a recognized but malformed optional parameter. */
    static BgpDecodeException malformed(String message) {
        return BgpDecodeException.sessionReset(ErrorCode.OPEN_MESSAGE_ERROR, Subcodes.UNSPECIFIC, null, message);
    }
}
