package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;

/**
 * The IPv6 prefix of the NLRI entry being applied, as primitives (high and low 64 bits with the host
 * bits zero, and the length), so that announcing or withdrawing an IPv6 prefix makes no
 * {@link Ipv6Prefix} unless a listener, an update group, a policy or soft reconfiguration needs one.
 *
 * <p>The internal methods of the UPDATE path take a prefix as {@code (Prefix prefix, long v4Key)}:
 * the object when there is one, else ({@code prefix} null) an IPv4 prefix by {@link Ipv4Prefix#key()}.
 * IPv6 rides on the same pair: {@code v4Key == }{@link #HELD} says "the IPv6 prefix held here". Three
 * more primitive parameters through every one of those signatures, beside the IPv4 key, would make them
 * hard to read; one holder per {@link Rib}, written by {@link UpdateIngest} before it hands an entry on
 * and read by {@link LocRib} and {@link UpdateGroups}, adds none. It is valid until the next entry is
 * written, which is why {@link LocRib} makes the object before it calls a listener (a listener that
 * applied another UPDATE would overwrite it).
 *
 * <p>Mutable, never handed outside the RIB, confined to the {@link Rib}'s thread. Holds no {@code ByteBuf}.
 */
final class Ipv6Key {

    /** In place of an {@link Ipv4Prefix#key()} (never negative): the prefix is the IPv6 one held in the {@link Ipv6Key}. */
    static final long HELD = -1L;

    private long high;
    private long low;
    private int length;

    /** Holds a new prefix (host bits zero) and returns {@link #HELD}, to pass as the {@code v4Key}. */
    long hold(long high, long low, int length) {
        this.high = high;
        this.low = low;
        this.length = length;
        return HELD;
    }

    long high() {
        return high;
    }

    long low() {
        return low;
    }

    int length() {
        return length;
    }

    /** True when a {@code (prefix, v4Key)} pair stands for the IPv6 prefix held here. */
    static boolean held(Prefix prefix, long v4Key) {
        return prefix == null && v4Key == HELD;
    }

    /**
     * The prefix of a {@code (prefix, v4Key)} pair as an object: {@code prefix} itself, else made now
     * from the IPv4 key or from the IPv6 prefix held here.
     */
    Prefix materialize(Prefix prefix, long v4Key) {
        if (prefix != null) {
            return prefix;
        }
        return v4Key == HELD ? Ipv6Prefix.of(high, low, length) : Ipv4Prefix.fromKey(v4Key);
    }
}
