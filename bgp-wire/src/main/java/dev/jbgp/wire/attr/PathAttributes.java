package dev.jbgp.wire.attr;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.iana.AttributeType;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An immutable set of path attributes as values — what a policy edits and an encoder writes — built
 * with {@link #builder()} / {@link #toBuilder()}. MP_REACH_NLRI / MP_UNREACH_NLRI are not part of it:
 * they carry NLRI and are written by the UPDATE builder.
 *
 * <p>{@link #write} encodes for a session: 4-octet ASes, or 2-octet with AS_TRANS plus AS4_PATH /
 * AS4_AGGREGATOR when a large AS needs them (RFC 6793 §4.2.2). {@link #read} builds one from an
 * attribute field (allocates; the hot path reads the field in place instead), reconciling AS4_PATH on
 * 2-octet sessions; attributes not modelled here are kept as {@link UnknownAttribute}s.
 */
public final class PathAttributes {

    private final Origin origin;
    private final AsPath asPath;
    private final OptionalInt nextHop;
    private final OptionalLong med;
    private final OptionalLong localPref;
    private final boolean atomicAggregate;
    private final Optional<Aggregator> aggregator;
    private final List<Community> communities;
    private final OptionalInt originatorId;
    private final int[] clusterList;
    private final List<ExtendedCommunity> extendedCommunities;
    private final List<LargeCommunity> largeCommunities;
    private final List<UnknownAttribute> unknown;

    private PathAttributes(Builder b) {
        this.origin = b.origin;
        this.asPath = b.asPath;
        this.nextHop = b.nextHop;
        this.med = b.med;
        this.localPref = b.localPref;
        this.atomicAggregate = b.atomicAggregate;
        this.aggregator = b.aggregator;
        this.communities = List.copyOf(b.communities);
        this.originatorId = b.originatorId;
        this.clusterList = b.clusterList.clone();
        this.extendedCommunities = List.copyOf(b.extendedCommunities);
        this.largeCommunities = List.copyOf(b.largeCommunities);
        this.unknown = List.copyOf(b.unknown);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.origin = origin;
        b.asPath = asPath;
        b.nextHop = nextHop;
        b.med = med;
        b.localPref = localPref;
        b.atomicAggregate = atomicAggregate;
        b.aggregator = aggregator;
        b.communities = new ArrayList<>(communities);
        b.originatorId = originatorId;
        b.clusterList = clusterList.clone();
        b.extendedCommunities = new ArrayList<>(extendedCommunities);
        b.largeCommunities = new ArrayList<>(largeCommunities);
        b.unknown = new ArrayList<>(unknown);
        return b;
    }

    public Origin origin() {
        return origin;
    }

    public AsPath asPath() {
        return asPath;
    }

    /** The IPv4 NEXT_HOP (absent for MP_REACH-only announcements). */
    public OptionalInt nextHop() {
        return nextHop;
    }

    public OptionalLong med() {
        return med;
    }

    public OptionalLong localPref() {
        return localPref;
    }

    public boolean atomicAggregate() {
        return atomicAggregate;
    }

    public Optional<Aggregator> aggregator() {
        return aggregator;
    }

    public List<Community> communities() {
        return communities;
    }

    public OptionalInt originatorId() {
        return originatorId;
    }

    /** A copy of the CLUSTER_LIST (empty when absent). */
    public int[] clusterList() {
        return clusterList.clone();
    }

    public List<ExtendedCommunity> extendedCommunities() {
        return extendedCommunities;
    }

    public List<LargeCommunity> largeCommunities() {
        return largeCommunities;
    }

    /** Attributes not modelled here, in the order received. */
    public List<UnknownAttribute> unknownAttributes() {
        return unknown;
    }

    /**
     * Writes the attributes (without MP_REACH_NLRI / MP_UNREACH_NLRI) at the writer index, in type
     * order. The caller owns {@code out}.
     *
     * @return the number of octets written
     */
    public int write(ByteBuf out, CodecContext ctx) {
        int start = out.writerIndex();
        boolean four = ctx.fourOctetAs();
        out.writeByte(AttributeCursor.FLAG_TRANSITIVE);
        out.writeByte(AttributeType.ORIGIN);
        out.writeByte(1);
        out.writeByte(origin.code());
        asPath.write(out, four);
        if (nextHop.isPresent()) {
            NextHop.write(out, nextHop.getAsInt());
        }
        if (med.isPresent()) {
            Med.write(out, med.getAsLong());
        }
        if (localPref.isPresent()) {
            LocalPref.write(out, localPref.getAsLong());
        }
        if (atomicAggregate) {
            AtomicAggregate.write(out);
        }
        aggregator.ifPresent(a -> a.write(out, four));
        if (!communities.isEmpty()) {
            Communities.write(out, communities);
        }
        if (originatorId.isPresent()) {
            OriginatorId.write(out, originatorId.getAsInt());
        }
        if (clusterList.length > 0) {
            ClusterList.write(out, clusterList);
        }
        if (!extendedCommunities.isEmpty()) {
            ExtendedCommunities.write(out, extendedCommunities);
        }
        if (!four && asPath.withoutConfed().hasFourOctetAs()) {
            As4Path.write(out, asPath);
        }
        if (!four && aggregator.isPresent() && aggregator.get().needsAs4()) {
            aggregator.get().writeAs4(out);
        }
        if (!largeCommunities.isEmpty()) {
            LargeCommunity.write(out, largeCommunities);
        }
        for (UnknownAttribute u : unknown) {
            u.write(out);
        }
        return out.writerIndex() - start;
    }

    /**
     * Reads an attribute field (the first occurrence of each type; MP_REACH_NLRI and MP_UNREACH_NLRI
     * skipped). Allocates. The buffer is not retained.
     *
     * @throws BgpDecodeException when an attribute modelled here is malformed (use the validator first
     *                            to get the RFC 7606 verdict for the whole UPDATE)
     */
    public static PathAttributes read(ByteBuf buf, int offset, int length, CodecContext ctx) throws BgpDecodeException {
        Builder b = builder();
        AttributeCursor c = new AttributeCursor().reset(buf, offset, length);
        boolean four = ctx.fourOctetAs();
        boolean[] seen = new boolean[256];
        AsPath as4 = null;
        Aggregator as4Aggregator = null;
        while (c.next()) {
            int t = c.type();
            if (seen[t]) {
                continue;
            }
            seen[t] = true;
            int off = c.valueOffset();
            int len = c.valueLength();
            switch (t) {
                case AttributeType.ORIGIN: b.origin(Origin.of(Origin.read(buf, off, len))); break;
                case AttributeType.AS_PATH: b.asPath(AsPath.decode(buf, off, len, four)); break;
                case AttributeType.NEXT_HOP: b.nextHop(NextHop.read(buf, off, len)); break;
                case AttributeType.MULTI_EXIT_DISC: b.med(Med.read(buf, off, len)); break;
                case AttributeType.LOCAL_PREF: b.localPref(LocalPref.read(buf, off, len)); break;
                case AttributeType.ATOMIC_AGGREGATE: AtomicAggregate.check(len); b.atomicAggregate(true); break;
                case AttributeType.AGGREGATOR: b.aggregator(Aggregator.read(buf, off, len, four)); break;
                case AttributeType.COMMUNITIES: b.communities(Communities.read(buf, off, len)); break;
                case AttributeType.ORIGINATOR_ID: b.originatorId(OriginatorId.read(buf, off, len)); break;
                case AttributeType.CLUSTER_LIST: b.clusterList(ClusterList.read(buf, off, len)); break;
                case AttributeType.EXTENDED_COMMUNITIES: b.extendedCommunities(ExtendedCommunities.read(buf, off, len)); break;
                case AttributeType.LARGE_COMMUNITY: b.largeCommunities(LargeCommunity.read(buf, off, len)); break;
                case AttributeType.MP_REACH_NLRI:
                case AttributeType.MP_UNREACH_NLRI:
                    break;
                case AttributeType.AS4_PATH:
                    if (!four) {
                        try {
                            as4 = As4Path.decode(buf, off, len);
                        } catch (BgpDecodeException e) {
                            as4 = null; // RFC 6793 §6: discard a malformed AS4_PATH
                        }
                    }
                    break;
                case AttributeType.AS4_AGGREGATOR:
                    if (!four) {
                        try {
                            as4Aggregator = Aggregator.readAs4(buf, off, len);
                        } catch (BgpDecodeException e) {
                            as4Aggregator = null;
                        }
                    }
                    break;
                default:
                    b.unknown.add(UnknownAttribute.copyOf(c));
                    break;
            }
        }
        if (as4Aggregator != null && b.aggregator.isPresent()) {
            Aggregator merged = Aggregator.reconcile(b.aggregator.get(), as4Aggregator);
            b.aggregator(merged);
            if (merged != as4Aggregator) {
                as4 = null; // RFC 6793 §4.2.3: AGGREGATOR not AS_TRANS → ignore AS4_AGGREGATOR and AS4_PATH
            }
        }
        if (as4 != null) {
            b.asPath(As4Path.reconcile(b.asPath, as4));
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PathAttributes)) {
            return false;
        }
        PathAttributes p = (PathAttributes) o;
        return origin == p.origin && asPath.equals(p.asPath) && nextHop.equals(p.nextHop) && med.equals(p.med)
                && localPref.equals(p.localPref) && atomicAggregate == p.atomicAggregate
                && aggregator.equals(p.aggregator) && communities.equals(p.communities)
                && originatorId.equals(p.originatorId) && Arrays.equals(clusterList, p.clusterList)
                && extendedCommunities.equals(p.extendedCommunities) && largeCommunities.equals(p.largeCommunities)
                && unknown.equals(p.unknown);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, asPath, nextHop, med, localPref, atomicAggregate, aggregator, communities,
                originatorId, Arrays.hashCode(clusterList), extendedCommunities, largeCommunities, unknown);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PathAttributes{origin=").append(origin)
                .append(", asPath=[").append(asPath).append(']');
        nextHop.ifPresent(n -> sb.append(", nextHop=").append(dev.jbgp.wire.nlri.Ipv4Prefix.format(n)));
        med.ifPresent(m -> sb.append(", med=").append(m));
        localPref.ifPresent(l -> sb.append(", localPref=").append(l));
        if (atomicAggregate) {
            sb.append(", atomicAggregate");
        }
        aggregator.ifPresent(a -> sb.append(", aggregator=").append(a));
        if (!communities.isEmpty()) {
            sb.append(", communities=").append(communities);
        }
        originatorId.ifPresent(o -> sb.append(", originatorId=").append(dev.jbgp.wire.nlri.Ipv4Prefix.format(o)));
        if (clusterList.length > 0) {
            sb.append(", clusterList=").append(Arrays.toString(clusterList));
        }
        if (!extendedCommunities.isEmpty()) {
            sb.append(", extendedCommunities=").append(extendedCommunities);
        }
        if (!largeCommunities.isEmpty()) {
            sb.append(", largeCommunities=").append(largeCommunities);
        }
        if (!unknown.isEmpty()) {
            sb.append(", unknown=").append(unknown);
        }
        return sb.append('}').toString();
    }

    /** Builds {@link PathAttributes}; ORIGIN defaults to IGP and AS_PATH to empty. */
    public static final class Builder {
        private Origin origin = Origin.IGP;
        private AsPath asPath = AsPath.EMPTY;
        private OptionalInt nextHop = OptionalInt.empty();
        private OptionalLong med = OptionalLong.empty();
        private OptionalLong localPref = OptionalLong.empty();
        private boolean atomicAggregate;
        private Optional<Aggregator> aggregator = Optional.empty();
        private List<Community> communities = new ArrayList<>();
        private OptionalInt originatorId = OptionalInt.empty();
        private int[] clusterList = new int[0];
        private List<ExtendedCommunity> extendedCommunities = new ArrayList<>();
        private List<LargeCommunity> largeCommunities = new ArrayList<>();
        private List<UnknownAttribute> unknown = new ArrayList<>();

        private Builder() {
        }

        public Builder origin(Origin value) {
            this.origin = Objects.requireNonNull(value, "origin");
            return this;
        }

        public Builder asPath(AsPath value) {
            this.asPath = Objects.requireNonNull(value, "asPath");
            return this;
        }

        public Builder nextHop(int address) {
            this.nextHop = OptionalInt.of(address);
            return this;
        }

        public Builder noNextHop() {
            this.nextHop = OptionalInt.empty();
            return this;
        }

        public Builder med(long value) {
            this.med = OptionalLong.of(checkU32(value, "MED"));
            return this;
        }

        public Builder noMed() {
            this.med = OptionalLong.empty();
            return this;
        }

        public Builder localPref(long value) {
            this.localPref = OptionalLong.of(checkU32(value, "LOCAL_PREF"));
            return this;
        }

        public Builder noLocalPref() {
            this.localPref = OptionalLong.empty();
            return this;
        }

        public Builder atomicAggregate(boolean value) {
            this.atomicAggregate = value;
            return this;
        }

        public Builder aggregator(Aggregator value) {
            this.aggregator = Optional.of(value);
            return this;
        }

        public Builder communities(List<Community> value) {
            this.communities = new ArrayList<>(value);
            return this;
        }

        public Builder originatorId(int routerId) {
            this.originatorId = OptionalInt.of(routerId);
            return this;
        }

        public Builder clusterList(int[] ids) {
            this.clusterList = ids.clone();
            return this;
        }

        public Builder extendedCommunities(List<ExtendedCommunity> value) {
            this.extendedCommunities = new ArrayList<>(value);
            return this;
        }

        public Builder largeCommunities(List<LargeCommunity> value) {
            this.largeCommunities = new ArrayList<>(value);
            return this;
        }

        public Builder unknownAttributes(List<UnknownAttribute> value) {
            this.unknown = new ArrayList<>(value);
            return this;
        }

        private static long checkU32(long v, String name) {
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new IllegalArgumentException(name + " must be 0..4294967295, got " + v);
            }
            return v;
        }

        public PathAttributes build() {
            return new PathAttributes(this);
        }
    }
}
