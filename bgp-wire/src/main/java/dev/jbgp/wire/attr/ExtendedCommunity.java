package dev.jbgp.wire.attr;

import dev.jbgp.wire.nlri.Ipv4Prefix;

/**
 * One RFC 4360 extended community: 8 octets held in a {@code long} (type high octet, sub-type, then
 * six value octets). Route targets and route origins of the 2-octet-AS (type 0x00), IPv4 (0x01) and
 * 4-octet-AS (0x02, RFC 5668) forms print as {@code rt:65000:100}, {@code rt:192.0.2.1:7},
 * {@code rt:4200000000:7} (and {@code soo:} for route origin); anything else prints as hex. Immutable.
 *
 * @param value the 8 octets, big-endian
 */
public record ExtendedCommunity(long value) {

    /** Sub-type of the route target. */
    public static final int SUBTYPE_ROUTE_TARGET = 0x02;
    /** Sub-type of the route origin (site of origin). */
    public static final int SUBTYPE_ROUTE_ORIGIN = 0x03;
    /** Transitive two-octet AS-specific (RFC 4360 §3.1). */
    public static final int TYPE_AS2 = 0x00;
    /** Transitive IPv4-address-specific (RFC 4360 §3.2). */
    public static final int TYPE_IPV4 = 0x01;
    /** Transitive four-octet AS-specific (RFC 5668 §2). */
    public static final int TYPE_AS4 = 0x02;

    /** The type high octet (bit 0x40 set = non-transitive). */
    public int type() {
        return (int) (value >>> 56) & 0xFF;
    }

    /** The sub-type octet. */
    public int subType() {
        return (int) (value >>> 48) & 0xFF;
    }

    /** Whether the community may cross AS borders (RFC 4360 §2: the T bit is clear). */
    public boolean isTransitive() {
        return (type() & 0x40) == 0;
    }

    /** A route target {@code rt:global:local} in the form the sizes select (2-octet AS, 4-octet AS). */
    public static ExtendedCommunity routeTarget(long globalAs, int local) {
        return asSpecific(SUBTYPE_ROUTE_TARGET, globalAs, local);
    }

    private static ExtendedCommunity asSpecific(int subType, long globalAs, long local) {
        if (globalAs < 0 || globalAs > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("AS out of range: " + globalAs);
        }
        if (globalAs <= 0xFFFF) {
            if (local < 0 || local > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("local administrator out of range 0..4294967295: " + local);
            }
            return new ExtendedCommunity(((long) TYPE_AS2 << 56) | ((long) subType << 48) | (globalAs << 32) | local);
        }
        if (local < 0 || local > 0xFFFF) {
            throw new IllegalArgumentException("local administrator of a 4-octet AS form must be 0..65535: " + local);
        }
        return new ExtendedCommunity(((long) TYPE_AS4 << 56) | ((long) subType << 48) | (globalAs << 16) | local);
    }

    private static ExtendedCommunity ipv4Specific(int subType, int address, long local) {
        if (local < 0 || local > 0xFFFF) {
            throw new IllegalArgumentException("local administrator of the IPv4 form must be 0..65535: " + local);
        }
        return new ExtendedCommunity(((long) TYPE_IPV4 << 56) | ((long) subType << 48)
                | ((address & 0xFFFFFFFFL) << 16) | local);
    }

    /**
     * Parses {@code rt:65000:100}, {@code soo:192.0.2.1:7} ({@code target:} / {@code origin:} also
     * accepted) or a hex form {@code 0x0002fde800000064}.
     *
     * @throws IllegalArgumentException naming the input and the accepted forms
     */
    public static ExtendedCommunity parse(String text) {
        String t = text.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return new ExtendedCommunity(Long.parseUnsignedLong(t.substring(2), 16));
            }
            int c1 = t.indexOf(':');
            int c2 = t.lastIndexOf(':');
            if (c1 > 0 && c2 > c1) {
                String kind = t.substring(0, c1);
                int subType;
                if (kind.equals("rt") || kind.equals("target")) {
                    subType = SUBTYPE_ROUTE_TARGET;
                } else if (kind.equals("soo") || kind.equals("origin")) {
                    subType = SUBTYPE_ROUTE_ORIGIN;
                } else {
                    throw new IllegalArgumentException(kind);
                }
                String global = t.substring(c1 + 1, c2);
                long local = Long.parseLong(t.substring(c2 + 1));
                if (global.indexOf('.') >= 0) {
                    return ipv4Specific(subType, Ipv4Prefix.parseAddress(global), local);
                }
                return asSpecific(subType, Long.parseLong(global), local);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message naming the accepted forms
        }
        throw new IllegalArgumentException("bad extended community '" + text
                + "': expected rt:AS:n, rt:a.b.c.d:n, soo:AS:n or 0x followed by 16 hex digits");
    }

    @Override
    public String toString() {
        int type = type();
        int sub = subType();
        String kind = sub == SUBTYPE_ROUTE_TARGET ? "rt:" : sub == SUBTYPE_ROUTE_ORIGIN ? "soo:" : null;
        if (kind != null) {
            switch (type) {
                case TYPE_AS2:
                    return kind + ((value >>> 32) & 0xFFFF) + ":" + (value & 0xFFFFFFFFL);
                case TYPE_IPV4:
                    return kind + Ipv4Prefix.format((int) (value >>> 16)) + ":" + (value & 0xFFFF);
                case TYPE_AS4:
                    return kind + ((value >>> 16) & 0xFFFFFFFFL) + ":" + (value & 0xFFFF);
                default:
                    break;
            }
        }
        return String.format("0x%016x", value);
    }
}
