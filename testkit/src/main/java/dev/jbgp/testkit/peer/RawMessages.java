package dev.jbgp.testkit.peer;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Hand-built BGP-4 messages as plain byte arrays, for {@link RawBgpPeer}: just enough OPEN,
 * KEEPALIVE and NOTIFICATION encoding to bring a session up or break it on purpose, written here
 * from RFC 4271 §4 so conformance tests do not depend on the codecs they test.
 *
 * <pre>
 * Header (RFC 4271 §4.1)              OPEN body (§4.2)
 *  0                   15 16  17 18    +---------+--------+-----------+----------------+--------+---------+
 * +----------------------+------+---+  | Version | My AS  | Hold Time | BGP Identifier | Opt    | Optional|
 * | Marker (16 x 0xFF)   |Length|Typ|  | 1       | 2      | 2         | 4              | Len 1  | Params  |
 * +----------------------+------+---+  +---------+--------+-----------+----------------+--------+---------+
 * </pre>
 *
 * <p>Every method returns a new array the caller owns.
 */
public final class RawMessages {

    /** Length of the all-ones marker. */
    public static final int MARKER_LENGTH = 16;
    /** Marker + Length + Type (RFC 4271 §4.1). */
    public static final int HEADER_LENGTH = 19;
    /** The largest message without RFC 8654 extended messages. */
    public static final int MAX_LENGTH = 4096;

    /** Message type codes (RFC 4271 §4.1, RFC 2918 §3). */
    public static final int OPEN = 1;
    public static final int UPDATE = 2;
    public static final int NOTIFICATION = 3;
    public static final int KEEPALIVE = 4;
    public static final int ROUTE_REFRESH = 5;

    /** RFC 6793 §9: the 2-octet stand-in for a 4-octet AS in the OPEN's My AS field. */
    public static final int AS_TRANS = 23456;

    private RawMessages() {
    }

