package dev.jbgp.wire.mrt;

import dev.jbgp.wire.iana.Afi;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Field readers shared by the record parsers. Callers have checked the bounds. */
final class MrtFields {

    private MrtFields() {
    }

    /** Octets of an address of {@code afi}, or -1 for an AFI MRT does not define addresses for. */
    static int addressLength(int afi) {
        return afi == Afi.IPV4 ? 4 : afi == Afi.IPV6 ? 16 : -1;
    }

    /**
     * The address at {@code index}, 4 or 16 octets. An IPv6 address stays an {@link Inet6Address}
     * even when IPv4-mapped, so it prints as it was written.
     */
    static InetAddress address(ByteBuf buf, int index, int length) {
        byte[] bytes = new byte[length];
        buf.getBytes(index, bytes);
        try {
            return length == 4 ? Inet4Address.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("address of " + length + " octets", e); // lengths are 4 or 16 by construction
        }
    }

    /**
     * The prefix of {@code bits} whose leading octets start at {@code index} (as many as the length
     * needs, RFC 4271 §4.3). Bits past the length are irrelevant by that section and are cleared, as
     * bgpdump and the BGP speakers do, so a sloppy dump never yields an invalid {@link Prefix}.
     */
    static Prefix prefix(ByteBuf buf, int index, int afi, int bits) {
        int octets = (bits + 7) >>> 3;
        if (afi == Afi.IPV4) {
            int address = 0;
            for (int i = 0; i < 4; i++) {
                address = (address << 8) | (i < octets ? buf.getUnsignedByte(index + i) : 0);
            }
            return Ipv4Prefix.of(address & Ipv4Prefix.mask(bits), bits);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (i < octets ? buf.getUnsignedByte(index + i) : 0);
            low = (low << 8) | (i + 8 < octets ? buf.getUnsignedByte(index + 8 + i) : 0);
        }
        return Ipv6Prefix.of(high & Ipv6Prefix.highMask(bits), low & Ipv6Prefix.lowMask(bits), bits);
    }
}
