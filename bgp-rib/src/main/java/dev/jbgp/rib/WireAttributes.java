package dev.jbgp.rib;


import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.Aggregator;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.attr.ExtendedCommunity;
import dev.jbgp.wire.attr.LargeCommunity;
import dev.jbgp.wire.attr.Origin;
import dev.jbgp.wire.attr.UnknownAttribute;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the RIB's {@link PathAttributes} (typically an Adj-RIB-Out set) into bgp-wire's
 * {@link dev.jbgp.wire.attr.PathAttributes}, which encodes them for a session
 * ({@code write(ByteBuf, CodecContext)}). An IPv4 next hop becomes NEXT_HOP; an IPv6 one is not an
 * attribute but goes into MP_REACH_NLRI, written by the UPDATE builder from {@link #ipv6NextHop}.
 * Pass-through attributes are forwarded with the Partial bit set (RFC 4271 §5). {@link #encode} (and
 * {@link #write}) encode straight from the RIB's set without building the wire value. Stateless.
 */
public final class WireAttributes {

    private WireAttributes() {
    }

    /** The wire form of {@code a} (allocates; done once per exported attribute set, not per prefix). */
    public static dev.jbgp.wire.attr.PathAttributes toWire(PathAttributes a) {
        dev.jbgp.wire.attr.PathAttributes.Builder b = dev.jbgp.wire.attr.PathAttributes.builder()
                .origin(Origin.of(a.origin()));
        b.asPath(AsPath.of(a.asPath()));
        InetAddress nh = a.nextHopOrNull();
        if (nh instanceof Inet4Address) {
            byte[] x = nh.getAddress();
            b.nextHop((x[0] & 0xFF) << 24 | (x[1] & 0xFF) << 16 | (x[2] & 0xFF) << 8 | (x[3] & 0xFF));
        } else {
            b.noNextHop();
        }
        if (a.hasMed()) {
            b.med(a.med(0));
        }
        if (a.hasLocalPref()) {
            b.localPref(a.localPref(0));
        }
        b.atomicAggregate(a.atomicAggregate());
        if (a.aggregatorAs() >= 0) {
            b.aggregator(new Aggregator(a.aggregatorAs(), a.aggregatorAddress()));
        }
        List<Community> communities = new ArrayList<>();
        for (int c : a.communities()) {
            communities.add(new Community(c));
        }
        b.communities(communities);
        List<LargeCommunity> large = new ArrayList<>();
        int[] l = a.largeCommunities();
        for (int i = 0; i < l.length; i += 3) {
            large.add(new LargeCommunity(l[i] & 0xFFFFFFFFL, l[i + 1] & 0xFFFFFFFFL, l[i + 2] & 0xFFFFFFFFL));
        }
        b.largeCommunities(large);
        List<ExtendedCommunity> extended = new ArrayList<>();
        for (long e : a.extendedCommunities()) {
            extended.add(new ExtendedCommunity(e));
        }
        b.extendedCommunities(extended);
        if (a.hasOriginatorId()) {
            b.originatorId(a.originatorId(0));
        }
        if (a.clusterListLength() > 0) {
            b.clusterList(a.clusterList());
        }
        b.unknownAttributes(passThrough(a.passThrough()));
        return b.build();
    }

    /**
     * Writes the Path Attributes field of {@code a} for a session at the writer index of {@code out}:
     * the octets {@code toWire(a).write(out, ctx)} writes, in the same order ({@link #encode}). The
     * caller owns {@code out}.
     *
     * @return the number of octets written
     */
    public static int write(PathAttributes a, ByteBuf out, CodecContext ctx) {
        byte[] b = encode(a, ctx);
        out.writeBytes(b);
        return b.length;
    }

    /**
     * The Path Attributes field of {@code a} for a session with {@code ctx}'s AS number size, in a new
     * array of exactly its length: the octets {@code toWire(a).write} writes, in the same order. On a
     * 4-octet-AS session they are stored straight from the RIB's arrays into the result (the length
     * is computed first; no intermediate value, lists, community objects or {@code ByteBuf} checks):
     * this runs once per attribute set of an Adj-RIB-Out, which caches the result. On a 2-octet
     * session, where AS_TRANS, AS4_PATH and AS4_AGGREGATOR come in (RFC 6793 §4.2.2), it is
     * {@code toWire(a).write}.
     */
    public static byte[] encode(PathAttributes a, CodecContext ctx) {
        if (!ctx.fourOctetAs()) {
            ByteBuf scratch = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 256, Integer.MAX_VALUE);
            toWire(a).write(scratch, ctx);
            // A heap buffer from no pool: nothing to release, the array is garbage once copied.
            return Arrays.copyOf(scratch.array(), scratch.writerIndex());
        }
        // The packed AS path: per segment a header (type << 16 | count), then the AS numbers.
        int[] path = a.packedAsPath();
        int segments = 0;
        for (int i = 0; i < path.length; i += 1 + (path[i] & 0xFFFF)) {
            segments++;
        }
        int asPathLength = 2 * segments + 4 * (path.length - segments);
        InetAddress nh = a.nextHopOrNull();
        boolean nextHop = nh instanceof Inet4Address;
        int[] communities = a.communitiesArray();
        int[] clusters = a.clusterListArray();
        long[] extended = a.extendedCommunitiesArray();
        int[] large = a.largeCommunitiesArray();
        int largeCount = large.length / 3;
        byte[] raw = a.passThroughArray();
        int length = 4 + headerLength(asPathLength) + asPathLength
                + (nextHop ? 7 : 0)
                + (a.hasMed() ? 7 : 0)
                + (a.hasLocalPref() ? 7 : 0)
                + (a.atomicAggregate() ? 3 : 0)
                + (a.aggregatorAs() >= 0 ? 11 : 0)
                + listLength(communities.length * 4)
                + (a.hasOriginatorId() ? 7 : 0)
                + listLength(clusters.length * 4)
                + listLength(extended.length * 8)
                + listLength(largeCount * 12)
                + passThroughLength(raw);
        Out o = new Out(new byte[length]);
        o.header(AttributeCursor.FLAG_TRANSITIVE, AttributeType.ORIGIN, 1);
        o.u8(Origin.of(a.origin()).code());
        o.header(AttributeCursor.FLAG_TRANSITIVE, AttributeType.AS_PATH, asPathLength);
        for (int i = 0; i < path.length; ) {
            int count = path[i] & 0xFFFF;
            o.u8(path[i] >>> 16);
            o.u8(count);
            for (int k = 1; k <= count; k++) {
                o.u32(path[i + k]);
            }
            i += 1 + count;
        }
        if (nextHop) {
            o.header(AttributeCursor.FLAG_TRANSITIVE, AttributeType.NEXT_HOP, 4);
            o.u32(ipv4(nh));
        }
        if (a.hasMed()) {
            o.header(AttributeCursor.FLAG_OPTIONAL, AttributeType.MULTI_EXIT_DISC, 4);
            o.u32((int) a.med(0));
        }
        if (a.hasLocalPref()) {
            o.header(AttributeCursor.FLAG_TRANSITIVE, AttributeType.LOCAL_PREF, 4);
            o.u32((int) a.localPref(0));
        }
        if (a.atomicAggregate()) {
            o.header(AttributeCursor.FLAG_TRANSITIVE, AttributeType.ATOMIC_AGGREGATE, 0);
        }
        int optionalTransitive = AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE;
        if (a.aggregatorAs() >= 0) {
            o.header(optionalTransitive, AttributeType.AGGREGATOR, 8);
            o.u32((int) a.aggregatorAs());
            o.u32(a.aggregatorAddress());
        }
        if (communities.length > 0) {
            o.header(optionalTransitive, AttributeType.COMMUNITIES, communities.length * 4);
            for (int c : communities) {
                o.u32(c);
            }
        }
        if (a.hasOriginatorId()) {
            o.header(AttributeCursor.FLAG_OPTIONAL, AttributeType.ORIGINATOR_ID, 4);
            o.u32(a.originatorId(0));
        }
        if (clusters.length > 0) {
            o.header(AttributeCursor.FLAG_OPTIONAL, AttributeType.CLUSTER_LIST, clusters.length * 4);
            for (int c : clusters) {
                o.u32(c);
            }
        }
        if (extended.length > 0) {
            o.header(optionalTransitive, AttributeType.EXTENDED_COMMUNITIES, extended.length * 8);
            for (long e : extended) {
                o.u32((int) (e >>> 32));
                o.u32((int) e);
            }
        }
        if (largeCount > 0) {
            o.header(optionalTransitive, AttributeType.LARGE_COMMUNITY, largeCount * 12);
            for (int i = 0; i < largeCount * 3; i++) {
                o.u32(large[i]);
            }
        }
        // Pass-through attributes (as passThrough does): each with the Partial bit set.
        for (int i = 0; i + 3 <= raw.length; ) {
            int value = valueStart(raw, i);
            int len = valueLength(raw, i);
            if (value + len > raw.length) {
                break; // as passThrough: cannot happen for what our decoder stored
            }
            o.header((raw[i] & 0xFF) | AttributeCursor.FLAG_PARTIAL, raw[i + 1] & 0xFF, len);
            System.arraycopy(raw, value, o.b, o.at, len);
            o.at += len;
            i = value + len;
        }
        if (o.at != length) {
            throw new IllegalStateException("encoded " + o.at + " octets, computed " + length);
        }
        return o.b;
    }

    /** The octets {@code encode} writes for the pass-through attributes stored in {@code raw}. */
    private static int passThroughLength(byte[] raw) {
        int n = 0;
        for (int i = 0; i + 3 <= raw.length; ) {
            int value = valueStart(raw, i);
            int len = valueLength(raw, i);
            if (value + len > raw.length) {
                break;
            }
            n += headerLength(len) + len;
            i = value + len;
        }
        return n;
    }

    /** An attribute header's octets (RFC 4271 §4.3): Extended Length exactly when the value needs it. */
    private static int headerLength(int valueLength) {
        if (valueLength > 0xFFFF) {
            throw new IllegalArgumentException("attribute value of " + valueLength + " octets exceeds 65535");
        }
        return valueLength > 0xFF ? 4 : 3;
    }

    /** The octets of a list attribute of {@code valueLength} octets, which is left out when empty. */
    private static int listLength(int valueLength) {
        return valueLength == 0 ? 0 : headerLength(valueLength) + valueLength;
    }

    /** Big-endian stores into an array sized beforehand. */
    private static final class Out {
        final byte[] b;
        int at;

        Out(byte[] b) {
            this.b = b;
        }

        void u8(int v) {
            b[at++] = (byte) v;
        }

        void u32(int v) {
            b[at] = (byte) (v >>> 24);
            b[at + 1] = (byte) (v >>> 16);
            b[at + 2] = (byte) (v >>> 8);
            b[at + 3] = (byte) v;
            at += 4;
        }

        /** As {@code AttributeWriter.header}: Extended Length set exactly when the value needs it. */
        void header(int flags, int type, int valueLength) {
            if (valueLength > 0xFF) {
                u8(flags | AttributeCursor.FLAG_EXTENDED_LENGTH);
                u8(type);
                u8(valueLength >>> 8);
                u8(valueLength);
            } else {
                u8(flags & ~AttributeCursor.FLAG_EXTENDED_LENGTH);
                u8(type);
                u8(valueLength);
            }
        }
    }

    /**
     * Whether {@code Inet4Address.hashCode()} is the address itself, as OpenJDK implements it (the
     * javadoc does not promise it, so it is checked once); {@code getAddress()} would copy the octets.
     */
    private static final boolean HASH_IS_ADDRESS = InetAddresses.ofV4(0xC0000201).hashCode() == 0xC0000201;

    /** The address of an IPv4 next hop as an int, without copying its octets where the JDK allows. */
    private static int ipv4(InetAddress nh) {
        if (HASH_IS_ADDRESS) {
            return nh.hashCode();
        }
        byte[] x = nh.getAddress();
        return (x[0] & 0xFF) << 24 | (x[1] & 0xFF) << 16 | (x[2] & 0xFF) << 8 | (x[3] & 0xFF);
    }

    /** Where the value of the stored attribute at {@code i} of {@code raw} starts (RFC 4271 §4.3 header). */
    private static int valueStart(byte[] raw, int i) {
        return i + ((raw[i] & AttributeCursor.FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3);
    }

    /** The Attribute Length of the stored attribute at {@code i} of {@code raw}: 1 octet, or 2 with Extended Length. */
    private static int valueLength(byte[] raw, int i) {
        return (raw[i] & AttributeCursor.FLAG_EXTENDED_LENGTH) != 0
                ? (raw[i + 2] & 0xFF) << 8 | (raw[i + 3] & 0xFF)
                : raw[i + 2] & 0xFF;
    }

    /** The IPv6 next hop for MP_REACH_NLRI as {@code {high, low}}, or an empty array when it is not IPv6. */
    public static long[] ipv6NextHop(PathAttributes a) {
        InetAddress nh = a.nextHopOrNull();
        if (nh == null || nh instanceof Inet4Address) {
            return new long[0];
        }
        byte[] x = nh.getAddress();
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (x[i] & 0xFF);
            low = low << 8 | (x[8 + i] & 0xFF);
        }
        return new long[] {high, low};
    }

    private static List<UnknownAttribute> passThrough(byte[] raw) {
        List<UnknownAttribute> out = new ArrayList<>();
        int i = 0;
        while (i + 3 <= raw.length) {
            int value = valueStart(raw, i);
            int len = valueLength(raw, i);
            if (value + len > raw.length) {
                break; // written by our own decoder from a validated UPDATE; cannot happen
            }
            out.add(UnknownAttribute.of((raw[i] & 0xFF) | AttributeCursor.FLAG_PARTIAL, raw[i + 1] & 0xFF,
                    Arrays.copyOfRange(raw, value, value + len)));
            i = value + len;
        }
        return out;
    }
}
