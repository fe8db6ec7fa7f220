package dev.jbgp.rib;


import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.Aggregator;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AtomicAggregate;
import dev.jbgp.wire.attr.AttributeCursor;
import dev.jbgp.wire.attr.AttributeWriter;
import dev.jbgp.wire.attr.ClusterList;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.attr.ExtendedCommunity;
import dev.jbgp.wire.attr.LargeCommunity;
import dev.jbgp.wire.attr.LocalPref;
import dev.jbgp.wire.attr.Med;
import dev.jbgp.wire.attr.NextHop;
import dev.jbgp.wire.attr.Origin;
import dev.jbgp.wire.attr.OriginatorId;
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
 * Pass-through attributes are forwarded with the Partial bit set (RFC 4271 §5). {@link #write} encodes
 * straight from the RIB's set without building the wire value. Stateless.
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
     * the same octets as {@code toWire(a).write(out, ctx)}, in the same order, but on a 4-octet-AS
     * session read straight from the RIB's arrays (no intermediate value, lists or community objects:
     * this runs once per attribute set of an Adj-RIB-Out dump). On a 2-octet session, where AS_TRANS,
     * AS4_PATH and AS4_AGGREGATOR come in (RFC 6793 §4.2.2), it is {@code toWire(a).write}. The caller
     * owns {@code out}.
     *
     * @return the number of octets written
     */
    public static int write(PathAttributes a, ByteBuf out, CodecContext ctx) {
        if (!ctx.fourOctetAs()) {
            return toWire(a).write(out, ctx);
        }
        int start = out.writerIndex();
        out.writeByte(AttributeCursor.FLAG_TRANSITIVE);
        out.writeByte(AttributeType.ORIGIN);
        out.writeByte(1);
        out.writeByte(Origin.of(a.origin()).code());
        // The packed AS path: per segment a header (type << 16 | count), then the AS numbers.
        int[] path = a.packedAsPath();
        int segments = 0;
        for (int i = 0; i < path.length; i += 1 + (path[i] & 0xFFFF)) {
            segments++;
        }
        AttributeWriter.header(out, AttributeCursor.FLAG_TRANSITIVE, AttributeType.AS_PATH,
                2 * segments + 4 * (path.length - segments));
        for (int i = 0; i < path.length; ) {
            int count = path[i] & 0xFFFF;
            out.writeByte(path[i] >>> 16);
            out.writeByte(count);
            for (int k = 1; k <= count; k++) {
                out.writeInt(path[i + k]);
            }
            i += 1 + count;
        }
        InetAddress nh = a.nextHopOrNull();
        if (nh instanceof Inet4Address) {
            NextHop.write(out, ipv4(nh));
        }
        if (a.hasMed()) {
            Med.write(out, a.med(0));
        }
        if (a.hasLocalPref()) {
            LocalPref.write(out, a.localPref(0));
        }
        if (a.atomicAggregate()) {
            AtomicAggregate.write(out);
        }
        if (a.aggregatorAs() >= 0) {
            new Aggregator(a.aggregatorAs(), a.aggregatorAddress()).write(out, true);
        }
        int optionalTransitive = AttributeCursor.FLAG_OPTIONAL | AttributeCursor.FLAG_TRANSITIVE;
        int[] communities = a.communitiesArray();
        if (communities.length > 0) {
            AttributeWriter.header(out, optionalTransitive, AttributeType.COMMUNITIES, communities.length * 4);
            for (int c : communities) {
                out.writeInt(c);
            }
        }
        if (a.hasOriginatorId()) {
            OriginatorId.write(out, a.originatorId(0));
        }
        if (a.clusterListLength() > 0) {
            ClusterList.write(out, a.clusterListArray());
        }
        long[] extended = a.extendedCommunitiesArray();
        if (extended.length > 0) {
            AttributeWriter.header(out, optionalTransitive, AttributeType.EXTENDED_COMMUNITIES, extended.length * 8);
            for (long e : extended) {
                out.writeLong(e);
            }
        }
        int[] large = a.largeCommunitiesArray();
        if (large.length >= 3) {
            int n = large.length / 3;
            AttributeWriter.header(out, optionalTransitive, AttributeType.LARGE_COMMUNITY, n * 12);
            for (int i = 0; i < n * 3; i++) {
                out.writeInt(large[i]);
            }
        }
        writePassThrough(a.passThroughArray(), out);
        return out.writerIndex() - start;
    }

    /**
     * The Path Attributes field of {@code a} for a session with {@code ctx}'s AS number size, as
     * {@link #write} writes it, in a new array of exactly its length: what an Adj-RIB-Out caches per
     * exported set so that each UPDATE copies it in one go.
     */
    public static byte[] encode(PathAttributes a, CodecContext ctx) {
        ByteBuf scratch = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 256, Integer.MAX_VALUE);
        write(a, scratch, ctx);
        // A heap buffer from no pool: nothing to release, the array is garbage once copied.
        return Arrays.copyOf(scratch.array(), scratch.writerIndex());
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

    /** As {@link #passThrough} does, straight to {@code out}: each attribute with the Partial bit set. */
    private static void writePassThrough(byte[] raw, ByteBuf out) {
        int i = 0;
        while (i + 3 <= raw.length) {
            int value = valueStart(raw, i);
            int len = valueLength(raw, i);
            if (value + len > raw.length) {
                break; // as passThrough: cannot happen for what our decoder stored
            }
            AttributeWriter.header(out, (raw[i] & 0xFF) | AttributeCursor.FLAG_PARTIAL, raw[i + 1] & 0xFF, len);
            out.writeBytes(raw, value, len);
            i = value + len;
        }
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
