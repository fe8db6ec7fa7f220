package dev.jbgp.fsm.interop;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One UPDATE a daemon sent us, read field by field from a copy of its bytes, for the interop
 * assertions. bgp-wire's {@code UpdateView} lives on a branch not merged here yet, so this reads the
 * RFC 4271 §4.3 layout directly (with RFC 4760 MP_REACH_NLRI / MP_UNREACH_NLRI and the 4-octet
 * AS_PATH of RFC 6793, which every daemon negotiates with us). It holds no {@code ByteBuf}.
 *
 * <pre>
 * header (19) | Withdrawn Routes Length (2) | Withdrawn Routes | Total Path Attribute Length (2)
 *             | Path Attributes: flags (1) type (1) length (1, or 2 with Extended Length) value
 *             | NLRI: length in bits (1) + the prefix octets that hold them
 * </pre>
 *
 * @param withdrawn  IPv4 prefixes in Withdrawn Routes, canonical text ({@link #canonical})
 * @param attributes path attribute values by type code, in wire order
 * @param nlri       IPv4 prefixes in the NLRI field, canonical text
 */
record ReceivedUpdate(List<String> withdrawn, Map<Integer, byte[]> attributes, List<String> nlri) {

    static final int HEADER = 19;
    static final int TYPE_UPDATE = 2;
    static final int ORIGIN = 1;
    static final int AS_PATH = 2;
    static final int NEXT_HOP = 3;
    static final int MED = 4;
    static final int COMMUNITIES = 8;
    static final int MP_REACH_NLRI = 14;
    static final int MP_UNREACH_NLRI = 15;
    private static final int EXTENDED_LENGTH = 0x10;

    ReceivedUpdate {
        withdrawn = List.copyOf(withdrawn);
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        nlri = List.copyOf(nlri);
    }

    /**
     * Reads a whole UPDATE message, header included.
     *
     * @throws IllegalArgumentException when a length field disagrees with the bytes
     */
    static ReceivedUpdate parse(byte[] m) {
        require(m.length >= HEADER + 4, "shorter than an empty UPDATE: " + m.length);
        for (int i = 0; i < 16; i++) {
            require(m[i] == (byte) 0xFF, "marker octet " + i + " is not all ones");
        }
        require(u16(m, 16) == m.length, "header length " + u16(m, 16) + " != " + m.length + " octets delivered");
        require(m[18] == TYPE_UPDATE, "type " + m[18] + " is not UPDATE");
        int pos = HEADER;
        int withdrawnLength = u16(m, pos);
        pos += 2;
        List<String> withdrawn = prefixes(m, pos, withdrawnLength, 4);
        pos += withdrawnLength;
        require(pos + 2 <= m.length, "no Total Path Attribute Length");
        int attributesLength = u16(m, pos);
        pos += 2;
        int attributesEnd = pos + attributesLength;
        require(attributesEnd <= m.length, "attributes run past the message");
        Map<Integer, byte[]> attributes = new LinkedHashMap<>();
        while (pos < attributesEnd) {
            require(pos + 3 <= attributesEnd, "truncated attribute header");
            int flags = m[pos] & 0xFF;
            int type = m[pos + 1] & 0xFF;
            boolean extended = (flags & EXTENDED_LENGTH) != 0;
            int length = extended ? u16(m, pos + 2) : m[pos + 2] & 0xFF;
            pos += extended ? 4 : 3;
            require(pos + length <= attributesEnd, "attribute " + type + " runs past the attributes");
            require(attributes.put(type, java.util.Arrays.copyOfRange(m, pos, pos + length)) == null,
                    "attribute " + type + " twice");
            pos += length;
        }
        List<String> nlri = prefixes(m, attributesEnd, m.length - attributesEnd, 4);
        return new ReceivedUpdate(withdrawn, attributes, nlri);
    }

    /**
     * End-of-RIB (RFC 4724 §2): an empty UPDATE for IPv4 unicast, or one holding only an
     * MP_UNREACH_NLRI with no prefixes for another family.
     */
    boolean endOfRib() {
        if (withdrawn.isEmpty() && nlri.isEmpty() && attributes.isEmpty()) {
            return true;
        }
        byte[] unreach = attributes.get(MP_UNREACH_NLRI);
        return withdrawn.isEmpty() && nlri.isEmpty() && attributes.size() == 1 && unreach != null && unreach.length == 3;
    }

    /** ORIGIN (0 IGP, 1 EGP, 2 INCOMPLETE). */
    Optional<Integer> origin() {
        return Optional.ofNullable(attributes.get(ORIGIN)).map(v -> v[0] & 0xFF);
    }

    /** AS_PATH flattened, 4-octet AS numbers (RFC 6793 §4.1, as both sides announced the capability). */
    List<Long> asPath() {
        byte[] v = attributes.get(AS_PATH);
        List<Long> path = new ArrayList<>();
        if (v == null) {
            return path;
        }
        int pos = 0;
        while (pos < v.length) {
            require(pos + 2 <= v.length, "truncated AS_PATH segment header");
            int count = v[pos + 1] & 0xFF;
            pos += 2;
            require(pos + 4 * count <= v.length, "AS_PATH segment runs past the attribute");
            for (int i = 0; i < count; i++) {
                path.add(u32(v, pos));
                pos += 4;
            }
        }
        return path;
    }

    /** NEXT_HOP (IPv4), as text. */
    Optional<String> nextHop() {
        return Optional.ofNullable(attributes.get(NEXT_HOP)).map(v -> address(v, 0, v.length));
    }

    /** MULTI_EXIT_DISC. */
    OptionalLong med() {
        byte[] v = attributes.get(MED);
        return v == null ? OptionalLong.empty() : OptionalLong.of(u32(v, 0));
    }

    /** COMMUNITIES (RFC 1997) as {@code "asn:value"}. */
    List<String> communities() {
        byte[] v = attributes.get(COMMUNITIES);
        List<String> out = new ArrayList<>();
        for (int i = 0; v != null && i + 4 <= v.length; i += 4) {
            out.add(u16(v, i) + ":" + u16(v, i + 2));
        }
        return out;
    }

    /** The IPv6 unicast NLRI of MP_REACH_NLRI (AFI 2, SAFI 1), canonical text; empty when absent. */
    List<String> ipv6Nlri() {
        byte[] v = attributes.get(MP_REACH_NLRI);
        if (v == null || u16(v, 0) != 2 || v[2] != 1) {
            return List.of();
        }
        int nextHopLength = v[3] & 0xFF;
        int pos = 4 + nextHopLength + 1; // one reserved octet after the next hop (RFC 4760 §3)
        return prefixes(v, pos, v.length - pos, 16);
    }

    /**
     * The global IPv6 next hop of MP_REACH_NLRI: the first 16 octets of a 16- or 32-octet
     * (global + link-local, RFC 2545 §3) Network Address of Next Hop.
     */
    Optional<String> ipv6NextHop() {
        byte[] v = attributes.get(MP_REACH_NLRI);
        if (v == null || u16(v, 0) != 2 || v[2] != 1) {
            return Optional.empty();
        }
        int nextHopLength = v[3] & 0xFF;
        require(nextHopLength == 16 || nextHopLength == 32, "IPv6 next hop length " + nextHopLength);
        return Optional.of(address(v, 4, 16));
    }

    /** {@code "addr/len"} with the address in Java's canonical text, so IPv6 spellings compare equal. */
    static String canonical(String prefix) {
        int slash = prefix.indexOf('/');
        try {
            return InetAddress.getByName(prefix.substring(0, slash)).getHostAddress() + prefix.substring(slash);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(prefix, e);
        }
    }

    /** Canonical text of an address literal. */
    static String canonicalAddress(String address) {
        return canonical(address + "/0").replace("/0", "");
    }

    private static List<String> prefixes(byte[] m, int from, int length, int addressOctets) {
        require(from + length <= m.length, "prefix field runs past its container");
        List<String> out = new ArrayList<>();
        int pos = from;
        int end = from + length;
        while (pos < end) {
            int bits = m[pos] & 0xFF;
            require(bits <= addressOctets * 8, "prefix length " + bits);
            int octets = (bits + 7) / 8;
            require(pos + 1 + octets <= end, "prefix runs past its field");
            byte[] address = new byte[addressOctets];
            System.arraycopy(m, pos + 1, address, 0, octets);
            out.add(address(address, 0, addressOctets) + "/" + bits);
            pos += 1 + octets;
        }
        return out;
    }

    private static String address(byte[] bytes, int from, int length) {
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, from, from + length)).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + length + " octets", e);
        }
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("malformed UPDATE: " + what);
        }
    }
}
