package dev.jbgp.rib;

import dev.jbgp.wire.attr.AsPathSegment;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The path attributes of a route, with every field the decision process and export rules read kept
 * inline and pre-digested (AS path length, neighbour AS), plus the bytes of attributes the RIB does not
 * interpret, passed on unchanged. Immutable, with a precomputed hash: identical sets are shared through
 * an {@link AttributeInterner}, so a full table costs one object per distinct attribute set.
 *
 * <p>AS numbers, MED, LOCAL_PREF and identifiers are unsigned 32-bit values; getters return AS numbers,
 * MED and LOCAL_PREF as {@code long}. No {@code ByteBuf}s are held: {@link #passThrough()} is a copy.
 */
public final class PathAttributes {

    /** ORIGIN values (RFC 4271 §4.3 (a)), lower is preferred (§9.1.2.2 (b)). */
    public static final int ORIGIN_IGP = 0;
    /** ORIGIN EGP. */
    public static final int ORIGIN_EGP = 1;
    /** ORIGIN INCOMPLETE. */
    public static final int ORIGIN_INCOMPLETE = 2;

    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    private final int origin;
    /** Packed AS path: per segment a header {@code (type << 16) | count} followed by the AS numbers. */
    private final int[] asPath;
    private final int asPathLength;
    private final int neighbourAs;
    private final InetAddress nextHop;
    private final long med;
    private final long localPref;
    private final boolean atomicAggregate;
    private final long aggregatorAs;
    private final int aggregatorAddress;
    private final int[] communities;
    private final int[] largeCommunities;
    private final long[] extendedCommunities;
    private final long originatorId;
    private final int[] clusterList;
    private final byte[] passThrough;
    private final int weight;
    private final int hash;

    private PathAttributes(Builder b) {
        this.origin = b.origin;
        this.asPath = b.asPath;
        this.nextHop = b.nextHop;
        this.med = b.med;
        this.localPref = b.localPref;
        this.atomicAggregate = b.atomicAggregate;
        this.aggregatorAs = b.aggregatorAs;
        this.aggregatorAddress = b.aggregatorAddress;
        this.communities = b.communities;
        this.largeCommunities = b.largeCommunities;
        this.extendedCommunities = b.extendedCommunities;
        this.originatorId = b.originatorId;
        this.clusterList = b.clusterList;
        this.passThrough = b.passThrough;
        this.weight = b.weight;
        int length = 0;
        int neighbour = 0;
        boolean neighbourFound = false;
        for (int i = 0; i < asPath.length; ) {
            int type = asPath[i] >>> 16;
            int count = asPath[i] & 0xFFFF;
            if (type == AsPathSegment.AS_SEQUENCE) {
                length += count;
                if (!neighbourFound) {
                    neighbour = asPath[i + 1];
                    neighbourFound = true;
                }
            } else if (type == AsPathSegment.AS_SET) {
                length += 1;
                neighbourFound = true;
            }
            i += 1 + count;
        }
        this.asPathLength = length;
        this.neighbourAs = neighbour;
        int h = origin;
        h = 31 * h + Arrays.hashCode(asPath);
        h = 31 * h + Objects.hashCode(nextHop);
        h = 31 * h + Long.hashCode(med);
        h = 31 * h + Long.hashCode(localPref);
        h = 31 * h + (atomicAggregate ? 1 : 0);
        h = 31 * h + Long.hashCode(aggregatorAs) + aggregatorAddress;
        h = 31 * h + Arrays.hashCode(communities);
        h = 31 * h + Arrays.hashCode(largeCommunities);
        h = 31 * h + Arrays.hashCode(extendedCommunities);
        h = 31 * h + Long.hashCode(originatorId);
        h = 31 * h + Arrays.hashCode(clusterList);
        h = 31 * h + Arrays.hashCode(passThrough);
        this.hash = 31 * h + weight;
    }

    /** A builder for an empty set (ORIGIN IGP, empty AS path, no next hop). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this set. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** ORIGIN: {@link #ORIGIN_IGP}, {@link #ORIGIN_EGP} or {@link #ORIGIN_INCOMPLETE}. */
    public int origin() {
        return origin;
    }

    /** The AS_PATH segments, first (leftmost, most recently prepended) first. */
    public List<AsPathSegment> asPath() {
        List<AsPathSegment> out = new ArrayList<>();
        for (int i = 0; i < asPath.length; ) {
            int count = asPath[i] & 0xFFFF;
            out.add(AsPathSegment.ofUnsigned(asPath[i] >>> 16, Arrays.copyOfRange(asPath, i + 1, i + 1 + count)));
            i += 1 + count;
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The AS path length as the decision process counts it (RFC 4271 §9.1.2.2 (a)): each AS in an
     * AS_SEQUENCE counts 1, an AS_SET counts 1, confederation segments count 0 (RFC 5065 §5.3).
     */
    public int asPathLength() {
        return asPathLength;
    }

    /**
     * The neighbouring AS (RFC 4271 §9.1.2.2 (c)): the first AS of the first AS_SEQUENCE, skipping
     * confederation segments; 0 when the path is empty or starts with an AS_SET (locally originated
     * or learned inside our AS).
     */
    public long neighbourAs() {
        return neighbourAs & 0xFFFFFFFFL;
    }

    /** The last AS of the path (the originating AS), or 0 when the path is empty. */
    public long originAs() {
        if (asPath.length == 0) {
            return 0;
        }
        return asPath[asPath.length - 1] & 0xFFFFFFFFL;
    }

    /** How many times {@code asn} appears anywhere in the AS path (loop detection, RFC 4271 §9). */
    public int countAs(long asn) {
        int n = 0;
        int a = (int) asn;
        for (int i = 0; i < asPath.length; ) {
            int count = asPath[i] & 0xFFFF;
            for (int j = i + 1; j <= i + count; j++) {
                if (asPath[j] == a) {
                    n++;
                }
            }
            i += 1 + count;
        }
        return n;
    }

    /** True when {@code asn} appears anywhere in the AS path. */
    public boolean containsAs(long asn) {
        return countAs(asn) > 0;
    }

    /** True when both AS paths are identical segment by segment (the ECMP rule without relax). */
    public boolean sameAsPath(PathAttributes o) {
        return Arrays.equals(asPath, o.asPath);
    }

    int[] packedAsPath() {
        return asPath;
    }

    // The arrays themselves, not copies, for the encoder in this package (WireAttributes): never modified.

    int[] communitiesArray() {
        return communities;
    }

    int[] largeCommunitiesArray() {
        return largeCommunities;
    }

    long[] extendedCommunitiesArray() {
        return extendedCommunities;
    }

    int[] clusterListArray() {
        return clusterList;
    }

    byte[] passThroughArray() {
        return passThrough;
    }

    /** NEXT_HOP (or the MP_REACH_NLRI next hop); empty for locally originated routes not yet exported. */
    public Optional<InetAddress> nextHop() {
        return Optional.ofNullable(nextHop);
    }

    /** The next hop or null: for the RIB's hot path, where an {@code Optional} per route would be garbage. */
    InetAddress nextHopOrNull() {
        return nextHop;
    }

    /** True when MULTI_EXIT_DISC is present. */
    public boolean hasMed() {
        return med >= 0;
    }

    /** MULTI_EXIT_DISC, or {@code missing} when absent (RFC 4271 §9.1.2.2 (c) lets the operator choose). */
    public long med(long missing) {
        return med >= 0 ? med : missing;
    }

    /** True when LOCAL_PREF is present. */
    public boolean hasLocalPref() {
        return localPref >= 0;
    }

    /** LOCAL_PREF, or {@code missing} when absent. */
    public long localPref(long missing) {
        return localPref >= 0 ? localPref : missing;
    }

    /** ATOMIC_AGGREGATE present. */
    public boolean atomicAggregate() {
        return atomicAggregate;
    }

    /** AGGREGATOR's AS, or -1 when AGGREGATOR is absent. */
    public long aggregatorAs() {
        return aggregatorAs;
    }

    /** AGGREGATOR's address (meaningful when {@link #aggregatorAs()} is not -1). */
    public int aggregatorAddress() {
        return aggregatorAddress;
    }

    /** COMMUNITIES (RFC 1997), a copy, in the order received. */
    public int[] communities() {
        return communities.clone();
    }

    /** True when the community value is present. */
    public boolean hasCommunity(int community) {
        for (int c : communities) {
            if (c == community) {
                return true;
            }
        }
        return false;
    }

    /** LARGE_COMMUNITY (RFC 8092), a copy: global admin, local data 1, local data 2 per community. */
    public int[] largeCommunities() {
        return largeCommunities.clone();
    }

    /** True when the large community is present. */
    public boolean hasLargeCommunity(long global, long local1, long local2) {
        for (int i = 0; i < largeCommunities.length; i += 3) {
            if (largeCommunities[i] == (int) global && largeCommunities[i + 1] == (int) local1
                    && largeCommunities[i + 2] == (int) local2) {
                return true;
            }
        }
        return false;
    }

    /** EXTENDED_COMMUNITIES (RFC 4360), a copy, each 8 octets in a {@code long}. */
    public long[] extendedCommunities() {
        return extendedCommunities.clone();
    }

    /** True when ORIGINATOR_ID is present (RFC 4456 §8). */
    public boolean hasOriginatorId() {
        return originatorId >= 0;
    }

    /** ORIGINATOR_ID, or {@code missing} when absent. */
    public int originatorId(int missing) {
        return originatorId >= 0 ? (int) originatorId : missing;
    }

    /** CLUSTER_LIST (RFC 4456 §8), a copy, first (most recent) first. */
    public int[] clusterList() {
        return clusterList.clone();
    }

    /** The number of cluster ids in CLUSTER_LIST (RFC 4456 §9 tie-break). */
    public int clusterListLength() {
        return clusterList.length;
    }

    /** True when the cluster id is in CLUSTER_LIST (RFC 4456 §8 loop detection). */
    public boolean clusterListContains(int clusterId) {
        for (int c : clusterList) {
            if (c == clusterId) {
                return true;
            }
        }
        return false;
    }

    /**
     * The encoded attributes this set does not interpret (unknown optional transitive ones, AS4_PATH
     * leftovers, ...), as received, to be sent on unchanged; a copy, empty when there are none.
     */
    public byte[] passThrough() {
        return passThrough.clone();
    }

    /** Local weight: not a wire attribute, set by import policy, higher preferred (first step after eligibility). */
    public int weight() {
        return weight;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PathAttributes)) {
            return false;
        }
        PathAttributes p = (PathAttributes) o;
        return hash == p.hash && origin == p.origin && med == p.med && localPref == p.localPref
                && atomicAggregate == p.atomicAggregate && aggregatorAs == p.aggregatorAs
                && aggregatorAddress == p.aggregatorAddress && originatorId == p.originatorId
                && weight == p.weight && Objects.equals(nextHop, p.nextHop) && Arrays.equals(asPath, p.asPath)
                && Arrays.equals(communities, p.communities) && Arrays.equals(largeCommunities, p.largeCommunities)
                && Arrays.equals(extendedCommunities, p.extendedCommunities)
                && Arrays.equals(clusterList, p.clusterList) && Arrays.equals(passThrough, p.passThrough);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{origin=").append(origin == 0 ? "igp" : origin == 1 ? "egp" : "incomplete");
        sb.append(", as-path=[");
        List<AsPathSegment> segs = asPath();
        for (int i = 0; i < segs.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(segs.get(i));
        }
        sb.append(']');
        if (nextHop != null) {
            sb.append(", next-hop=").append(nextHop.getHostAddress());
        }
        if (med >= 0) {
            sb.append(", med=").append(med);
        }
        if (localPref >= 0) {
            sb.append(", local-pref=").append(localPref);
        }
        if (communities.length > 0) {
            sb.append(", communities=[");
            for (int i = 0; i < communities.length; i++) {
                sb.append(i == 0 ? "" : " ").append(communities[i] >>> 16).append(':').append(communities[i] & 0xFFFF);
            }
            sb.append(']');
        }
        if (largeCommunities.length > 0) {
            sb.append(", large-communities=[");
            for (int i = 0; i < largeCommunities.length; i += 3) {
                sb.append(i == 0 ? "" : " ").append(largeCommunities[i] & 0xFFFFFFFFL).append(':')
                        .append(largeCommunities[i + 1] & 0xFFFFFFFFL).append(':')
                        .append(largeCommunities[i + 2] & 0xFFFFFFFFL);
            }
            sb.append(']');
        }
        if (originatorId >= 0) {
            sb.append(", originator-id=").append(InetAddresses.ofV4((int) originatorId).getHostAddress());
        }
        if (clusterList.length > 0) {
            sb.append(", cluster-list-length=").append(clusterList.length);
        }
        if (weight != 0) {
            sb.append(", weight=").append(weight);
        }
        return sb.append('}').toString();
    }

    /**
     * Builds {@link PathAttributes}: for tests, local origination and policy actions. Not thread-safe;
     * arrays are copied in, so a builder can be reused after {@link #build()}.
     */
    public static final class Builder {
        private int origin;
        private int[] asPath;
        private InetAddress nextHop;
        private long med;
        private long localPref;
        private boolean atomicAggregate;
        private long aggregatorAs;
        private int aggregatorAddress;
        private int[] communities;
        private int[] largeCommunities;
        private long[] extendedCommunities;
        private long originatorId;
        private int[] clusterList;
        private byte[] passThrough;
        private int weight;

        private Builder() {
            reset();
        }

        /**
         * Back to an empty set (ORIGIN IGP, empty AS path, no next hop), dropping every reference the
         * builder held: the RIB's block interner decodes each new attribute set with one builder
         * instead of allocating one per set.
         */
        Builder reset() {
            origin = ORIGIN_IGP;
            asPath = NO_INTS;
            nextHop = null;
            med = -1;
            localPref = -1;
            atomicAggregate = false;
            aggregatorAs = -1;
            aggregatorAddress = 0;
            communities = NO_INTS;
            largeCommunities = NO_INTS;
            extendedCommunities = NO_LONGS;
            originatorId = -1;
            clusterList = NO_INTS;
            passThrough = NO_BYTES;
            weight = 0;
            return this;
        }

        private Builder(PathAttributes p) {
            origin = p.origin;
            asPath = p.asPath;
            nextHop = p.nextHop;
            med = p.med;
            localPref = p.localPref;
            atomicAggregate = p.atomicAggregate;
            aggregatorAs = p.aggregatorAs;
            aggregatorAddress = p.aggregatorAddress;
            communities = p.communities;
            largeCommunities = p.largeCommunities;
            extendedCommunities = p.extendedCommunities;
            originatorId = p.originatorId;
            clusterList = p.clusterList;
            passThrough = p.passThrough;
            weight = p.weight;
        }

        /** ORIGIN, 0..2. */
        public Builder origin(int value) {
            if (value < 0 || value > 2) {
                throw new IllegalArgumentException("ORIGIN must be 0 (IGP), 1 (EGP) or 2 (INCOMPLETE), got " + value);
            }
            origin = value;
            return this;
        }

        /** Replaces the AS path. */
        public Builder asPath(List<AsPathSegment> segments) {
            int n = 0;
            for (AsPathSegment s : segments) {
                n += 1 + s.size();
            }
            int[] packed = new int[n];
            int i = 0;
            for (AsPathSegment s : segments) {
                packed[i++] = (s.type() << 16) | s.size();
                for (int j = 0; j < s.size(); j++) {
                    packed[i + j] = (int) s.asn(j);
                }
                i += s.size();
            }
            asPath = packed;
            return this;
        }

        /**
         * Replaces the AS path with one already in the packed form (see {@link #packedAsPath()}), which
         * the builder takes over: for the RIB's decoder, which packs it straight from the wire.
         */
        Builder packedAsPath(int[] packed) {
            asPath = packed;
            return this;
        }

        /** Replaces the AS path with these segments. */
        public Builder asPath(AsPathSegment... segments) {
            return asPath(Arrays.asList(segments));
        }

        /** Replaces the AS path with one AS_SEQUENCE (empty path when no AS numbers are given). */
        public Builder asSequence(long... asns) {
            return asns.length == 0 ? asPath(List.of()) : asPath(AsPathSegment.sequence(asns));
        }

        /**
         * Prepends {@code asn} {@code times} times to the AS path: into the leading AS_SEQUENCE while it
         * has room, then into new leading AS_SEQUENCE segments of at most 255 AS numbers each
         * (RFC 4271 §5.1.2, §4.3).
         */
        public Builder prepend(long asn, int times) {
            if (times < 0) {
                throw new IllegalArgumentException("prepend count must be >= 0, got " + times);
            }
            if (asn < 0 || asn > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("AS number out of range 0..4294967295: " + asn);
            }
            if (times == 0) {
                return this;
            }
            int a = (int) asn;
            int room = 0;
            if (asPath.length > 0 && asPath[0] >>> 16 == AsPathSegment.AS_SEQUENCE) {
                room = AsPathSegment.MAX_LENGTH - (asPath[0] & 0xFFFF);
            }
            int intoFirst = Math.min(room, times);
            int rest = times - intoFirst;
            int newSegments = (rest + AsPathSegment.MAX_LENGTH - 1) / AsPathSegment.MAX_LENGTH;
            int[] out = new int[asPath.length + times + newSegments];
            int i = 0;
            int left = rest;
            for (int s = 0; s < newSegments; s++) {
                // Full segments go first so that only the leftmost one may be short.
                int count = s == 0 ? left - (newSegments - 1) * AsPathSegment.MAX_LENGTH : AsPathSegment.MAX_LENGTH;
                out[i++] = (AsPathSegment.AS_SEQUENCE << 16) | count;
                Arrays.fill(out, i, i + count, a);
                i += count;
            }
            if (intoFirst > 0) {
                int count = (asPath[0] & 0xFFFF) + intoFirst;
                out[i++] = (AsPathSegment.AS_SEQUENCE << 16) | count;
                Arrays.fill(out, i, i + intoFirst, a);
                i += intoFirst;
                System.arraycopy(asPath, 1, out, i, asPath.length - 1);
            } else {
                System.arraycopy(asPath, 0, out, i, asPath.length);
            }
            asPath = out;
            return this;
        }

        /** NEXT_HOP. */
        public Builder nextHop(InetAddress address) {
            nextHop = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Removes the next hop. */
        public Builder clearNextHop() {
            nextHop = null;
            return this;
        }

        /** MULTI_EXIT_DISC, 0..4294967295. */
        public Builder med(long value) {
            med = unsigned32(value, "MED");
            return this;
        }

        /** Removes MULTI_EXIT_DISC. */
        public Builder clearMed() {
            med = -1;
            return this;
        }

        /** LOCAL_PREF, 0..4294967295. */
        public Builder localPref(long value) {
            localPref = unsigned32(value, "LOCAL_PREF");
            return this;
        }

        /** Removes LOCAL_PREF. */
        public Builder clearLocalPref() {
            localPref = -1;
            return this;
        }

        /** ATOMIC_AGGREGATE. */
        public Builder atomicAggregate(boolean value) {
            atomicAggregate = value;
            return this;
        }

        /** AGGREGATOR (AS and address). */
        public Builder aggregator(long asn, int address) {
            aggregatorAs = unsigned32(asn, "AGGREGATOR AS");
            aggregatorAddress = address;
            return this;
        }

        /** Replaces COMMUNITIES. */
        public Builder communities(int... values) {
            communities = values.clone();
            return this;
        }

        /** Adds a community unless present (RFC 1997 communities are a set). */
        public Builder addCommunity(int value) {
            for (int c : communities) {
                if (c == value) {
                    return this;
                }
            }
            communities = Arrays.copyOf(communities, communities.length + 1);
            communities[communities.length - 1] = value;
            return this;
        }

        /** Removes a community if present. */
        public Builder removeCommunity(int value) {
            int n = 0;
            int[] out = new int[communities.length];
            for (int c : communities) {
                if (c != value) {
                    out[n++] = c;
                }
            }
            communities = n == out.length ? communities : Arrays.copyOf(out, n);
            return this;
        }

        /** Replaces LARGE_COMMUNITY; the array holds triples (global admin, local 1, local 2). */
        public Builder largeCommunities(int... triples) {
            if (triples.length % 3 != 0) {
                throw new IllegalArgumentException("large communities come in triples, got " + triples.length + " ints");
            }
            largeCommunities = triples.clone();
            return this;
        }

        /** Adds a large community unless present. */
        public Builder addLargeCommunity(long global, long local1, long local2) {
            int g = (int) unsigned32(global, "global administrator");
            int l1 = (int) unsigned32(local1, "local data 1");
            int l2 = (int) unsigned32(local2, "local data 2");
            for (int i = 0; i < largeCommunities.length; i += 3) {
                if (largeCommunities[i] == g && largeCommunities[i + 1] == l1 && largeCommunities[i + 2] == l2) {
                    return this;
                }
            }
            int[] out = Arrays.copyOf(largeCommunities, largeCommunities.length + 3);
            out[out.length - 3] = g;
            out[out.length - 2] = l1;
            out[out.length - 1] = l2;
            largeCommunities = out;
            return this;
        }

        /** Removes a large community if present. */
        public Builder removeLargeCommunity(long global, long local1, long local2) {
            int[] out = new int[largeCommunities.length];
            int n = 0;
            for (int i = 0; i < largeCommunities.length; i += 3) {
                if (!(largeCommunities[i] == (int) global && largeCommunities[i + 1] == (int) local1
                        && largeCommunities[i + 2] == (int) local2)) {
                    out[n++] = largeCommunities[i];
                    out[n++] = largeCommunities[i + 1];
                    out[n++] = largeCommunities[i + 2];
                }
            }
            largeCommunities = Arrays.copyOf(out, n);
            return this;
        }

        /** Replaces EXTENDED_COMMUNITIES. */
        public Builder extendedCommunities(long... values) {
            extendedCommunities = values.clone();
            return this;
        }

        /** ORIGINATOR_ID (RFC 4456 §8). */
        public Builder originatorId(int id) {
            originatorId = id & 0xFFFFFFFFL;
            return this;
        }

        /** Removes ORIGINATOR_ID. */
        public Builder clearOriginatorId() {
            originatorId = -1;
            return this;
        }

        /** Replaces CLUSTER_LIST. */
        public Builder clusterList(int... ids) {
            clusterList = ids.clone();
            return this;
        }

        /** Prepends a cluster id to CLUSTER_LIST, as a reflector does (RFC 4456 §8). */
        public Builder prependClusterId(int id) {
            int[] out = new int[clusterList.length + 1];
            out[0] = id;
            System.arraycopy(clusterList, 0, out, 1, clusterList.length);
            clusterList = out;
            return this;
        }

        /** The encoded attributes passed on unchanged (see {@link PathAttributes#passThrough()}). */
        public Builder passThrough(byte[] encoded) {
            passThrough = encoded.clone();
            return this;
        }

        /** Local weight (not sent). */
        public Builder weight(int value) {
            weight = value;
            return this;
        }

        /** The immutable set. */
        public PathAttributes build() {
            return new PathAttributes(this);
        }

        private static long unsigned32(long v, String what) {
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new IllegalArgumentException(what + " out of range 0..4294967295: " + v);
            }
            return v;
        }
    }
}
