package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.attrs;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.ibgp;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.options;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.decision.DecisionOptions;
import dev.jbgp.wire.nlri.Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ECMP: routes tied through the IGP-cost step share the load, within the max-paths limits. */
class MultipathTest {

    private static final Prefix ANYCAST = prefix("127.66.0.0/24");

    private static Rib rib(DecisionOptions o) {
        return Rib.create(config().decision(o).build());
    }

    private static void up(Rib rib, PeerId... peers) {
        for (PeerId p : peers) {
            rib.peerUp(p, open("127.0.0.1"));
        }
    }

    @Test
    void identicalAsPathsFormASetUpToMaxPaths() {
        Rib rib = rib(options().maxPathsEbgp(2).build());
        PeerId a = ebgp(2, 65001);
        PeerId b = ebgp(3, 65001);
        PeerId c = ebgp(4, 65001);
        up(rib, a, b, c);
        rib.announce(a, ANYCAST, 0, attrs("127.0.0.2", 65001, 65100).build());
        rib.announce(b, ANYCAST, 0, attrs("127.0.0.3", 65001, 65100).build());
        rib.announce(c, ANYCAST, 0, attrs("127.0.0.4", 65001, 65100).build());
        List<Route> mp = rib.multipath(ANYCAST);
        assertEquals(2, mp.size(), "max-paths 2");
        assertEquals(a, mp.get(0).peer(), "best first (lowest router id)");
        assertEquals(b, mp.get(1).peer());
    }

    @Test
    void differentAsnsOfEqualLengthNeedRelax() {
        PeerId a = ebgp(2, 65001);
        PeerId b = ebgp(3, 65002);
        for (boolean relax : new boolean[] {false, true}) {
            Rib rib = rib(options().maxPathsEbgp(4).asPathMultipathRelax(relax).build());
            up(rib, a, b);
            rib.announce(a, ANYCAST, 0, attrs("127.0.0.2", 65001, 65100).build());
            rib.announce(b, ANYCAST, 0, attrs("127.0.0.3", 65002, 65100).build());
            assertEquals(relax ? 2 : 1, rib.multipath(ANYCAST).size(), "relax " + relax);
        }
    }

    @Test
    void pathsThatLoseBeforeTheBoundaryAreNotInTheSet() {
        Rib rib = rib(options().maxPathsEbgp(4).asPathMultipathRelax(true).build());
        PeerId a = ebgp(2, 65001);
        PeerId b = ebgp(3, 65002);
        PeerId c = ebgp(4, 65003);
        up(rib, a, b, c);
        rib.announce(a, ANYCAST, 0, attrs("127.0.0.2", 65001).build());
        rib.announce(b, ANYCAST, 0, attrs("127.0.0.3", 65002).origin(PathAttributes.ORIGIN_EGP).build());
        rib.announce(c, ANYCAST, 0, attrs("127.0.0.4", 65003, 65003).build());
        assertEquals(1, rib.multipath(ANYCAST).size(), "worse ORIGIN and longer path are not equal-cost");
        assertEquals(3, rib.paths(ANYCAST).size());
    }

    @Test
    void ebgpAndIbgpLimitsAreSeparate() {
        Rib rib = rib(options().maxPathsEbgp(1).maxPathsIbgp(3).build());
        PeerId i1 = ibgp(2, false);
        PeerId i2 = ibgp(3, false);
        up(rib, i1, i2);
        rib.announce(i1, ANYCAST, 0, attrs("127.0.0.2", 65001).localPref(100).build());
        rib.announce(i2, ANYCAST, 0, attrs("127.0.0.3", 65001).localPref(100).build());
        assertEquals(2, rib.multipath(ANYCAST).size(), "iBGP max-paths 3");
        PeerId e1 = ebgp(4, 65001);
        PeerId e2 = ebgp(5, 65001);
        up(rib, e1, e2);
        rib.announce(e1, ANYCAST, 0, attrs("127.0.0.4", 65001).build());
        rib.announce(e2, ANYCAST, 0, attrs("127.0.0.5", 65001).build());
        assertEquals(1, rib.multipath(ANYCAST).size(), "eBGP best now, eBGP max-paths 1");
        assertEquals(e1, rib.bestPath(ANYCAST).orElseThrow().peer());
    }

    @Test
    void ibgpCanRequireEqualClusterListLength() {
        PeerId i1 = ibgp(2, false);
        PeerId i2 = ibgp(3, false);
        for (boolean require : new boolean[] {false, true}) {
            Rib rib = rib(options().maxPathsIbgp(2).multipathRequireEqualClusterListLength(require).build());
            up(rib, i1, i2);
            rib.announce(i1, ANYCAST, 0, attrs("127.0.0.2", 65001).clusterList(1).build());
            rib.announce(i2, ANYCAST, 0, attrs("127.0.0.3", 65001).clusterList(1, 2).build());
            assertEquals(require ? 1 : 2, rib.multipath(ANYCAST).size(), "require " + require);
        }
    }

    @Test
    void multipathChangesAreEventsAndInSnapshots() {
        Rib rib = rib(options().maxPathsEbgp(4).build());
        Fixtures.Recorder rec = new Fixtures.Recorder();
        rib.addListener(rec);
        PeerId a = ebgp(2, 65001);
        PeerId b = ebgp(3, 65001);
        up(rib, a, b);
        rib.announce(a, ANYCAST, 0, attrs("127.0.0.2", 65001).build());
        rib.announce(b, ANYCAST, 0, attrs("127.0.0.3", 65001).build());
        assertEquals(2, rec.loc.size(), "the second path joins the set: an event although the best is unchanged");
        LocRibChange join = rec.loc.get(1);
        assertEquals(join.previousBest(), join.best());
        assertEquals(1, join.previousMultipath().size());
        assertEquals(2, join.multipath().size());
        DestinationSnapshot d = rib.snapshot().get(ANYCAST).orElseThrow();
        assertEquals(2, d.multipath().size());
        assertTrue(d.inMultipath(d.paths().get(1)));
        rib.withdraw(b, ANYCAST, 0);
        assertEquals(3, rec.loc.size());
        assertEquals(1, rec.loc.get(2).multipath().size());
    }

    @Test
    void locallyOriginatedRoutesAreNeverMultipath() {
        Rib rib = rib(options().maxPathsEbgp(4).maxPathsIbgp(4).build());
        rib.originate(ANYCAST, PathAttributes.builder().build());
        PeerId a = ebgp(2, 65001);
        up(rib, a);
        rib.announce(a, ANYCAST, 0, attrs("127.0.0.2", 65001).build());
        assertEquals(1, rib.multipath(ANYCAST).size());
        assertTrue(rib.bestPath(ANYCAST).orElseThrow().peer().isLocal());
    }
}
