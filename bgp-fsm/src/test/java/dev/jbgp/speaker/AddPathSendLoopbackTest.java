package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.AddPathSend;
import dev.jbgp.rib.AdvertisedPath;
import dev.jbgp.rib.NextHopMode;
import dev.jbgp.wire.capability.AddPath;
import dev.jbgp.wire.nlri.Prefix;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static dev.jbgp.speaker.SpeakerFixtures.freshAddress;
import static dev.jbgp.speaker.SpeakerFixtures.neighbor;
import static dev.jbgp.speaker.SpeakerFixtures.speaker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ADD-PATH send (RFC 7911) between jbgp speakers on loopback: A learns one prefix from two upstreams
 * and originates it too, and sends all three paths, each with its own path identifier, to B; C, without
 * ADD-PATH, gets the best path only. A withdrawal upstream removes exactly one path at B.
 */
class AddPathSendLoopbackTest {

    private static final Prefix NET = LocalRoute.parsePrefix("198.51.100.0/24");

    private static boolean established(BgpSpeaker s, InetAddress peer) {
        return s.status().neighbor(peer).map(n -> n.state() == SessionState.ESTABLISHED).orElse(false);
    }

    /** Path id to next hop of the paths {@code s} holds for {@link #NET} from {@code peer}. */
    private static Map<Integer, String> pathsFrom(BgpSpeaker s, InetAddress peer) {
        Map<Integer, String> out = new HashMap<>();
        for (RouteStatus r : s.routes(NET)) {
            if (r.route().peer().address().equals(peer)) {
                out.put(r.route().pathId(), r.route().attributes().nextHop().orElseThrow().getHostAddress());
            }
        }
        return out;
    }

    @Test
    void aSendsEveryPathWithItsOwnIdToBAndTheBestOnlyToC() {
        InetAddress a = freshAddress();
        InetAddress u1 = freshAddress();
        InetAddress u2 = freshAddress();
        InetAddress b = freshAddress();
        InetAddress c = freshAddress();
        SpeakerConfig configA = speaker(65001, a)
                .neighbor(neighbor(u1, 65011, a, true).build())
                .neighbor(neighbor(u2, 65012, a, true).build())
                .neighbor(neighbor(b, 65002, a, true).nextHopMode(NextHopMode.UNCHANGED)
                        .addPath(AddPath.BOTH).addPathSend(AddPathSend.all()).build())
                .neighbor(neighbor(c, 65003, a, true).nextHopMode(NextHopMode.UNCHANGED)
                        .addPathSend(AddPathSend.bestOnly()).build())
                .build();
        try (BgpSpeaker sa = BgpSpeaker.start(configA);
             BgpSpeaker s1 = BgpSpeaker.start(speaker(65011, u1).neighbor(neighbor(a, 65001, u1, false).build()).build());
             BgpSpeaker s2 = BgpSpeaker.start(speaker(65012, u2).neighbor(neighbor(a, 65001, u2, false).build()).build());
             BgpSpeaker sb = BgpSpeaker.start(speaker(65002, b).neighbor(neighbor(a, 65001, b, false)
                     .addPath(AddPath.RECEIVE).build()).build());
             BgpSpeaker sc = BgpSpeaker.start(speaker(65003, c).neighbor(neighbor(a, 65001, c, false).build()).build())) {
            sa.announce(List.of(LocalRoute.builder(NET).build()));
            s1.announce(List.of(LocalRoute.builder(NET).build()));
            s2.announce(List.of(LocalRoute.builder(NET).prepend(1).build()));
            await("A has three paths", 15, () -> sa.routes(NET).size() == 3);
            await("B has three paths from A", 15, () -> pathsFrom(sb, a).size() == 3);

            Map<Integer, String> atB = pathsFrom(sb, a);
            assertEquals(Set.of(a.getHostAddress(), u1.getHostAddress(), u2.getHostAddress()),
                    new TreeSet<>(atB.values()), "each path with its own next hop: " + atB);
            assertTrue(atB.keySet().stream().allMatch(id -> id > 0), "non-zero path ids: " + atB);
            assertEquals(3, sa.status().neighbor(b).orElseThrow().advertised());
            // The path ids B received are the ones A's Adj-RIB-Out for B holds.
            Map<Integer, String> sent = new HashMap<>();
            for (AdvertisedPath p : sa.advertised(b, NET)) {
                sent.put(p.pathId(), p.attributes().nextHop().orElseThrow().getHostAddress());
            }
            assertEquals(atB, sent);

            // A route refresh re-sends the three paths under the same ids: B still holds three, no duplicates.
            long before = sb.status().neighbor(a).orElseThrow().received();
            sb.requestRouteRefresh(a);
            await("A re-sent its three paths", 10, () -> sb.status().neighbor(a).orElseThrow().received() >= before + 3);
            assertEquals(atB, pathsFrom(sb, a));

            await("C has A's best path", 15, () -> established(sc, a) && pathsFrom(sc, a).size() == 1);
            assertEquals(Map.of(0, a.getHostAddress()), pathsFrom(sc, a), "no ADD-PATH: the best path, path id 0");
            assertEquals(1, sa.status().neighbor(c).orElseThrow().advertised());
            assertEquals(List.of(0), sa.advertised(c, NET).stream().map(AdvertisedPath::pathId).toList());

            // u2 withdraws: exactly its path goes at B; the others keep their ids.
            s2.withdraw(List.of(NET));
            await("B has two paths from A", 15, () -> pathsFrom(sb, a).size() == 2);
            Map<Integer, String> after = pathsFrom(sb, a);
            Map<Integer, String> expected = new HashMap<>(atB);
            expected.values().remove(u2.getHostAddress());
            assertEquals(expected, after);
            assertEquals(Map.of(0, a.getHostAddress()), pathsFrom(sc, a));
        }
    }

    @Test
    void sendingMoreThanTheBestPathNeedsTheCapabilityWithSend() {
        InetAddress a = freshAddress();
        Neighbor.Builder n = neighbor(a, 65002, a, true).addPathSend(AddPathSend.bestN(2));
        assertThrows(IllegalArgumentException.class, n::build);
        assertThrows(IllegalArgumentException.class, () -> n.addPath(AddPath.RECEIVE).build());
        assertEquals(AddPathSend.bestN(2), n.addPath(AddPath.SEND).build().addPathSend());
        Neighbor built = n.build();
        assertEquals(List.of("addPathSend"), built.sessionChanges(built.toBuilder().addPathSend(AddPathSend.all()).build()));
    }
}
