package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.LOCAL_AS;
import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.ip4;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded generators of candidate routes that collide often on every decision step. */
final class RandomRoutes {

    /** A candidate as the RIB receives it: a peer and attributes. IGP cost comes from the next hop's last octet. */
    record Candidate(PeerId peer, PathAttributes attributes) {
    }

    private RandomRoutes() {
    }

    /** The resolver tests use: cost = last octet of the next hop (0 unreachable when the octet is 99). */
    static final NextHopResolver RESOLVER = nh -> {
        int last = nh.getAddress()[nh.getAddress().length - 1] & 0xFF;
        return last == 99 ? Route.UNREACHABLE : last % 4;
    };

    /** {@code n} candidates from distinct peers (127.0.{i/250}.{i%250+2}). */
    static List<Candidate> candidates(Random rnd, int n) {
        List<Candidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String a = "127.0." + (i / 250) + "." + (i % 250 + 2);
            boolean internal = rnd.nextInt(3) == 0;
            long neighbourAs = 65001 + rnd.nextInt(3);
            // A few peers share a BGP id so that the later steps get exercised.
            int bgpId = ip4("127.1.0." + (1 + rnd.nextInt(Math.max(2, n / 2))));
            PeerId peer = internal
                    ? PeerId.internal(addr(a), LOCAL_AS, bgpId, false)
                    : PeerId.external(addr(a), neighbourAs, bgpId);
            out.add(new Candidate(peer, attributes(rnd, neighbourAs)));
        }
        return out;
    }

    static PathAttributes attributes(Random rnd, long neighbourAs) {
        int len = 1 + rnd.nextInt(2);
        long[] path = new long[len];
        path[0] = neighbourAs;
        for (int i = 1; i < len; i++) {
            path[i] = 65010 + rnd.nextInt(2);
        }
        PathAttributes.Builder b = PathAttributes.builder().asSequence(path)
                .nextHop(addr("127.0.100." + rnd.nextInt(8)))
                .origin(rnd.nextInt(4) == 0 ? 1 : 0);
        if (rnd.nextInt(4) == 0) {
            b.localPref(rnd.nextBoolean() ? 100 : 200);
        }
        int med = rnd.nextInt(4);
        if (med > 0) {
            b.med(med * 10L);
        }
        if (rnd.nextInt(5) == 0) {
            b.weight(rnd.nextInt(2));
        }
        if (rnd.nextInt(4) == 0) {
            b.clusterList(new int[rnd.nextInt(3)]);
        }
        if (rnd.nextInt(4) == 0) {
            b.originatorId(ip4("127.1.0." + (1 + rnd.nextInt(3))));
        }
        return b.build();
    }

    /** Routes for comparator-only properties, with distinct (peer, path id). */
    static List<Route> routes(Random rnd, int n) {
        List<Route> out = new ArrayList<>();
        List<Candidate> cs = candidates(rnd, n);
        for (int i = 0; i < n; i++) {
            Candidate c = cs.get(i);
            int cost = rnd.nextInt(10) == 0 ? Route.UNREACHABLE : rnd.nextInt(3);
            out.add(Route.of(c.peer(), rnd.nextInt(2), c.attributes(), rnd.nextInt(5), cost, rnd.nextInt(12) == 0));
        }
        return out;
    }
}
