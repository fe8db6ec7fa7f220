package dev.jbgp.wire.capability;

import io.netty.buffer.ByteBuf;

/**
 * One capability from the Capabilities optional parameter of an OPEN (RFC 5492 §4): an immutable
 * typed value for the capabilities jbgp understands, {@link UnknownCapability} for every other code.
 *
 * <pre>
 * +------------------------------+
 * | Capability Code (1 octet)    |
 * +------------------------------+
 * | Capability Length (1 octet)  |
 * +------------------------------+
 * | Capability Value (variable)  |
 * ~                              ~
 * +------------------------------+
 * </pre>
 *
 * <p>Decoding is {@link Capabilities#decode(int, ByteBuf, int, int)}; the length rules each type
 * enforces are listed there. Values hold no {@code ByteBuf}.
 */
public sealed interface Capability
        permits Multiprotocol, RouteRefresh, EnhancedRouteRefresh, FourOctetAs, GracefulRestart, AddPath,
        ExtendedMessage, Fqdn, LongLivedGracefulRestart, Role, UnknownCapability {

    /** The capability code (IANA "Capability Codes", see {@code CapabilityCode}). */
    int code();

    /**
     * Writes code, length and value at the writer index of {@code out}; the caller keeps ownership
     * of {@code out}.
     */
    void encode(ByteBuf out);

    /** The number of octets {@link #encode} writes (2 + value length). */
    int encodedLength();
}
