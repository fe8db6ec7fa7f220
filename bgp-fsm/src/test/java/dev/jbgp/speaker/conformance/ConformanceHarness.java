package dev.jbgp.speaker.conformance;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.Route;
import dev.jbgp.speaker.BgpSpeaker;
import dev.jbgp.speaker.LocalRoute;
import dev.jbgp.speaker.Neighbor;
import dev.jbgp.speaker.NeighborStatus;
import dev.jbgp.speaker.RouteStatus;
import dev.jbgp.speaker.SpeakerConfig;
import dev.jbgp.speaker.SpeakerStatus;
import dev.jbgp.speaker.SpeakerFixtures;
import dev.jbgp.testkit.peer.MessageInbox;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Prefix;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static dev.jbgp.speaker.SpeakerFixtures.neighbor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One running {@link BgpSpeaker} (AS 65000, IPv4 and IPv6 unicast) on loopback with two peers that
 * stay up for a whole test class, and hostile peers made on demand:
 *
 * <ul>
 *   <li>a well-behaved <em>bystander</em> (AS 65002) that announced {@link #BYSTANDER_ROUTES} at the
 *       start and must keep its session and every route whatever the hostile peers send;</li>
 *   <li>an <em>observer</em> (AS 65003) that announces nothing and records what the speaker exports
 *       to it, to see how a received attribute travels on;</li>
 *   <li>hostile peers ({@link HostilePeer}), each a fresh neighbour on a fresh 127.0.x.y added to the
 *       running speaker, so a reset session costs no IdleHold wait and no damping; one established
 *       session per {@link PeerKind} is kept and reused while it stays up.</li>
 * </ul>
 *
 * Peers run with Hold Time 0 in their OPEN (RFC 4271 §4.2: no KEEPALIVEs, no hold timer), so a test
 * thread that only sends never loses a session to a timer. Owned by one test class; not thread-safe.
 */
final class ConformanceHarness implements AutoCloseable {

    static final long LOCAL_AS = 65000;
    static final long BYSTANDER_AS = 65002;
    static final long OBSERVER_AS = 65003;
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The bystander's routes: two IPv4 and one IPv6 prefix (documentation ranges, RFC 5737 / 3849). */
    static final List<String> BYSTANDER_ROUTES = List.of("203.0.113.0/24", "198.51.100.0/24", "2001:db8:beef::/48");

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    final InetAddress self;
    final BgpSpeaker speaker;
    final InetAddress bystanderAddress;
    final InetAddress observerAddress;
    private final RawBgpPeer bystander;
    private final MessageInbox bystanderInbox;
    private final RawBgpPeer observer;
    final MessageInbox observerInbox;
    /** What the speaker exported to the observer. */
    final ObserverRib observed;
    private final Map<PeerKind, HostilePeer> established = new EnumMap<>(PeerKind.class);

    private ConformanceHarness(InetAddress self, BgpSpeaker speaker, InetAddress bystanderAddress,
                               InetAddress observerAddress, RawBgpPeer bystander, MessageInbox bystanderInbox,
                               RawBgpPeer observer, MessageInbox observerInbox) {
        this.self = self;
        this.speaker = speaker;
        this.bystanderAddress = bystanderAddress;
        this.observerAddress = observerAddress;
        this.bystander = bystander;
        this.bystanderInbox = bystanderInbox;
        this.observer = observer;
        this.observerInbox = observerInbox;
        this.observed = new ObserverRib(observerInbox);
    }

    /** Starts the speaker and brings the bystander (with its routes) and the observer up. */
    static ConformanceHarness start() throws Exception {
        InetAddress self = SpeakerFixtures.freshAddress();
        InetAddress b = SpeakerFixtures.freshAddress();
        InetAddress o = SpeakerFixtures.freshAddress();
        SpeakerConfig config = SpeakerFixtures.speaker(LOCAL_AS, self)
                .families(Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST))
                .neighbor(neighbor(b, BYSTANDER_AS, self, true).build())
                .neighbor(neighbor(o, OBSERVER_AS, self, true).build())
                .build();
        BgpSpeaker speaker = BgpSpeaker.start(config);
        RawBgpPeer bystander = null;
        RawBgpPeer observer = null;
        try {
            bystander = connect(b, self);
            establish(bystander, openFor(BYSTANDER_AS, b, true));
            MessageInbox bi = MessageInbox.start(bystander);
            observer = connect(o, self);
            establish(observer, openFor(OBSERVER_AS, o, true));
            MessageInbox oi = MessageInbox.start(observer);
            ConformanceHarness h = new ConformanceHarness(self, speaker, b, o, bystander, bi, observer, oi);
            byte[] nh = b.getAddress();
            byte[] base = RawMessages.concat(
                    RawMessages.attribute(0x40, 1, new byte[] {0}),
                    RawMessages.attribute(0x40, 2, asSequence4(BYSTANDER_AS)));
            bystander.send(RawMessages.update(new byte[0],
                    RawMessages.concat(base, RawMessages.attribute(0x40, 3, nh)),
                    RawMessages.concat(RawMessages.prefix(BYSTANDER_ROUTES.get(0)), RawMessages.prefix(BYSTANDER_ROUTES.get(1)))));
            bystander.send(RawMessages.update(new byte[0], RawMessages.concat(base,
                    RawMessages.attribute(0x90, 14, mpReachIpv6(RawMessages.prefix(BYSTANDER_ROUTES.get(2))))), new byte[0]));
            h.await("bystander routes installed", () -> h.bystanderRoutesPresent(h.speaker.status()));
            return h;
        } catch (Exception | AssertionError e) {
            if (bystander != null) {
                bystander.close();
            }
            if (observer != null) {
                observer.close();
            }
            speaker.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ hostile peers

    /** The established hostile session of {@code kind}, made (fresh neighbour, fresh address) if there is none up. */
    HostilePeer hostile(PeerKind kind) throws Exception {
        HostilePeer h = established.get(kind);
        if (h != null && h.isUp()) {
            return h;
        }
        if (h != null) {
            retire(h);
        }
        h = connectHostile(kind, kind.peerAs, n -> kind.addPath ? n.addPath(3) : n);
        h.establish(kind.open(h.address));
        established.put(kind, h);
        return h;
    }

    /** A fresh hostile neighbour of {@code kind} (remote AS {@code remoteAs}) with TCP connected, before any OPEN. */
    HostilePeer connectHostile(PeerKind kind, long remoteAs) throws Exception {
        return connectHostile(kind, remoteAs, n -> n);
    }

    /** As {@link #connectHostile(PeerKind, long)}, with the neighbour's configuration adjusted by {@code tune}. */
    HostilePeer connectHostile(PeerKind kind, long remoteAs, UnaryOperator<Neighbor.Builder> tune) throws Exception {
        InetAddress a = SpeakerFixtures.freshAddress();
        speaker.addPeer(tune.apply(neighbor(a, remoteAs, self, true)).build());
        try {
            return new HostilePeer(this, kind, a, connect(a, self));
        } catch (IOException | RuntimeException e) {
            speaker.removePeer(a, Optional.empty());
            throw e;
        }
    }

    /** Closes the peer and removes its neighbour from the speaker (its routes leave the RIB). */
    void retire(HostilePeer h) throws Exception {
        established.values().remove(h);
        h.closeSocket();
        speaker.removePeer(h.address, Optional.empty());
    }

    // ------------------------------------------------------------------ assertions

    /** The bystander and the observer are Established and every bystander route is in the Loc-RIB. */
    void assertBystandersIntact() {
        SpeakerStatus status = speaker.status(); // one snapshot: one trip to the RIB thread
        NeighborStatus b = status.neighbor(bystanderAddress).orElseThrow();
        assertEquals(SessionState.ESTABLISHED, b.state(), "the bystander's session stays Established");
        assertEquals(SessionState.ESTABLISHED, status.neighbor(observerAddress).orElseThrow().state(),
                "the observer's session stays Established");
        assertFalse(bystanderInbox.closed(), "the bystander's connection stays open");
        assertTrue(bystanderRoutesPresent(status), "every bystander route stays in the Loc-RIB");
        assertEquals(BYSTANDER_ROUTES.size(), b.accepted(), "the bystander's Adj-RIB-In keeps its routes");
    }

    private boolean bystanderRoutesPresent(SpeakerStatus status) {
        for (String p : BYSTANDER_ROUTES) {
            boolean found = false;
            for (RouteStatus r : status.routes(LocalRoute.parsePrefix(p))) {
                found |= r.route().peer().address().equals(bystanderAddress);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** The Loc-RIB path to {@code prefix} learnt from {@code peer}, if there is one. */
    Optional<Route> routeFrom(Prefix prefix, InetAddress peer) {
        for (RouteStatus r : speaker.routes(prefix)) {
            if (r.route().peer().address().equals(peer)) {
                return Optional.of(r.route());
            }
        }
        return Optional.empty();
    }

    /** Polls {@code condition} every 2 ms for at most {@link #TIMEOUT}. */
    void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A fresh IPv4 /32 from 100.64.0.0/10 (RFC 6598), never used before in this JVM. */
    static String nextIpv4Prefix() {
        int i = PREFIXES.incrementAndGet();
        return "100." + (64 + (i >>> 16)) + "." + ((i >>> 8) & 0xFF) + "." + (i & 0xFF) + "/32";
    }

    /** A fresh IPv6 /64 from 2001:db8:c0::/48 (RFC 3849), never used before in this JVM. */
    static String nextIpv6Prefix() {
        int i = PREFIXES.incrementAndGet();
        return "2001:db8:c0:" + Integer.toHexString(i & 0xFFFF) + "::/64";
    }

    @Override
    public void close() throws Exception {
        for (HostilePeer h : List.copyOf(established.values())) {
            h.closeSocket();
        }
        try {
            speaker.close();
        } finally {
            bystanderInbox.close();
            observerInbox.close();
            bystander.close();
            observer.close();
        }
    }

    // ------------------------------------------------------------------ raw bytes, from RFC 4271 / 4760 / 6793

    static RawBgpPeer connect(InetAddress local, InetAddress speaker) throws IOException {
        return RawBgpPeer.connect(local.getHostAddress(), speaker.getHostAddress(), SpeakerFixtures.PORT, TIMEOUT);
    }

    /** OPEN from {@code asn}, Hold Time 0, MP IPv4 (+ IPv6) unicast, 4-octet AS (RFC 6793 §3). */
    static byte[] openFor(long asn, InetAddress id, boolean ipv6) {
        return ipv6
                ? RawMessages.open(asn, 0, id.getHostAddress(), RawMessages.multiprotocol(1, 1),
                        RawMessages.multiprotocol(2, 1), RawMessages.fourOctetAs(asn))
                : RawMessages.open(asn, 0, id.getHostAddress(), RawMessages.multiprotocol(1, 1),
                        RawMessages.fourOctetAs(asn));
    }

    /** Sends {@code open}, takes the speaker's OPEN and KEEPALIVE, and confirms with a KEEPALIVE. */
    static void establish(RawBgpPeer peer, byte[] open) throws IOException {
        peer.send(open);
        peer.readMessage(RawMessages.OPEN, TIMEOUT);
        peer.sendKeepalive();
        peer.readMessage(RawMessages.KEEPALIVE, TIMEOUT);
    }

    /** An AS_PATH value: one AS_SEQUENCE of 4-octet AS numbers (RFC 6793 §3). */
    static byte[] asSequence4(long... asns) {
        byte[] v = new byte[2 + 4 * asns.length];
        v[0] = 2;
        v[1] = (byte) asns.length;
        for (int i = 0; i < asns.length; i++) {
            long a = asns[i];
            v[2 + 4 * i] = (byte) (a >>> 24);
            v[3 + 4 * i] = (byte) (a >>> 16);
            v[4 + 4 * i] = (byte) (a >>> 8);
            v[5 + 4 * i] = (byte) a;
        }
        return v;
    }

    /** An AS_PATH value of a 2-octet session: one AS_SEQUENCE of 2-octet AS numbers (RFC 4271 §4.3). */
    static byte[] asSequence2(int... asns) {
        byte[] v = new byte[2 + 2 * asns.length];
        v[0] = 2;
        v[1] = (byte) asns.length;
        for (int i = 0; i < asns.length; i++) {
            v[2 + 2 * i] = (byte) (asns[i] >>> 8);
            v[3 + 2 * i] = (byte) asns[i];
        }
        return v;
    }

    /** MP_REACH_NLRI value for IPv6 unicast (RFC 4760 §3) with next hop 2001:db8::1 and {@code nlri}. */
    static byte[] mpReachIpv6(byte[] nlri) {
        byte[] head = RawMessages.fromHex("0002 01 10 20010db8000000000000000000000001 00");
        return RawMessages.concat(head, nlri);
    }

    /** MP_UNREACH_NLRI value for IPv6 unicast (RFC 4760 §4) withdrawing {@code nlri}. */
    static byte[] mpUnreachIpv6(byte[] nlri) {
        return RawMessages.concat(RawMessages.fromHex("0002 01"), nlri);
    }
}
