package dev.jbgp.fsm.interop;

import dev.jbgp.fsm.NegotiatedSession;
import dev.jbgp.fsm.SessionState;
import dev.jbgp.testkit.daemon.Afi;
import dev.jbgp.testkit.daemon.Announcement;
import dev.jbgp.testkit.daemon.BgpDaemon;
import dev.jbgp.testkit.daemon.Capability;
import dev.jbgp.testkit.daemon.Daemon;
import dev.jbgp.testkit.daemon.DaemonConfig;
import dev.jbgp.testkit.daemon.DaemonException;
import dev.jbgp.testkit.daemon.Interop;
import dev.jbgp.testkit.daemon.LoopbackAddresses;
import dev.jbgp.testkit.daemon.Neighbour;
import dev.jbgp.testkit.daemon.NeighbourInfo;
import dev.jbgp.testkit.daemon.RibRoute;
import dev.jbgp.wire.MessageHeader;
import dev.jbgp.wire.MessageType;
import dev.jbgp.wire.error.ErrorCode;
import dev.jbgp.wire.error.Subcodes;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.NotificationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What issue 8 asks of a session with a real router, run against one daemon per subclass: the
 * session comes up whoever connects, negotiates 4-octet AS + IPv4/IPv6 unicast + route refresh +
 * graceful restart (seen from both ends), survives two hold times on keepalives alone, delivers
 * the daemon's UPDATEs intact, makes the daemon log our RFC 8203 shutdown communication, goes down
 * when the daemon process is killed and comes back when it returns, and signs with TCP MD5.
 *
 * <p>Every test starts its own daemon on its own 127.x address through the testkit launcher, after
 * {@link Interop#require}: skipped (naming the package) where the daemon is missing, failed under
 * {@code -Djbgp.interop=required}. The tests of a class run concurrently (they mostly wait on BGP
 * timers) while the class itself runs in sequence with the module's other classes
 * ({@code SAME_THREAD}): a dozen daemon processes and their sessions would otherwise starve the
 * timing-sensitive driver tests running beside them.
 *
 * <p>Exercised with bird2 2.0.12, frr 8.4.4 ({@code /usr/lib/frr/bgpd}) and gobgpd 3.10.0 (Debian 12).
 */
@Execution(ExecutionMode.SAME_THREAD)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class DaemonInteropContract {

    /** The daemon's AS: 4-octet too, so AS_PATHs in both directions need RFC 6793. */
    static final long DAEMON_AS = 4_200_000_010L;
    /** Bound on every wait for a session to come up or go down (the machine is shared and slow). */
    static final Duration UP = Duration.ofSeconds(20);
    /** Hold time of the ordinary tests: short, so a missing keepalive would show within seconds. */
    static final int HOLD = 6;
    /** Hold time of the keepalive test (the RFC 4271 minimum; keepalives every second). */
    static final int SHORT_HOLD = 3;

    static final Announcement ROUTE4 = Announcement.of("198.51.100.0/24", "198.18.0.1")
            .withMed(50).withCommunities("64512:100");
    static final Announcement ROUTE6 = Announcement.of("2001:db8:a::/48", "2001:db8:ffff::1");

    /** The daemon under test. */
    abstract Daemon daemon();

    /** Skips every test, naming the package to install, where the daemon is missing (fails in required mode). */
    @BeforeEach
    void requireDaemon() {
        Interop.require(daemon());
    }

    // ------------------------------------------------------------------ 1. Established both ways

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void establishedWhenWeConnectToThePassiveDaemon() throws Exception {
        String ours = LoopbackAddresses.allocate();
        try (BgpDaemon d = startDaemon(neighbour(ours, HOLD).asPassive());
             JbgpPeer jbgp = JbgpPeer.connecting(ours, d.config().localAddress(), DAEMON_AS, HOLD, Optional.empty())) {
            jbgp.session.start();
            awaitEstablished(jbgp, d);
            d.awaitEstablished(ours, UP);
            List<SessionState> states = jbgp.listener.states();
            assertEquals(SessionState.CONNECT, states.get(0), "we connect: " + states);
            assertOpenExchangeLast(states);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void establishedWhenTheDaemonConnectsToUs() throws Exception {
        String ours = LoopbackAddresses.allocate();
        String theirs = LoopbackAddresses.allocate();
        try (JbgpPeer jbgp = JbgpPeer.listening(ours, theirs, DAEMON_AS, HOLD)) {
            jbgp.session.start();
            assertTrue(jbgp.session.awaitState(SessionState.ACTIVE, UP), "passive session waits in Active");
            try (BgpDaemon d = startDaemon(theirs, neighbour(ours, HOLD))) {
                awaitEstablished(jbgp, d);
                d.awaitEstablished(ours, UP);
                List<SessionState> states = jbgp.listener.states();
                assertEquals(SessionState.ACTIVE, states.get(0), "we wait: " + states);
                assertFalse(states.contains(SessionState.CONNECT), "a passive session never connects: " + states);
                assertOpenExchangeLast(states);
            }
        }
    }

    // ------------------------------------------------------------------ 2. capabilities

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void capabilitiesNegotiatedOnBothEnds() throws Exception {
        String ours = LoopbackAddresses.allocate();
        try (BgpDaemon d = startDaemon(neighbour(ours, HOLD).asPassive());
             JbgpPeer jbgp = JbgpPeer.connecting(ours, d.config().localAddress(), DAEMON_AS, HOLD, Optional.empty())) {
            jbgp.session.start();
            awaitEstablished(jbgp, d);
            NegotiatedSession s = jbgp.session.negotiated().orElseThrow();
            assertTrue(s.fourOctetAs(), "4-octet AS (RFC 6793)");
            assertEquals(DAEMON_AS, s.peerAs(), "the daemon's AS from its 4-octet AS capability");
            assertEquals(JbgpPeer.AS, s.localAs());
            assertEquals(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), s.families());
            assertTrue(s.routeRefresh(), "route refresh (RFC 2918)");
            assertTrue(s.peerGracefulRestart().isPresent(), "graceful restart (RFC 4724): " + s.peerOpen());
            assertEquals(HOLD, s.holdTimeSeconds());
            assertEquals(HOLD / 3, s.keepaliveSeconds());
            assertEquals(Set.of(), s.addPathReceive(), "no ADD-PATH offered, none negotiated");

            d.awaitEstablished(ours, UP);
            NeighbourInfo info = d.neighbourInfo(ours);
            Set<Capability> expected = EnumSet.of(Capability.FOUR_OCTET_AS, Capability.MULTIPROTOCOL_IPV4_UNICAST,
                    Capability.MULTIPROTOCOL_IPV6_UNICAST, Capability.ROUTE_REFRESH, Capability.GRACEFUL_RESTART);
            assertTrue(info.negotiated().containsAll(expected),
                    d.kind().displayName() + " reports " + info.negotiated() + ", expected " + expected + "\n" + info.raw());
            assertFalse(info.negotiated().contains(Capability.ADD_PATH), info.raw());
            assertFalse(info.negotiated().contains(Capability.EXTENDED_MESSAGE), "we did not offer it: " + info.raw());
        }
    }

    // ------------------------------------------------------------------ 3. keepalives

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void keepalivesHoldTheSessionPastTwoHoldTimes() throws Exception {
        String ours = LoopbackAddresses.allocate();
        try (BgpDaemon d = startDaemon(neighbour(ours, SHORT_HOLD).asPassive());
             JbgpPeer jbgp = JbgpPeer.connecting(ours, d.config().localAddress(), DAEMON_AS, SHORT_HOLD,
                     Optional.empty())) {
            jbgp.session.start();
            awaitEstablished(jbgp, d);
            d.awaitEstablished(ours, UP);
            assertEquals(SHORT_HOLD, jbgp.session.negotiated().orElseThrow().holdTimeSeconds());
            // Nothing but KEEPALIVEs crosses now (the daemon has no routes to send): if either side
            // stopped sending them, the other's HoldTimer would expire within 3 s and we would see it.
            long watchUntil = System.nanoTime() + Duration.ofSeconds(2L * SHORT_HOLD + 1).toNanos();
            while (System.nanoTime() - watchUntil < 0) {
                assertEquals(SessionState.ESTABLISHED, jbgp.session.state(), jbgp.listener.describe());
                Thread.sleep(200);
            }
            assertEquals(dev.jbgp.testkit.daemon.SessionState.ESTABLISHED, d.sessionState(ours), d.log());
            assertEquals(0, jbgp.listener.downs(), jbgp.listener.describe());
            assertEquals(List.of(), jbgp.listener.sentSinceEstablished(), "no NOTIFICATION (Hold Timer Expired) from us");
            assertEquals(List.of(), jbgp.listener.receivedSinceEstablished(),
                    "no NOTIFICATION from " + d.kind().displayName());
        }
    }

    // ------------------------------------------------------------------ 4. an UPDATE from the daemon

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void updatesFromTheDaemonArriveIntact() throws Exception {
        String ours = LoopbackAddresses.allocate();
        try (BgpDaemon d = startDaemon(neighbour(ours, HOLD).asPassive(), ROUTE4, ROUTE6);
             JbgpPeer jbgp = JbgpPeer.connecting(ours, d.config().localAddress(), DAEMON_AS, HOLD, Optional.empty())) {
            jbgp.session.start();
            awaitEstablished(jbgp, d);
            String prefix4 = ReceivedUpdate.canonical(ROUTE4.prefix());
            String prefix6 = ReceivedUpdate.canonical(ROUTE6.prefix());
            until(() -> jbgp.listener.updates().stream().anyMatch(u -> u.nlri().contains(prefix4))
                            && jbgp.listener.updates().stream().anyMatch(u -> u.ipv6Nlri().contains(prefix6)),
                    () -> "UPDATEs for " + prefix4 + " and " + prefix6 + ": " + jbgp.listener.updates()
                            + " " + jbgp.listener.describe());
            assertEquals(List.of(), jbgp.listener.problems());

            ReceivedUpdate v4 = jbgp.listener.updates().stream().filter(u -> u.nlri().contains(prefix4))
                    .findFirst().orElseThrow();
            assertEquals(List.of(prefix4), v4.nlri());
            assertEquals(Optional.of(0), v4.origin(), "IGP");
            assertEquals(List.of(DAEMON_AS), v4.asPath(), "eBGP: the daemon's AS alone, 4 octets");
            assertEquals(Optional.of(ROUTE4.nextHop()), v4.nextHop());
            assertEquals(OptionalLong.of(50), v4.med());
            assertEquals(List.of("64512:100"), v4.communities());

            ReceivedUpdate v6 = jbgp.listener.updates().stream().filter(u -> u.ipv6Nlri().contains(prefix6))
                    .findFirst().orElseThrow();
            assertEquals(List.of(prefix6), v6.ipv6Nlri());
            assertEquals(List.of(), v6.nlri(), "IPv6 travels in MP_REACH_NLRI only (RFC 4760)");
            assertEquals(Optional.of(ReceivedUpdate.canonicalAddress(ROUTE6.nextHop())), v6.ipv6NextHop());
            assertEquals(List.of(DAEMON_AS), v6.asPath());
            assertEquals(Optional.of(0), v6.origin());
            for (ReceivedUpdate u : jbgp.listener.updates()) {
                assertTrue(u.withdrawn().isEmpty(), "nothing withdrawn: " + u);
            }

            // ROUTE-REFRESH (RFC 2918): the daemon sends its IPv4 routes again, unchanged
            long before = jbgp.listener.updates().stream().filter(u -> u.nlri().contains(prefix4)).count();
            jbgp.session.sendRouteRefresh(AddressFamily.IPV4_UNICAST);
            until(() -> jbgp.listener.updates().stream().filter(u -> u.nlri().contains(prefix4)).count() > before,
                    () -> "no UPDATE after our ROUTE-REFRESH: " + jbgp.listener.updates());
            ReceivedUpdate again = jbgp.listener.updates().stream().filter(u -> u.nlri().contains(prefix4))
                    .reduce((first, second) -> second).orElseThrow();
            assertEquals(v4.asPath(), again.asPath());
            assertEquals(v4.nextHop(), again.nextHop());
            assertEquals(v4.med(), again.med());
            assertEquals(SessionState.ESTABLISHED, jbgp.session.state(), jbgp.listener.describe());
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anUpdateWeSendReachesTheDaemonsRib() throws Exception {
        String ours = LoopbackAddresses.allocate();
        try (BgpDaemon d = startDaemon(neighbour(ours, HOLD).asPassive());
             JbgpPeer jbgp = JbgpPeer.connecting(ours, d.config().localAddress(), DAEMON_AS, HOLD, Optional.empty())) {
            jbgp.session.start();
            awaitEstablished(jbgp, d);
            d.awaitEstablished(ours, UP);
            jbgp.session.sendUpdate(ourUpdate());
            List<RibRoute> rib = d.awaitRoutes(Afi.IPV4, routes -> routes.stream().anyMatch(r -> r.prefix().equals(OUR_PREFIX)),
                    "learned " + OUR_PREFIX + " from jbgp", UP);
            RibRoute r = rib.stream().filter(x -> x.prefix().equals(OUR_PREFIX)).findFirst().orElseThrow();
            assertEquals(ours, r.neighbour());
            assertEquals("198.18.0.200", r.nextHop());
            assertEquals(List.of(JbgpPeer.AS), r.asPath(), "our 4-octet AS, as sent");
            assertEquals(OptionalLong.of(7), r.med());
            assertEquals(List.of("64512:7"), r.communities());
            assertEquals(List.of(), jbgp.listener.receivedSinceEstablished(), "the daemon found nothing wrong with it");
        }
    }

    /** The prefix {@link #ourUpdate()} announces (RFC 5737 documentation range). */
    static final String OUR_PREFIX = "203.0.113.0/24";

    /**
     * An UPDATE written by hand from RFC 4271 §4.3 and §5.1: ORIGIN IGP, AS_PATH one AS_SEQUENCE of
     * our 4-octet AS (RFC 6793), NEXT_HOP 198.18.0.200, MED 7, COMMUNITIES 64512:7, NLRI
     * 203.0.113.0/24. The caller passes it to {@code sendUpdate}, which then owns it.
     */
    static ByteBuf ourUpdate() {
        ByteBuf out = Unpooled.buffer();
        int start = MessageHeader.writeHeader(out, MessageType.UPDATE);
        out.writeShort(0);                                     // Withdrawn Routes Length
        int lengthAt = out.writerIndex();
        out.writeShort(0);                                     // Total Path Attribute Length, patched below
        out.writeBytes(new byte[] {0x40, 1, 1, 0});            // ORIGIN: well-known transitive, IGP
        out.writeBytes(new byte[] {0x40, 2, 6, 2, 1});         // AS_PATH: AS_SEQUENCE of one
        out.writeInt((int) JbgpPeer.AS);
        out.writeBytes(new byte[] {0x40, 3, 4, (byte) 198, 18, 0, (byte) 200}); // NEXT_HOP
        out.writeBytes(new byte[] {(byte) 0x80, 4, 4}).writeInt(7);             // MED: optional non-transitive
        out.writeBytes(new byte[] {(byte) 0xC0, 8, 4}).writeShort(64512).writeShort(7); // COMMUNITIES
        out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
        out.writeBytes(new byte[] {24, (byte) 203, 0, 113});   // NLRI 203.0.113.0/24
        MessageHeader.patchLength(out, start);
        return out;
    }

    // ------------------------------------------------------------------ both active (RFC 4271 §6.8)

    /**
     * Both ends active and listening, as most deployments run: whether the two connections cross
     * (a collision, resolved by BGP identifier) or one is refused first depends on timing, so this
     * asserts the outcome that matters either way: one session, kept by both ends.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void bothSidesActiveConvergeOnOneStableSession() throws Exception {
        String ours = LoopbackAddresses.allocate();
        String theirs = LoopbackAddresses.allocate();
        try (JbgpPeer jbgp = JbgpPeer.activeAndListening(ours, theirs, DAEMON_AS, SHORT_HOLD)) {
            // We dial (refused, retried every second) while the daemon starts and dials us: connections cross.
            jbgp.session.start();
            try (BgpDaemon d = startDaemon(theirs, neighbour(ours, SHORT_HOLD))) {
                collisionConverges(jbgp, d, ours);
            }
        }
    }

    private static void collisionConverges(JbgpPeer jbgp, BgpDaemon d, String ours) throws InterruptedException {
        awaitEstablished(jbgp, d);
        d.awaitEstablished(ours, UP);
        // Had each side kept a different connection, one of them would be torn down within a hold time.
        long watchUntil = System.nanoTime() + Duration.ofSeconds(SHORT_HOLD + 1).toNanos();
        while (System.nanoTime() - watchUntil < 0) {
            assertEquals(SessionState.ESTABLISHED, jbgp.session.state(), jbgp.listener.describe());
            Thread.sleep(200);
        }
        assertEquals(dev.jbgp.testkit.daemon.SessionState.ESTABLISHED, d.sessionState(ours), d.log());
        assertEquals(0, jbgp.listener.downs(), jbgp.listener.describe());
        assertEquals(1, jbgp.listener.states().stream().filter(st -> st == SessionState.ESTABLISHED).count(),
                jbgp.listener.describe());
    }

    // ------------------------------------------------------------------ 5. shutdown communication

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void manualStopShutdownCommunicationIsLoggedByTheDaemon() throws Exception {
        String ours = LoopbackAddresses.allocate();
        String message = "jbgp interop: maintenance of " + daemon().name().toLowerCase();
        try (BgpDaemon d = startDaemon(neighbour(ours, HOLD).asPassive());
             JbgpPeer jbgp = JbgpPeer.connecting(ours, d.config().localAddress(), DAEMON_AS, HOLD, Optional.empty())) {
            jbgp.session.start();
            awaitEstablished(jbgp, d);
            d.awaitEstablished(ours, UP);
            jbgp.session.stop(Optional.of(message));
            assertTrue(jbgp.session.awaitState(SessionState.IDLE, UP), jbgp.listener.describe());
            d.awaitNotEstablished(ours, UP);
            until(() -> d.log().contains(message), () -> d.kind().displayName() + " never logged \"" + message
                    + "\":\n" + d.log());
            until(() -> !jbgp.listener.sentSinceEstablished().isEmpty(),
                    () -> "NOTIFICATION sent: " + jbgp.listener.describe());
            List<NotificationMessage> sent = jbgp.listener.sentSinceEstablished();
            assertEquals(1, sent.size(), jbgp.listener.describe());
            assertEquals(ErrorCode.CEASE.value(), sent.get(0).code());
            assertEquals(Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN, sent.get(0).subcode());
            assertEquals(Optional.of(message), sent.get(0).shutdownCommunication());
            Thread.sleep(1500); // ManualStop leaves us Idle: no reconnection, whatever the daemon does
            assertEquals(SessionState.IDLE, jbgp.session.state(), jbgp.listener.describe());
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void daemonsShutdownCommunicationReachesUsAndItsReEnableBringsUsBack() throws Exception {
        String ours = LoopbackAddresses.allocate();
        String message = "maintenance by " + daemon().name().toLowerCase() + ", back soon";
        try (BgpDaemon d = startDaemon(neighbour(ours, HOLD).asPassive());
             JbgpPeer jbgp = JbgpPeer.connecting(ours, d.config().localAddress(), DAEMON_AS, HOLD, Optional.empty())) {
            jbgp.session.start();
            awaitEstablished(jbgp, d);
            d.awaitEstablished(ours, UP);
            d.disableNeighbour(ours, message);
            until(() -> !jbgp.listener.receivedSinceEstablished().isEmpty(),
                    () -> "no NOTIFICATION: " + jbgp.listener.describe());
            NotificationMessage n = jbgp.listener.receivedSinceEstablished().get(0);
            assertEquals(ErrorCode.CEASE.value(), n.code(), n.describe());
            assertEquals(Subcodes.Cease.ADMINISTRATIVE_SHUTDOWN, n.subcode(), n.describe());
            assertEquals(Optional.of(message), n.shutdownCommunication(), "RFC 8203 communication decoded");
            until(() -> jbgp.listener.downs() == 1, () -> "one Down notice: " + jbgp.listener.describe());
            d.enableNeighbour(ours);
            assertTrue(jbgp.session.awaitState(SessionState.ESTABLISHED, UP),
                    "we retry until the daemon takes us again: " + jbgp.listener.describe());
            d.awaitEstablished(ours, UP);
        }
    }

    // ------------------------------------------------------------------ 6. the daemon dies and returns

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void killedDaemonTakesUsDownAndItsReturnBringsUsBack() throws Exception {
        String ours = LoopbackAddresses.allocate();
        try (BgpDaemon d = startDaemon(neighbour(ours, HOLD).asPassive(), ROUTE4);
             JbgpPeer jbgp = JbgpPeer.connecting(ours, d.config().localAddress(), DAEMON_AS, HOLD, Optional.empty())) {
            jbgp.session.start();
            awaitEstablished(jbgp, d);
            String prefix4 = ReceivedUpdate.canonical(ROUTE4.prefix());
            until(() -> jbgp.listener.updates().stream().anyMatch(u -> u.nlri().contains(prefix4)),
                    () -> "first UPDATE: " + jbgp.listener.describe());

            // SIGKILL: no NOTIFICATION, only the kernel closing the socket, as when a router crashes.
            ProcessHandle process = ProcessHandle.of(d.pid()).orElseThrow();
            process.destroyForcibly();
            process.onExit().get(10, TimeUnit.SECONDS);
            until(() -> jbgp.listener.states().size() > jbgp.listener.states().indexOf(SessionState.ESTABLISHED) + 1,
                    () -> "still up: " + jbgp.listener.describe());
            List<SessionState> states = jbgp.listener.states();
            SessionState afterLoss = states.get(states.indexOf(SessionState.ESTABLISHED) + 1);
            assertTrue(afterLoss == SessionState.IDLE || afterLoss == SessionState.ACTIVE,
                    "Established is followed by Idle or Active: " + states);
            // the Down notice follows the state change within the same event-loop task
            until(() -> jbgp.listener.downs() == 1, () -> "one Down notice: " + jbgp.listener.describe());
            d.stop(); // the launcher's bookkeeping: the process is already gone

            int updatesBefore = jbgp.listener.updates().size();
            d.start();
            assertTrue(jbgp.session.awaitState(SessionState.ESTABLISHED, UP),
                    "back to Established after the restart: " + jbgp.listener.describe() + "\n" + d.log());
            d.awaitEstablished(ours, UP);
            until(() -> jbgp.listener.updates().stream().skip(updatesBefore).anyMatch(u -> u.nlri().contains(prefix4)),
                    () -> "the route again after the restart: " + jbgp.listener.describe());
            assertEquals(2, jbgp.listener.states().stream().filter(s -> s == SessionState.ESTABLISHED).count(),
                    jbgp.listener.describe());
        }
    }

    // ------------------------------------------------------------------ TCP MD5 (RFC 2385)

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void md5SignedSessionComesUpWithTheRightPasswordOnly() throws Exception {
        Assumptions.assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(),
                "TCP MD5 needs Netty's native epoll transport: " + io.netty.channel.epoll.Epoll.unavailabilityCause());
        String ours = LoopbackAddresses.allocate();
        String password = "jbgp-md5-" + daemon().name().toLowerCase();
        try (BgpDaemon d = startDaemon(neighbour(ours, HOLD).asPassive().withMd5Password(password))) {
            String theirs = d.config().localAddress();
            try (JbgpPeer wrong = JbgpPeer.connecting(ours, theirs, DAEMON_AS, HOLD, Optional.of(password + "-wrong"))) {
                wrong.session.start();
                // The kernel drops segments with a bad signature: not even the TCP connection forms.
                assertFalse(wrong.session.awaitState(SessionState.OPEN_SENT, Duration.ofSeconds(4)),
                        "a wrong MD5 password must not get a connection: " + wrong.listener.describe());
                assertFalse(wrong.listener.states().contains(SessionState.ESTABLISHED));
                assertTrue(d.sessionState(ours) != dev.jbgp.testkit.daemon.SessionState.ESTABLISHED, d.log());
            }
            try (JbgpPeer right = JbgpPeer.connecting(ours, theirs, DAEMON_AS, HOLD, Optional.of(password))) {
                right.session.start();
                awaitEstablished(right, d);
                d.awaitEstablished(ours, UP);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The daemon's neighbour entry for us: our address and AS, graceful restart on, this hold time. */
    static Neighbour neighbour(String ours, int holdTime) {
        return Neighbour.of(ours, LoopbackAddresses.TEST_PORT, JbgpPeer.AS).withHoldTime(holdTime)
                .withGracefulRestart(JbgpPeer.RESTART_TIME);
    }

    /** Starts the daemon on a fresh address, with one neighbour (us) and these routes. */
    BgpDaemon startDaemon(Neighbour us, Announcement... routes) {
        return startDaemon(LoopbackAddresses.allocate(), us, routes);
    }

    BgpDaemon startDaemon(String address, Neighbour us, Announcement... routes) {
        Interop.require(daemon());
        DaemonConfig.Builder config = DaemonConfig.builder().localAddress(address).port(LoopbackAddresses.TEST_PORT)
                .asn(DAEMON_AS).neighbour(us);
        for (Announcement a : routes) {
            config.announce(a);
        }
        return BgpDaemon.start(daemon(), config.build());
    }

    /** The session came up through OpenSent and OpenConfirm (RFC 4271 §8.2.2), and nothing after. */
    static void assertOpenExchangeLast(List<SessionState> states) {
        assertTrue(states.size() >= 4, states.toString());
        assertEquals(List.of(SessionState.OPEN_SENT, SessionState.OPEN_CONFIRM, SessionState.ESTABLISHED),
                states.subList(states.size() - 3, states.size()));
    }

    static void awaitEstablished(JbgpPeer jbgp, BgpDaemon d) throws InterruptedException {
        if (!jbgp.session.awaitState(SessionState.ESTABLISHED, UP)) {
            fail("jbgp " + jbgp.address + " never Established with " + d + ": " + jbgp.listener.describe()
                    + "\n--- " + d.kind().displayName() + " log ---\n" + d.log());
        }
    }

    /** Polls {@code condition} every 100 ms for at most {@link #UP}. */
    static void until(BooleanSupplier condition, Supplier<String> failure) throws InterruptedException {
        long deadline = System.nanoTime() + UP.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(failure.get());
            }
            Thread.sleep(100);
        }
    }
}
