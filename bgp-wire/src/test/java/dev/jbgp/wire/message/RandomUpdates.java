package dev.jbgp.wire.message;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.attr.Aggregator;
import dev.jbgp.wire.attr.AsPath;
import dev.jbgp.wire.attr.AsPathSegment;
import dev.jbgp.wire.attr.Community;
import dev.jbgp.wire.attr.ExtendedCommunity;
import dev.jbgp.wire.attr.LargeCommunity;
import dev.jbgp.wire.attr.Origin;
import dev.jbgp.wire.attr.PathAttributes;
import dev.jbgp.wire.attr.UnknownAttribute;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Seeded generators of session contexts, attribute sets and prefix lists for the property tests. */
final class RandomUpdates {

    private RandomUpdates() {
    }

    /**
     * A writable heap buffer that the leak detector does not wrap: at PARANOID every access of a
     * tracked buffer records a stack trace, which makes thousands of generated messages crawl. It is
     * still released by the tests.
     */
    static io.netty.buffer.ByteBuf scratch() {
        return io.netty.buffer.Unpooled.wrappedBuffer(new byte[65536]).clear();
    }

    static CodecContext context(Random r) {
        Set<AddressFamily> ap = r.nextBoolean() ? Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST) : Set.of();
        return new CodecContext(r.nextBoolean(), r.nextInt(4) == 0 ? 65535 : 4096, r.nextBoolean(), ap, ap);
    }

    static long asn(Random r) {
        switch (r.nextInt(3)) {
            case 0: return 1 + r.nextInt(65534);
            case 1: return 4200000000L + r.nextInt(1000);
            default: return 64512 + r.nextInt(1000);
        }
    }

    static AsPath asPath(Random r) {
        List<AsPathSegment> segs = new ArrayList<>();
        if (r.nextInt(5) == 0) {
            // confederation segments only in front, where RFC 6793 reconciliation keeps them, and with
            // 2-octet member ASes: AS4_PATH never carries confederation segments (RFC 6793 §3), so a
            // 4-octet member AS cannot cross a 2-octet session
            long[] members = new long[1 + r.nextInt(3)];
            for (int i = 0; i < members.length; i++) {
                members[i] = 64512 + r.nextInt(1000);
            }
            segs.add(AsPathSegment.of(r.nextBoolean() ? AsPathSegment.AS_CONFED_SEQUENCE : AsPathSegment.AS_CONFED_SET,
                    members));
        }
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            boolean set = r.nextInt(4) == 0;
            segs.add(AsPathSegment.of(set ? AsPathSegment.AS_SET : AsPathSegment.AS_SEQUENCE,
                    asns(r, 1 + r.nextInt(set ? 4 : r.nextInt(10) == 0 ? 255 : 8))));
        }
        return AsPath.of(segs);
    }

    private static long[] asns(Random r, int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            long v;
            do {
                v = asn(r);
            } while (v == AsPath.AS_TRANS);
            a[i] = v;
        }
        return a;
    }

    static PathAttributes attributes(Random r, boolean withNextHop) {
        PathAttributes.Builder b = PathAttributes.builder()
                .origin(Origin.values()[r.nextInt(3)])
                .asPath(asPath(r));
        if (withNextHop) {
            b.nextHop(0x7F000000 | (1 + r.nextInt(0xFFFFFE)));
        }
        if (r.nextBoolean()) {
            b.med(r.nextLong() & 0xFFFFFFFFL);
        }
        if (r.nextBoolean()) {
            b.localPref(r.nextLong() & 0xFFFFFFFFL);
        }
        b.atomicAggregate(r.nextInt(4) == 0);
        if (r.nextInt(4) == 0) {
            long a;
            do {
                a = asn(r);
            } while (a == AsPath.AS_TRANS);
            b.aggregator(new Aggregator(a, 0x7F000000 | r.nextInt(0xFFFFFF)));
        }
        List<Community> cs = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            cs.add(new Community(r.nextInt()));
        }
        b.communities(cs);
        if (r.nextInt(4) == 0) {
            b.originatorId(0x7F000000 | r.nextInt(0xFFFFFF));
            b.clusterList(new int[] {0x7F000001, 0x7F000000 | r.nextInt(0xFFFFFF)});
        }
        List<ExtendedCommunity> ecs = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            ecs.add(new ExtendedCommunity(r.nextLong()));
        }
        b.extendedCommunities(ecs);
        List<LargeCommunity> lcs = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            lcs.add(new LargeCommunity(r.nextLong() & 0xFFFFFFFFL, r.nextLong() & 0xFFFFFFFFL, r.nextLong() & 0xFFFFFFFFL));
        }
        b.largeCommunities(lcs);
        List<UnknownAttribute> unknown = new ArrayList<>();
        if (r.nextInt(3) == 0) {
            byte[] v = new byte[r.nextInt(r.nextInt(8) == 0 ? 400 : 8)];
            r.nextBytes(v);
            unknown.add(UnknownAttribute.of(0xC0 | (r.nextBoolean() ? 0x20 : 0), 100 + r.nextInt(20), v));
        }
        b.unknownAttributes(unknown);
        return b.build();
    }

    static List<Ipv4Prefix> ipv4Prefixes(Random r, int max) {
        List<Ipv4Prefix> out = new ArrayList<>();
        for (int i = r.nextInt(max + 1); i > 0; i--) {
            int len = r.nextInt(33);
            out.add(Ipv4Prefix.of(r.nextInt() & Ipv4Prefix.mask(len), len));
        }
        return out;
    }

    static List<Ipv6Prefix> ipv6Prefixes(Random r, int max) {
        List<Ipv6Prefix> out = new ArrayList<>();
        for (int i = r.nextInt(max + 1); i > 0; i--) {
            int len = r.nextInt(129);
            out.add(Ipv6Prefix.of(r.nextLong() & Ipv6Prefix.highMask(len), r.nextLong() & Ipv6Prefix.lowMask(len), len));
        }
        return out;
    }

    static int[] pathIds(Random r, int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(4);
        }
        return ids;
    }
}
