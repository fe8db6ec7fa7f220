package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.Route;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.jbgp.speaker.SpeakerFixtures.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts: the text rendering of a status snapshot, configuration checks and change detection. */
class SpeakerStatusTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void rendersInTheShapeOfGobgp() {
        InetAddress p2 = address("127.0.0.2");
        InetAddress p3 = address("127.0.0.3");
        InetAddress p4 = address("127.0.0.4");
        Prefix net = LocalRoute.parsePrefix("10.1.0.0/24");
        Route r2 = Route.of(PeerId.external(p2, 65001, 2), 0, PathAttributes.builder().origin(0).asSequence(65001)
                .nextHop(p2).med(5).addCommunity(65001 << 16 | 7).addLargeCommunity(65001, 1, 2).build(), 1, 0, false);
        Route r3 = Route.of(PeerId.external(p3, 65002, 3), 0, PathAttributes.builder().origin(0).asSequence(65002)
                .nextHop(p3).build(), 2, 0, false);
        Route r4 = Route.of(PeerId.external(p3, 65002, 3), 0, PathAttributes.builder().origin(2).asSequence(65002, 65009)
                .nextHop(p3).build(), 3, 0, false);
        Instant now = T0.plus(Duration.ofSeconds(3600 + 62));
        SpeakerStatus st = new SpeakerStatus(65000, "10.0.0.1", List.of(address("127.0.0.1")), 179,
                List.of(new NeighborStatus(p2, RemoteAs.of(65001), 65001, SessionState.ESTABLISHED, Optional.of(T0),
                                3, 3, 1, 2, 3, 0, 0, 0, Optional.empty(), Optional.empty()),
                        new NeighborStatus(p3, RemoteAs.external(), 65002, SessionState.ACTIVE, Optional.empty(),
                                0, 0, 0, 1, 1, 1, 0, 0, Optional.of("received: Cease / Administrative Shutdown"),
                                Optional.empty()),
                        new NeighborStatus(p4, RemoteAs.external(), 0, SessionState.CONNECT, Optional.empty(),
                                0, 0, 0, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty())),
                List.of(new RouteStatus(net, r2, true, false, now.minusSeconds(10)),
                        new RouteStatus(net, r3, false, true, now.minusSeconds(9)),
                        new RouteStatus(net, r4, false, false, now.minusSeconds(8))),
                now);
        String expected = String.join("\n",
                "--- BGP Server Configuration ---",
                "AS:        65000",
                "Router-ID: 10.0.0.1",
                "Listening Port: 179, Addresses: 127.0.0.1",
                "--- BGP Neighbors ---",
                "Peer          AS  Up/Down State       |#Received  Accepted",
                "127.0.0.2  65001 01:01:02 Establ      |        3         3",
                "127.0.0.3  65002    never Active      |        0         0",
                "127.0.0.4 external    never Connect     |        0         0",
                "--- BGP Route Info ---",
                "   Network              Next Hop             AS_PATH              Age        Attrs",
                "*> 10.1.0.0/24          127.0.0.2            65001                00:00:10   "
                        + "[{Origin: i} {Med: 5} {Communities: 65001:7} {LargeCommunity: [65001:1:2]}]",
                "*= 10.1.0.0/24          127.0.0.3            65002                00:00:09   [{Origin: i}]",
                "*  10.1.0.0/24          127.0.0.3            65002 65009          00:00:08   [{Origin: ?}]",
                "");
        assertEquals(expected, st.render());
        assertEquals(3, st.routes(net).size());
        assertEquals(Optional.of(65002L), st.neighbor(p3).map(NeighborStatus::asn), "the learned AS");
        assertEquals("external", st.neighbor(p4).orElseThrow().asText(), "no session yet: no AS learned");
    }

    @Test
    void configurationIsCheckedAndCopied() {
        InetAddress n = address("127.0.0.2");
        assertThrows(IllegalArgumentException.class, () -> SpeakerConfig.builder(0, "10.0.0.1").build());
        assertThrows(IllegalArgumentException.class, () -> Neighbor.builder(n, RemoteAs.of(1)).holdTimeSeconds(2).build());
        assertThrows(IllegalArgumentException.class, () -> RemoteAs.of(0));
        assertThrows(IllegalArgumentException.class, () -> new PrefixLimit(0, 75, Optional.empty()));
        SpeakerConfig c = SpeakerConfig.builder(4_200_000_000L, "10.0.0.1")
                .neighbor(Neighbor.builder(n, RemoteAs.internal()).build()).build();
        assertEquals(4_200_000_000L, c.neighbors().get(n).remoteAs().resolve(c.localAs()));
        SpeakerConfig d = c.toBuilder().removeNeighbor(n).build();
        assertEquals(1, c.neighbors().size(), "the original is unchanged");
        assertEquals(0, d.neighbors().size());
        assertEquals(75, PrefixLimit.of(100).warningThreshold());
    }

    @Test
    void onlySessionSettingsNeedANewSession() {
        Neighbor a = Neighbor.builder(address("127.0.0.2"), RemoteAs.of(65001)).build();
        assertEquals(List.of(), a.sessionChanges(a.toBuilder().importPolicy(Policy.acceptAll())
                .prefixLimit(PrefixLimit.of(10)).description("x").build()));
        assertEquals(List.of("holdTime", "gracefulRestartTime"), a.sessionChanges(a.toBuilder().holdTimeSeconds(30)
                .gracefulRestart(Duration.ofSeconds(120), false).build()));
        assertFalse(a.softReconfiguration(), "pre-policy routes are not kept by default (as BIRD and FRR)");
        assertEquals(List.of("softReconfiguration"), a.sessionChanges(a.toBuilder().softReconfiguration(true).build()),
                "the RIB keeps pre-policy routes or not from the session's start");
    }

    @Test
    void localRouteCarriesItsAttributesAndPrepends() {
        LocalRoute r = LocalRoute.builder("2001:db8::/48").nextHop(address("2001:db8:ffff::1")).med(3)
                .localPref(200).community(65000, 1).largeCommunity(65000, 2, 3).prepend(2).build();
        PathAttributes a = r.originated(65000);
        assertEquals(2, a.countAs(65000));
        assertEquals(3, a.med(-1));
        assertEquals(200, a.localPref(-1));
        assertEquals(0, r.attributes().asPathLength(), "the prepend is added when originated");
    }
}
