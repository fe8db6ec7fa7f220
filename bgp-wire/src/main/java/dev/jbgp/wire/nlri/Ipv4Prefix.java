package dev.jbgp.wire.nlri;

import dev.jbgp.wire.iana.Afi;

/**
 * An IPv4 prefix: a 32-bit address (network byte order in an {@code int}) and a length 0..32, with
 * no host bits set. {@link #key()} packs both into one {@code long} for primitive-keyed tables.
 */
public record Ipv4Prefix(int address, int length) implements Prefix, Comparable<Ipv4Prefix> {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("IPv4 prefix length must be 0..32, got " + length);
        }
        if ((address & ~mask(length)) != 0) {
            throw new IllegalArgumentException("host bits set past /" + length + " in " + format(address) + "/" + length);
        }
    }

    /** A prefix from an address and length, validating that no host bits are set. */
    public static Ipv4Prefix of(int address, int length) {
        return new Ipv4Prefix(address, length);
    }

    /** The network mask for {@code length} bits, e.g. {@code 0xFFFFFF00} for 24. */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** A unique {@code long} for this prefix: address in the high 32 bits, length in the low 8. */
    public long key() {
        return ((address & 0xFFFFFFFFL) << 8) | length;
    }

    /** The prefix a {@link #key()} was made from. */
    public static Ipv4Prefix fromKey(long key) {
        return new Ipv4Prefix((int) (key >>> 8), (int) (key & 0xFF));
    }

    @Override
    public int afi() {
        return Afi.IPV4;
    }

    /**
     * Parses {@code "a.b.c.d/len"} or a bare {@code "a.b.c.d"} (a /32).
     *
     * @throws IllegalArgumentException naming the input and the expected form
     */
    public static Ipv4Prefix parse(String text) {
        int slash = text.indexOf('/');
        int length = 32;
        String addr = text;
        if (slash >= 0) {
            addr = text.substring(0, slash);
            try {
                length = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad IPv4 prefix '" + text + "': expected a.b.c.d/len with len 0..32");
            }
        }
        int address = parseAddress(addr, text);
        return new Ipv4Prefix(address, length);
    }

    /** Parses a dotted-quad IPv4 address into an {@code int}. */
    public static int parseAddress(String addr) {
        return parseAddress(addr, addr);
    }

    private static int parseAddress(String addr, String whole) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("bad IPv4 address in '" + whole + "': expected a.b.c.d");
        }
        int value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad IPv4 address in '" + whole + "': expected a.b.c.d");
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("bad IPv4 address in '" + whole + "': octets are 0..255");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** Formats an address held in an {@code int} as a dotted quad. */
    public static String format(int address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "."
                + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    @Override
    public int compareTo(Ipv4Prefix o) {
        int c = Integer.compareUnsigned(address, o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public String toString() {
        return format(address) + "/" + length;
    }
}
