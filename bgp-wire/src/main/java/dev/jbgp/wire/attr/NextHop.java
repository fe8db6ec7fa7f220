package dev.jbgp.wire.attr;

import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.Subcodes;
import io.netty.buffer.ByteBuf;

/**
 * NEXT_HOP (type 3, well-known mandatory for IPv4 NLRI in the UPDATE body, RFC 4271 §5.1.3): the IPv4
 * address of the router to forward to, held in an {@code int} in network order.
 *
 * <p>Only syntax is checked here (RFC 4271 §6.3, RFC 7606 §7.3): a length other than 4, an address in
 * 0.0.0.0/8, a multicast (224.0.0.0/4) or a class E / broadcast (240.0.0.0/4) address make the UPDATE
 * treat-as-withdraw. Whether the next hop is one of our own addresses or shares a subnet with the
 * peer is a semantic check that needs local state, so the RIB does it; loopback next hops are
 * therefore accepted here.
 */
public final class NextHop {

    private NextHop() {
    }

    /** The only valid value length. */
    public static final int LENGTH = 4;

    /**
     * Reads the next hop address.
     *
     * @throws BgpDecodeException treat-as-withdraw with Attribute Length Error or Invalid NEXT_HOP Attribute
     */
    public static int read(ByteBuf buf, int offset, int length) throws BgpDecodeException {
        if (length != LENGTH) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.ATTRIBUTE_LENGTH_ERROR, null,
                    "NEXT_HOP length " + length + ", expected 4");
        }
        int address = buf.getInt(offset);
        if (!isValidHostAddress(address)) {
            throw BgpDecodeException.treatAsWithdraw(Subcodes.Update.INVALID_NEXT_HOP_ATTRIBUTE, null,
                    "NEXT_HOP " + dev.jbgp.wire.nlri.Ipv4Prefix.format(address) + " is not a unicast host address");
        }
        return address;
    }

    /** Whether an IPv4 address can be a next hop: not in 0/8, not multicast, not class E or broadcast. */
    public static boolean isValidHostAddress(int address) {
        int first = address >>> 24;
        return first != 0 && first < 224;
    }

    /** Writes a NEXT_HOP attribute (flags, type, length, value) at the writer index. The caller owns {@code out}. */
    public static void write(ByteBuf out, int address) {
        out.writeByte(AttributeCursor.FLAG_TRANSITIVE);
        out.writeByte(dev.jbgp.wire.iana.AttributeType.NEXT_HOP);
        out.writeByte(LENGTH);
        out.writeInt(address);
    }
}
