package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import dev.jbgp.wire.nlri.Prefix;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static dev.jbgp.speaker.SpeakerFixtures.await;
import static dev.jbgp.speaker.SpeakerFixtures.freshAddress;
import static dev.jbgp.speaker.SpeakerFixtures.neighbor;
import static dev.jbgp.speaker.SpeakerFixtures.speaker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stage of the fault tests: a running speaker (AS 65000) with two passive neighbours on their own
 * loopback addresses, a well-behaved jbgp speaker (AS 65002) that holds {@link #GOOD_ROUTES} routes
 * in it the whole time, and a hostile raw peer (AS 65001) that the test drives. After the fault,
 * {@link #assertGoodPeerUntouched()} checks that the good session never left Established and that
 * its routes are all still there.
 */
final class FaultFixture implements AutoCloseable {

    static final int GOOD_ROUTES = 100;
    static final long HOSTILE_AS = 65001;

    final InetAddress self = freshAddress();
    final InetAddress good = freshAddress();
    final InetAddress hostile = freshAddress();
    final BgpSpeaker sp;
    final BgpSpeaker goodPeer;
    /** Every event {@link #sp} published, in order. */
    final List<SpeakerEvent> events = new CopyOnWriteArrayList<>();
    private final Instant goodSince;
    private final int setupEvents;

    /** The stage with the hostile neighbour as {@code hostileNeighbor} makes it (from a passive, accept-all one). */
    FaultFixture(UnaryOperator<Neighbor.Builder> hostileNeighbor) {
        this(hostileNeighbor, b -> b);
    }

    FaultFixture(UnaryOperator<Neighbor.Builder> hostileNeighbor, UnaryOperator<Neighbor.Builder> goodNeighbor) {
        BgpSpeaker started = null;
        BgpSpeaker startedGood = null;
        try {
            started = BgpSpeaker.start(speaker(65000, self)
                    .neighbor(goodNeighbor.apply(neighbor(good, 65002, self, true)).build())
                    .neighbor(hostileNeighbor.apply(neighbor(hostile, HOSTILE_AS, self, true)).build())
                    .build());
            started.addListener(events::add);
            startedGood = BgpSpeaker.start(speaker(65002, good)
                    .neighbor(neighbor(self, 65000, good, false).exportPolicy(Policy.acceptAll()).build()).build());
            List<LocalRoute> routes = new ArrayList<>();
            for (int i = 0; i < GOOD_ROUTES; i++) {
                routes.add(LocalRoute.builder("198.51." + i + ".0/24").build());
            }
            startedGood.announce(routes);
            BgpSpeaker s = started;
            await("the good peer's routes", 30, () -> s.status().neighbor(good).orElseThrow().accepted() == GOOD_ROUTES);
        } catch (RuntimeException | Error e) {
            if (started != null) {
                started.close();
            }
            if (startedGood != null) {
                startedGood.close();
            }
            throw e;
        }
        this.sp = started;
        this.goodPeer = startedGood;
        this.goodSince = sp.status().neighbor(good).orElseThrow().since().orElseThrow();
        this.setupEvents = events.size();
    }

    /** A TCP connection from the hostile address to the speaker, nothing sent yet. */
    RawBgpPeer connectHostile() throws IOException {
        return RawBgpPeer.connect(hostile.getHostAddress(), self.getHostAddress(), SpeakerFixtures.PORT, Duration.ofSeconds(10));
    }

    /** A hostile session brought to Established with this hold time (OPEN, KEEPALIVE both ways). */
    RawBgpPeer establishHostile(int holdTime) throws IOException {
        return establish(connectHostile(), holdTime);
    }

    /** Brings {@code peer} (already connected from the hostile address) to Established; closes it on failure. */
    RawBgpPeer establish(RawBgpPeer peer, int holdTime) throws IOException {
        try {
            peer.sendOpen(HOSTILE_AS, holdTime, hostile.getHostAddress(), RawMessages.multiprotocol(1, 1),
                    RawMessages.fourOctetAs(HOSTILE_AS), RawMessages.routeRefresh());
            peer.readMessage(RawMessages.OPEN, Duration.ofSeconds(10));
            peer.sendKeepalive();
            peer.readMessage(RawMessages.KEEPALIVE, Duration.ofSeconds(10));
            await("hostile session up", 20, () -> hostileState() == SessionState.ESTABLISHED);
            return peer;
        } catch (IOException | RuntimeException | Error e) {
            peer.close();
            throw e;
        }
    }

    SessionState hostileState() {
        return sp.status().neighbor(hostile).orElseThrow().state();
    }

    /** An UPDATE from the hostile peer announcing {@code count} /32s from 10.{@code block}.0.0, MED {@code med}. */
    static byte[] hostileAnnouncement(int block, int first, int count, long med) {
        int[] addrs = new int[count];
        for (int i = 0; i < count; i++) {
            addrs[i] = 10 << 24 | block << 16 | (first + i);
        }
        return RawMessages.update(new byte[0],
                RawMessages.basicAttributes(new long[] {HOSTILE_AS}, "198.18.0.1", med),
                RawMessages.ipv4Prefixes(addrs, 32));
    }

    static Prefix hostilePrefix(int block, int index) {
        return LocalRoute.parsePrefix("10." + block + "." + (index >> 8) + "." + (index & 0xFF) + "/32");
    }

    /**
     * The good peer's session stayed Established since the fixture was built (the same session, no
     * state change published for it) and every one of its routes is still in the Loc-RIB.
     */
    void assertGoodPeerUntouched() {
        NeighborStatus n = sp.status().neighbor(good).orElseThrow();
        assertEquals(SessionState.ESTABLISHED, n.state(), "the good peer's session");
        assertEquals(goodSince, n.since().orElseThrow(), "the good peer's session was never reset");
        assertEquals(GOOD_ROUTES, n.accepted(), "the good peer's routes");
        for (SpeakerEvent e : events.subList(setupEvents, events.size())) {
            if (e instanceof SpeakerEvent.SessionStateChanged c) {
                assertTrue(!c.neighbor().equals(good), "no state change for the good peer: " + c);
            }
        }
        for (int i = 0; i < GOOD_ROUTES; i += 17) {
            assertEquals(1, sp.routes(LocalRoute.parsePrefix("198.51." + i + ".0/24")).size(), "route " + i);
        }
    }

    /** Nothing of the hostile session is left queued either way. */
    void assertNoHostileBacklog() {
        await("no inbound backlog", 30, () -> sp.inboundBacklog(hostile)[0] == 0);
        await("no outbound backlog", 30, () -> {
            long[] out = sp.outboundBacklog(hostile);
            return out[0] == 0 && out[1] == 0;
        });
    }

    @Override
    public void close() {
        try {
            sp.close();
        } finally {
            goodPeer.close();
        }
    }
}