    /** A whole message: marker, length = 19 + body length, type, body. */
    public static byte[] message(int type, byte[] body) {
        int length = HEADER_LENGTH + body.length;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("message longer than 65535 octets: " + length);
        }
        byte[] m = new byte[length];
        Arrays.fill(m, 0, MARKER_LENGTH, (byte) 0xFF);
        m[16] = (byte) (length >>> 8);
        m[17] = (byte) length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, HEADER_LENGTH, body.length);
        return m;
    }

    /** KEEPALIVE: a header alone (RFC 4271 §4.4). */
    public static byte[] keepalive() {
        return message(KEEPALIVE, new byte[0]);
    }

    /** NOTIFICATION (RFC 4271 §4.5): error code, subcode, data. */
    public static byte[] notification(int code, int subcode, byte[] data) {
        byte[] body = new byte[2 + data.length];
        body[0] = (byte) code;
        body[1] = (byte) subcode;
        System.arraycopy(data, 0, body, 2, data.length);
        return message(NOTIFICATION, body);
    }

    /**
     * OPEN (RFC 4271 §4.2), version 4. An AS above 65535 is sent as {@link #AS_TRANS} (the real one
     * belongs in a {@link #fourOctetAs} capability). The capabilities, each a whole
     * code/length/value triple from {@link #capability}, go into one Capabilities optional parameter
     * (RFC 5492 §4); with none, there are no optional parameters.
     */
    public static byte[] open(long asn, int holdTime, String bgpIdentifier, byte[]... capabilities) {
        ByteArrayOutputStream caps = new ByteArrayOutputStream();
        for (byte[] c : capabilities) {
            caps.writeBytes(c);
        }
        if (caps.size() > 253) {
            throw new IllegalArgumentException("capabilities longer than one optional parameter can hold");
        }
        byte[] parameters = caps.size() == 0 ? new byte[0] : capabilitiesParameter(caps.toByteArray());
        return openWithParameters(asn, holdTime, bgpIdentifier, parameters.length, parameters);
    }

    /** One capability: code, length, value (RFC 5492 §4). */
    public static byte[] capability(int code, byte[] value) {
        return typeLengthValue(code, value);
    }

    /**
     * Type, 1-octet length, value: the layout of an OPEN optional parameter (RFC 4271 §4.2) and of a
     * capability (RFC 5492 §4). A value over 255 octets gets its length truncated to one octet, as
     * a test may want.
     */
    private static byte[] typeLengthValue(int type, byte[] value) {
        byte[] tlv = new byte[2 + value.length];
        tlv[0] = (byte) type;
        tlv[1] = (byte) value.length;
        System.arraycopy(value, 0, tlv, 2, value.length);
        return tlv;
    }

    /** Multiprotocol extensions (code 1, RFC 4760 §8): AFI, reserved, SAFI. */
    public static byte[] multiprotocol(int afi, int safi) {
        return capability(1, new byte[] {(byte) (afi >>> 8), (byte) afi, 0, (byte) safi});
    }

    /** Route refresh (code 2, RFC 2918 §2). */
    public static byte[] routeRefresh() {
        return capability(2, new byte[0]);
    }

    /** 4-octet AS support (code 65, RFC 6793 §3) carrying the real AS. */
    public static byte[] fourOctetAs(long asn) {
        return capability(65, new byte[] {(byte) (asn >>> 24), (byte) (asn >>> 16), (byte) (asn >>> 8), (byte) asn});
    }

    /**
     * OPEN (RFC 4271 §4.2), version 4, whose Optional Parameters field is exactly {@code optionalParameters}
     * (whatever it holds, well-formed or not), preceded by its length octet {@code optParamLength} as
     * given: lets a test send parameter blocks, RFC 9072 extended-length markers and lengths that lie.
     * An AS above 65535 is sent as {@link #AS_TRANS}.
     */
    public static byte[] openWithParameters(long asn, int holdTime, String bgpIdentifier, int optParamLength,
                                            byte[] optionalParameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(4);
        int myAs = asn > 0xFFFF ? AS_TRANS : (int) asn;
        body.write(myAs >>> 8);
        body.write(myAs);
        body.write(holdTime >>> 8);
        body.write(holdTime);
        body.writeBytes(ipv4(bgpIdentifier));
        body.write(optParamLength);
        body.writeBytes(optionalParameters);
        return message(OPEN, body.toByteArray());
    }

    /** One Capabilities optional parameter (type 2, RFC 5492 §4) holding {@code capabilityBytes} as given. */
    public static byte[] capabilitiesParameter(byte[] capabilityBytes) {
        if (capabilityBytes.length > 255) {
            throw new IllegalArgumentException("a parameter value holds at most 255 octets");
        }
        return typeLengthValue(2, capabilityBytes);
    }

    /** ADD-PATH (code 69, RFC 7911 §4) for one family; mode 1 receive, 2 send, 3 both. */
    public static byte[] addPath(int afi, int safi, int mode) {
        return capability(69, new byte[] {(byte) (afi >>> 8), (byte) afi, (byte) safi, (byte) mode});
    }

    /** Extended messages (code 6, RFC 8654 §3). */
    public static byte[] extendedMessage() {
        return capability(6, new byte[0]);
    }

    /**
     * UPDATE (RFC 4271 §4.3): Withdrawn Routes Length and field, Total Path Attribute Length and field,
     * then NLRI; the two lengths are the true lengths of the arrays given.
     */
    public static byte[] update(byte[] withdrawn, byte[] pathAttributes, byte[] nlri) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(withdrawn.length >>> 8);
        body.write(withdrawn.length);
        body.writeBytes(withdrawn);
        body.write(pathAttributes.length >>> 8);
        body.write(pathAttributes.length);
        body.writeBytes(pathAttributes);
        body.writeBytes(nlri);
        return message(UPDATE, body.toByteArray());
    }

    /**
     * One path attribute (RFC 4271 §4.3): flags, type, length, value. The length field is two octets
     * when {@code flags} has the Extended Length bit (0x10), else one.
     */
    public static byte[] attribute(int flags, int type, byte[] value) {
        boolean extended = (flags & 0x10) != 0;
        if (!extended && value.length > 255) {
            throw new IllegalArgumentException("value longer than 255 octets needs the Extended Length flag");
        }
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        a.write(flags);
        a.write(type);
        if (extended) {
            a.write(value.length >>> 8);
        }
        a.write(value.length);
        a.writeBytes(value);
        return a.toByteArray();
    }

    /**
     * A prefix as NLRI (RFC 4271 §4.3, RFC 4760 §5): length in bits, then just enough address octets.
     * {@code cidr} is an IPv4 {@code a.b.c.d/n} or IPv6 {@code x:y::/n} literal (no name lookup).
     */
    public static byte[] prefix(String cidr) {
        int slash = cidr.indexOf('/');
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        String address = cidr.substring(0, slash);
        byte[] full = address.indexOf(':') >= 0 ? ipv6(address) : ipv4(address);
        byte[] p = new byte[1 + (bits + 7) / 8];
        p[0] = (byte) bits;
        System.arraycopy(full, 0, p, 1, p.length - 1);
        return p;
    }

    /** The concatenation of {@code parts}, for assembling attribute blocks and NLRI fields. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Error code of a NOTIFICATION (RFC 4271 §4.5). */
    public static int notificationCode(byte[] notification) {
        return notification[HEADER_LENGTH] & 0xFF;
    }

    /** Error subcode of a NOTIFICATION. */
    public static int notificationSubcode(byte[] notification) {
        return notification[HEADER_LENGTH + 1] & 0xFF;
    }

    /** Data of a NOTIFICATION (a copy). */
    public static byte[] notificationData(byte[] notification) {
        return Arrays.copyOfRange(notification, HEADER_LENGTH + 2, notification.length);
    }

    /** Lower-case hex to bytes (spaces allowed), for vectors kept as text. */
    public static byte[] fromHex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /**
     * The attributes every eBGP route needs, for a 4-octet-AS session: ORIGIN IGP, AS_PATH with one
     * AS_SEQUENCE of {@code asPath}, NEXT_HOP {@code nextHop}, and a MULTI_EXIT_DISC {@code med}
     * (which lets a test make distinct attribute sets).
     */
    public static byte[] basicAttributes(long[] asPath, String nextHop, long med) {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        a.writeBytes(attribute(0x40, 1, new byte[] {0}));
        byte[] path = new byte[2 + 4 * asPath.length];
        path[0] = 2; // AS_SEQUENCE
        path[1] = (byte) asPath.length;
        for (int i = 0; i < asPath.length; i++) {
            path[2 + 4 * i] = (byte) (asPath[i] >>> 24);
            path[3 + 4 * i] = (byte) (asPath[i] >>> 16);
            path[4 + 4 * i] = (byte) (asPath[i] >>> 8);
            path[5 + 4 * i] = (byte) asPath[i];
        }
        a.writeBytes(attribute(0x40, 2, path));
        a.writeBytes(attribute(0x40, 3, ipv4(nextHop)));
        a.writeBytes(attribute(0x80, 4, new byte[] {(byte) (med >>> 24), (byte) (med >>> 16), (byte) (med >>> 8), (byte) med}));
        return a.toByteArray();
    }

    /**
     * IPv4 prefixes in NLRI / Withdrawn Routes encoding (RFC 4271 §4.3: length octet, then as few
     * octets as the length needs): {@code addresses[i]} (an IPv4 address as an int) with
     * {@code length} bits.
     */
    public static byte[] ipv4Prefixes(int[] addresses, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + length);
        }
        int octets = (length + 7) / 8;
        byte[] out = new byte[addresses.length * (1 + octets)];
        int p = 0;
        for (int a : addresses) {
            out[p++] = (byte) length;
            for (int i = 0; i < octets; i++) {
                out[p++] = (byte) (a >>> (24 - 8 * i));
            }
        }
        return out;
    }

    /** The type octet of a whole message. */
    public static int type(byte[] message) {
        return message[18] & 0xFF;
    }

    /** The length field of a whole message. */
    public static int length(byte[] message) {
        return (message[16] & 0xFF) << 8 | (message[17] & 0xFF);
    }

    /** The body of a whole message (a copy). */
    public static byte[] body(byte[] message) {
        return Arrays.copyOfRange(message, HEADER_LENGTH, message.length);
    }

    /** My AS field of an OPEN. */
    public static int openMyAs(byte[] open) {
        return (open[20] & 0xFF) << 8 | (open[21] & 0xFF);
    }

    /** Hold Time field of an OPEN. */
    public static int openHoldTime(byte[] open) {
        return (open[22] & 0xFF) << 8 | (open[23] & 0xFF);
    }

    /**
     * The capability codes of an OPEN, in order, from every Capabilities optional parameter
     * (RFC 5492 §4; parameter type 2). Other parameter types are skipped. Meant for asserting on
     * what a peer advertised, so it trusts the lengths only as far as the array goes.
     */
    public static java.util.List<Integer> openCapabilityCodes(byte[] open) {
        java.util.List<Integer> codes = new java.util.ArrayList<>();
        int optLength = open[28] & 0xFF;
        int p = 29;
        int end = Math.min(open.length, p + optLength);
        while (p + 2 <= end) {
            int type = open[p] & 0xFF;
            int length = open[p + 1] & 0xFF;
            int value = p + 2;
            if (type == 2) {
                int c = value;
                while (c + 2 <= Math.min(end, value + length)) {
                    codes.add(open[c] & 0xFF);
                    c += 2 + (open[c + 1] & 0xFF);
                }
            }
            p = value + length;
        }
        return codes;
    }

    /** True when {@code haystack} contains {@code needle} anywhere (for asserting on raw UPDATE bytes). */
    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Lower-case hex, for failure messages. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The sixteen octets of an IPv6 literal with at most one {@code ::} (no name lookup, no IPv4 tail). */
    static byte[] ipv6(String literal) {
        int gap = literal.indexOf("::");
        String[] head = gap < 0 ? literal.split(":") : split(literal.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : split(literal.substring(gap + 2));
        if (head.length + tail.length > 8 || (gap < 0 && head.length != 8)) {
            throw new IllegalArgumentException("not an IPv6 literal: " + literal);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < head.length; i++) {
            int v = Integer.parseInt(head[i], 16);
            b[2 * i] = (byte) (v >>> 8);
            b[2 * i + 1] = (byte) v;
        }
        for (int i = 0; i < tail.length; i++) {
            int v = Integer.parseInt(tail[i], 16);
            int at = 16 - 2 * (tail.length - i);
            b[at] = (byte) (v >>> 8);
            b[at + 1] = (byte) v;
        }
        return b;
    }

    private static String[] split(String groups) {
        return groups.isEmpty() ? new String[0] : groups.split(":");
    }

    /** The four octets of a dotted-quad literal (no name lookup). */
    static byte[] ipv4(String dottedQuad) {
        String[] parts = dottedQuad.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a dotted quad: " + dottedQuad);
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("not a dotted quad: " + dottedQuad);
            }
            b[i] = (byte) v;
        }
        return b;
    }
}
