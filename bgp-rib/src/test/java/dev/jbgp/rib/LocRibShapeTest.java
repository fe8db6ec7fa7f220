package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Loc-RIB stores a prefix's single route directly and a Destination only for two or more paths:
 * every transition (none, one, many, back) keeps that shape, publishes the same events as before, and
 * leaves the attribute reference counts at zero once every peer is gone.
 */
class LocRibShapeTest {

    private static final PeerId A = ebgp(2, 65002);
    private static final PeerId B = ebgp(3, 65003);
    private static final PeerId C = ebgp(4, 65004);
    private static final Prefix P = prefix("127.60.0.0/16");
    private static final Prefix V6 = prefix("::127.60.0.0/112");

    private static Rib rib(Fixtures.Recorder rec) {
        Rib rib = Rib.create(config().build());
        rib.addListener(rec);
        for (PeerId p : List.of(A, B, C)) {
            rib.peerUp(p, open("127.0.0.1"));
        }
        return rib;
    }

    @Test
    void oneRouteThenTwoThenOneThenNone() {
        for (Prefix p : List.of(P, V6)) {
            Fixtures.Recorder rec = new Fixtures.Recorder();
            Rib rib = rib(rec);
            String nh = p == P ? "127.0.0." : "::127.0.0.";
            rib.announce(A, p, 0, attrs(nh + 2, 65002, 65100).build());
            assertEquals(1, rib.storageShape(p), p + ": a single route is stored directly");
            Route a = rib.bestPath(p).orElseThrow();
            assertEquals(List.of(a), rib.paths(p));
            assertEquals(List.of(a), rib.multipath(p));
            assertTrue(rib.explain(p).isEmpty());

            rib.announce(B, p, 0, attrs(nh + 3, 65003).build());
            assertEquals(2, rib.storageShape(p), "a second path makes a destination");
            Route b = rib.bestPath(p).orElseThrow();
            assertSame(B, b.peer(), "shorter AS path");
            assertEquals(List.of(b, a), rib.paths(p));
            assertEquals(1, rib.explain(p).size());

            rib.withdraw(B, p, 0);
            assertEquals(1, rib.storageShape(p), "back to the route alone");
            assertSame(a, rib.bestPath(p).orElseThrow(), "the same Route instance survives the transitions");

            rib.announce(A, p, 0, attrs(nh + 2, 65002).build());
            assertEquals(1, rib.storageShape(p), "an implicit withdraw replaces in place");
            assertEquals(1, rib.bestPath(p).orElseThrow().attributes().asPathLength());

            rib.withdraw(A, p, 0);
            assertEquals(0, rib.storageShape(p));
            assertEquals(0, rib.size());
            assertEquals(List.of("loc " + p + " 127.0.0.2 mp=1", "loc " + p + " 127.0.0.3 mp=1",
                    "loc " + p + " 127.0.0.2 mp=1", "loc " + p + " 127.0.0.2 mp=1", "loc " + p + " - mp=0"),
                    locEvents(rec), p.toString());
            for (PeerId peer : List.of(A, B, C)) {
                rib.peerDown(peer);
            }
            assertEquals(0, rib.interner().size(), "every reference released");
        }
    }

    @Test
    void staleAndNextHopChangesOnASingleRoute() {
        Fixtures.Recorder rec = new Fixtures.Recorder();
        Rib rib = rib(rec);
        rib.announce(A, P, 0, attrs("127.0.0.2", 65002).build());
        rib.peerDownGraceful(A);
        assertEquals(1, rib.storageShape(P));
        assertTrue(rib.bestPath(P).orElseThrow().isStale());
        assertEquals(1, rib.adjRibIn(A).staleCount());
        rib.nextHopsChanged();
        assertEquals(1, rib.storageShape(P), "nothing changed: still the route alone");
        rib.peerUp(A, open("127.0.0.1"));
        assertEquals(1, rib.endOfRib(A, AddressFamily.IPV4_UNICAST));
        assertEquals(0, rib.storageShape(P));
        assertEquals(0, rib.adjRibIn(A).size());
        assertEquals(0, rib.adjRibIn(A).staleCount());
        assertFalse(rib.adjRibOut(B).get(P).isPresent(), "withdrawn from the others too");
    }

    /** Random announcements and withdrawals over a few prefixes: the shape always matches the path count. */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void shapeFollowsThePathCountAndReferencesReturnToZero(long seed) {
        Random rnd = new Random(seed);
        Rib rib = rib(new Fixtures.Recorder());
        List<Prefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            prefixes.add(prefix("127.61." + i + ".0/24"));
        }
        PeerId[] peers = {A, B, C};
        boolean[] up = {true, true, true};
        for (int step = 0; step < 3000; step++) {
            int k = rnd.nextInt(peers.length);
            PeerId peer = peers[k];
            Prefix p = prefixes.get(rnd.nextInt(prefixes.size()));
            int op = rnd.nextInt(20);
            if (!up[k]) {
                rib.peerUp(peer, open("127.0.0.1"));
                up[k] = true;
            } else if (op < 10) {
                rib.announce(peer, p, 0, attrs("127.0.0." + (2 + k), peer.asn(), 65100 + rnd.nextInt(3)).build());
            } else if (op < 18) {
                rib.withdraw(peer, p, 0);
            } else if (op == 18) {
                rib.peerDownGraceful(peer);
                up[k] = false;
            } else {
                rib.sweepStale(peer);
            }
            for (Prefix q : prefixes) {
                int paths = rib.paths(q).size();
                assertEquals(Math.min(paths, 2), rib.storageShape(q), "seed " + seed + " step " + step + " " + q);
            }
        }
        for (int k = 0; k < peers.length; k++) {
            if (up[k]) {
                rib.peerDown(peers[k]);
            } else {
                rib.sweepStale(peers[k]);
            }
        }
        assertEquals(0, rib.size(), "seed " + seed);
        assertEquals(0, rib.interner().size(), "seed " + seed);
        assertEquals(0, rib.interner().totalReferences(), "seed " + seed);
    }

    private static List<String> locEvents(Fixtures.Recorder rec) {
        List<String> out = new ArrayList<>();
        for (String s : rec.all) {
            if (s.startsWith("loc ")) {
                out.add(s);
            }
        }
        return out;
    }
}
