package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;

/** RFC 4724 receiving-speaker procedures, driven by the caller: no clock inside the RIB. */
class GracefulRestartTest {

    private static final PeerId PEER = ebgp(2, 65001);
    private static final PeerId OTHER = ebgp(3, 65003);
    private static final Prefix A = prefix("127.50.0.0/16");
    private static final Prefix B = prefix("127.51.0.0/16");
    private static final Prefix V6 = prefix("::127.52.0.0/112");

    private Rib ribWithRoutes(Fixtures.Recorder rec) {
        Rib rib = Rib.create(config().build());
        rib.addListener(rec);
        rib.peerUp(PEER, open("127.0.0.1"));
        rib.peerUp(OTHER, open("127.0.0.1"));
        rib.announce(PEER, A, 0, attrs("127.0.0.2", 65001).build());
        rib.announce(PEER, B, 0, attrs("127.0.0.2", 65001).build());
        rib.announce(PEER, V6, 0, attrs("::127.0.0.2", 65001).build());
        return rib;
    }

    @Test
    void sessionLossMarksStaleWithoutWithdrawing() {
        Fixtures.Recorder rec = new Fixtures.Recorder();
        Rib rib = ribWithRoutes(rec);
        int events = rec.loc.size();
        rib.peerDownGraceful(PEER);
        assertEquals(events, rec.loc.size(), "no Loc-RIB change while routes are stale");
        assertTrue(rib.bestPath(A).orElseThrow().isStale());
        assertEquals(3, rib.adjRibIn(PEER).staleCount());
        assertTrue(rib.adjRibOut(OTHER).get(A).isPresent(), "still announced to others");
        assertThrows(IllegalStateException.class, () -> rib.announce(PEER, A, 0, attrs("127.0.0.2", 65001).build()),
                "no routes from a peer that is down");
    }

    @Test
    void freshRoutesReplaceStaleAndEndOfRibSweepsTheRestPerFamily() {
        Fixtures.Recorder rec = new Fixtures.Recorder();
        Rib rib = ribWithRoutes(rec);
        rib.peerDownGraceful(PEER);
        rib.peerUp(PEER, open("127.0.0.1"));
        rib.announce(PEER, A, 0, attrs("127.0.0.2", 65001).build());
        assertFalse(rib.bestPath(A).orElseThrow().isStale(), "re-announced, same attributes: fresh again");
        assertEquals(2, rib.adjRibIn(PEER).staleCount());
        assertEquals(1, rib.endOfRib(PEER, AddressFamily.IPV4_UNICAST), "B was not refreshed");
        assertTrue(rib.bestPath(B).isEmpty());
        assertTrue(rib.bestPath(V6).isPresent(), "IPv6 waits for its own End-of-RIB");
        assertEquals(1, rib.endOfRib(PEER, AddressFamily.IPV6_UNICAST));
        assertEquals(0, rib.adjRibIn(PEER).staleCount());
        assertEquals(1, rib.adjRibIn(PEER).size());
    }

    @Test
    void restartTimerExpirySweepsEverythingAndForgetsThePeer() {
        Fixtures.Recorder rec = new Fixtures.Recorder();
        Rib rib = ribWithRoutes(rec);
        rib.peerDownGraceful(PEER);
        assertEquals(3, rib.sweepStale(PEER));
        assertEquals(0, rib.size());
        assertThrows(IllegalArgumentException.class, () -> rib.adjRibIn(PEER), "forgotten");
        assertEquals(0, rib.interner().size(), "every attribute set released");
        assertTrue(rec.all.contains("out 127.0.0.3 127.50.0.0/16 withdraw"));
    }

    @Test
    void staleRoutesStillCompeteButFreshOnesFromOthersWinOnMerit() {
        Rib rib = ribWithRoutes(new Fixtures.Recorder());
        rib.peerDownGraceful(PEER);
        rib.announce(OTHER, A, 0, attrs("127.0.0.3", 65003, 65004).build());
        assertEquals(PEER, rib.bestPath(A).orElseThrow().peer(), "the stale route has the shorter path");
        rib.sweepStale(PEER);
        assertEquals(OTHER, rib.bestPath(A).orElseThrow().peer());
    }

    @Test
    void softReconfigurationCopiesDoNotOutliveTheRestart() {
        Rib rib = Rib.create(config().build());
        rib.peerUp(PEER, PeerSettings.builder().importPolicy(dev.jbgp.rib.policy.Policy.acceptAll())
                .softReconfiguration(true).build());
        rib.announce(PEER, A, 0, attrs("127.0.0.2", 65001).build());
        rib.announce(PEER, B, 0, attrs("127.0.0.2", 65001).med(1).build());
        rib.peerDownGraceful(PEER);
        rib.peerUp(PEER, PeerSettings.builder().importPolicy(dev.jbgp.rib.policy.Policy.acceptAll())
                .softReconfiguration(true).build());
        rib.announce(PEER, A, 0, attrs("127.0.0.2", 65001).build());
        rib.endOfRib(PEER, AddressFamily.IPV4_UNICAST);
        assertTrue(rib.adjRibIn(PEER).prePolicy(A, 0).isPresent());
        assertTrue(rib.adjRibIn(PEER).prePolicy(B, 0).isEmpty(), "B was not re-sent");
        rib.reapplyImport(PEER, dev.jbgp.rib.policy.Policy.acceptAll());
        assertTrue(rib.bestPath(B).isEmpty(), "and does not come back");
        assertEquals(1, rib.interner().size());
        assertThrows(IllegalArgumentException.class, () -> rib.peerDown(rib.self()));
    }
}
