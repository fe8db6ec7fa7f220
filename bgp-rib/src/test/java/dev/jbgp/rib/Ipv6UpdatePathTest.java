package dev.jbgp.rib;

import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.rib.policy.Action;
import dev.jbgp.rib.policy.Match;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.rib.policy.PrefixList;
import dev.jbgp.rib.policy.Term;
import dev.jbgp.testkit.Seeds;
import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IPv6 NLRI applied from UPDATE bytes (MP_REACH_NLRI / MP_UNREACH_NLRI, RFC 4760 §3-4), where the RIB
 * carries each prefix as primitives until something needs the object, against the same changes made
 * through {@link Rib#announce} / {@link Rib#withdraw} with prefix objects: the same listener events in
 * the same order, the same Loc-RIB, pre-policy copies and Adj-RIB-Out, through an import policy that
 * rejects some prefixes and changes the rest, soft reconfiguration, a second source, a receiver sent
 * every path (ADD-PATH), graceful restart and peer down.
 */
class Ipv6UpdatePathTest {

    /** Soft reconfiguration and a prefix-matching import policy: the path that makes prefix objects. */
    private static final PeerId A = ebgp(2, 65001);
    /** Accepts everything, no soft reconfiguration: the path that makes none. */
    private static final PeerId B = ebgp(3, 65002);
    /** Receives what the RIB exports. */
    private static final PeerId R = ebgp(4, 65003);
    /** Receives every path of an IPv6 prefix (RFC 7911 ADD-PATH): its group re-selects on any change. */
    private static final PeerId S = ebgp(5, 65004);

    static LongStream seeds() {
        return Seeds.series(0x36757064L, 6);
    }

    private final UpdateView view = new UpdateView();
    private final UpdateValidator validator = new UpdateValidator();

    private static Rib rib(Optional<Fixtures.Recorder> recorder) {
        Rib rib = Rib.create(config().build());
        recorder.ifPresent(rib::addListener);
        rib.peerUp(A, settingsOfA());
        rib.peerUp(B, open("127.0.0.1"));
        rib.peerUp(R, open("127.0.0.1"));
        rib.peerUp(S, open("127.0.0.1").toBuilder()
                .addPathSend(AddPathSend.all(), Set.of(AddressFamily.IPV6_UNICAST)).build());
        return rib;
    }

    private static PeerSettings settingsOfA() {
        // Rejects ::127.100.0.0/118 and longer, sets MED 7 on the rest.
        Policy importA = Policy.of("v6", Term.reject(Match.prefixIn(PrefixList.parse("::127.100.0.0/118 le 128"))),
                Term.accept(Match.any(), Action.setMed(7)));
        return PeerSettings.builder().importPolicy(importA).exportPolicy(Policy.acceptAll())
                .softReconfiguration(true).localAddress(Fixtures.addr("127.0.0.1")).build();
    }

    /** A narrow pool: ::127.100.x.y with lengths 112, 118, 120, 124 and 128, so paths overlap. */
    private static List<Ipv6Prefix> pool() {
        List<Ipv6Prefix> out = new ArrayList<>();
        int[] lengths = {112, 118, 120, 124, 128};
        for (int x = 0; x < 8; x++) {
            for (int len : lengths) {
                long low = 0x7F640000L | x << 8 | (len == 128 ? 1 : 0);
                out.add(Ipv6Prefix.of(0, low & Ipv6Prefix.lowMask(len), len));
            }
        }
        return out;
    }

    /** The NLRI octets of {@code prefixes} (RFC 4760 §5: length, then the prefix in as few octets as fit). */
    private static void nlri(ByteBuf out, List<Ipv6Prefix> prefixes) {
        for (Ipv6Prefix p : prefixes) {
            out.writeByte(p.length());
            int octets = (p.length() + 7) / 8;
            for (int i = 0; i < octets; i++) {
                long half = i < 8 ? p.high() : p.low();
                out.writeByte((int) (half >>> (56 - 8 * (i % 8))));
            }
        }
    }

    /** An UPDATE announcing {@code prefixes} from {@code peer} (AS_PATH its AS, MED {@code med}) or withdrawing them. */
    private static ByteBuf update(PeerId peer, boolean announce, List<Ipv6Prefix> prefixes, int med) {
        ByteBuf attrs = Unpooled.buffer();
        ByteBuf b = Unpooled.buffer();
        try {
            if (announce) {
                long as = peer.asn();
                attrs.writeBytes(new byte[] {0x40, 1, 1, 0}); // ORIGIN IGP
                attrs.writeBytes(new byte[] {0x40, 2, 6, 2, 1});
                attrs.writeInt((int) as); // AS_PATH: one AS_SEQUENCE of the peer's AS
                attrs.writeBytes(new byte[] {(byte) 0x80, 4, 4}).writeInt(med); // MULTI_EXIT_DISC
                int start = attrs.writerIndex();
                attrs.writeBytes(new byte[] {(byte) 0x90, 14, 0, 0, 0, 2, 1, 16});
                attrs.writeLong(0).writeInt(0).writeInt(0x7F000000 | (int) peer.address().getAddress()[3]);
                attrs.writeByte(0);
                nlri(attrs, prefixes);
                attrs.setShort(start + 2, attrs.writerIndex() - start - 4);
            } else {
                int start = attrs.writerIndex();
                attrs.writeBytes(new byte[] {(byte) 0x90, 15, 0, 0, 0, 2, 1});
                nlri(attrs, prefixes);
                attrs.setShort(start + 2, attrs.writerIndex() - start - 4);
            }
            for (int i = 0; i < 16; i++) {
                b.writeByte(0xFF);
            }
            b.writeShort(19 + 2 + 2 + attrs.readableBytes()).writeByte(2).writeShort(0);
            b.writeShort(attrs.readableBytes()).writeBytes(attrs);
            return b;
        } finally {
            attrs.release();
        }
    }

    private void apply(Rib rib, PeerId peer, ByteBuf message) throws Exception {
        try {
            view.wrap(message, CodecContext.MODERN);
            rib.adjRibIn(peer).apply(view, validator.validate(view));
        } finally {
            message.release();
        }
    }

    /** What {@code peer} sent for {@code p} as the wire RIB received it, before policy. */
    private static PathAttributes received(Rib wire, PeerId peer, Prefix p) {
        return peer.equals(A) ? wire.adjRibIn(A).prePolicy(p, 0).orElseThrow()
                : wire.adjRibIn(B).route(p, 0).orElseThrow().attributes();
    }

    private static void assertSameState(Rib wire, Rib objects, List<Ipv6Prefix> pool, String at) {
        assertSameState(wire, objects, pool, true, at);
    }

    private static void assertSameState(Rib wire, Rib objects, List<Ipv6Prefix> pool, boolean aKnown, String at) {
        assertEquals(objects.size(), wire.size(), at);
        for (Ipv6Prefix p : pool) {
            assertEquals(describe(objects.paths(p)), describe(wire.paths(p)), at + " " + p);
            assertEquals(objects.bestPath(p).map(r -> r.peer()), wire.bestPath(p).map(r -> r.peer()), at + " " + p);
            if (aKnown) {
                assertEquals(objects.adjRibIn(A).prePolicy(p, 0), wire.adjRibIn(A).prePolicy(p, 0), at + " " + p);
            }
        }
        assertEquals(objects.adjRibOut(R).drainPending(), wire.adjRibOut(R).drainPending(), at);
        assertEquals(objects.adjRibOut(S).fullTable(), wire.adjRibOut(S).fullTable(), at);
        assertEquals(objects.adjRibOut(S).drainPending(), wire.adjRibOut(S).drainPending(), at);
    }

    /**
     * The events from {@code from} on come from a walk over a whole table (a peer going down, a group
     * founded and filled, an End-of-RIB sweep), whose order is the table's slot order, and each table
     * has its own hash seed: sorted in both lists, so they compare as multisets.
     */
    private static void inAnyOrder(Fixtures.Recorder a, Fixtures.Recorder b, int from) {
        Collections.sort(a.all.subList(Math.min(from, a.all.size()), a.all.size()));
        Collections.sort(b.all.subList(Math.min(from, b.all.size()), b.all.size()));
    }

    /** The event lists equal, or the first place they differ. */
    private static void assertSameEvents(List<String> expected, List<String> actual, String at) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            assertEquals(expected.get(i), actual.get(i), at + ": event " + i);
        }
        assertEquals(expected.size(), actual.size(), at + ": number of events");
    }

    private static List<String> describe(List<Route> paths) {
        List<String> out = new ArrayList<>();
        for (Route r : paths) {
            out.add(r.peer().address().getHostAddress() + " " + r.attributes() + (r.isStale() ? " stale" : ""));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void updateBytesAndPrefixObjectsGiveTheSameRib(long seed) throws Exception {
        run(seed, true);
    }

    /**
     * The same without listeners: a listener makes the prefix object before the update groups see the
     * change, so only without one do the groups export by primitive key.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void withoutListenersTheGroupsExportByKeyAlike(long seed) throws Exception {
        run(seed, false);
    }

    private void run(long seed, boolean listen) throws Exception {
        Random rnd = new Random(seed);
        List<Ipv6Prefix> pool = pool();
        Fixtures.Recorder wireEvents = new Fixtures.Recorder();
        Fixtures.Recorder objectEvents = new Fixtures.Recorder();
        Rib wire = rib(listen ? Optional.of(wireEvents) : Optional.empty());
        Rib objects = rib(listen ? Optional.of(objectEvents) : Optional.empty());
        for (int step = 0; step < 400; step++) {
            String at = "seed " + seed + " step " + step;
            PeerId peer = rnd.nextBoolean() ? A : B;
            boolean announce = rnd.nextInt(3) > 0;
            List<Ipv6Prefix> batch = new ArrayList<>();
            for (int n = 1 + rnd.nextInt(12); n > 0; n--) {
                Ipv6Prefix p = pool.get(rnd.nextInt(pool.size()));
                if (!batch.contains(p)) {
                    batch.add(p);
                }
            }
            if (step == 250) {
                // Graceful restart of A (RFC 4724): stale, some re-announced, End-of-RIB sweeps the rest.
                int from = wireEvents.all.size();
                wire.peerDownGraceful(A);
                objects.peerDownGraceful(A);
                wire.peerUp(A, settingsOfA());
                objects.peerUp(A, settingsOfA());
                inAnyOrder(wireEvents, objectEvents, from);
                peer = A;
                announce = true;
            }
            apply(wire, peer, update(peer, announce, batch, 1 + rnd.nextInt(3)));
            for (Ipv6Prefix p : batch) {
                if (announce) {
                    objects.announce(peer, p, 0, received(wire, peer, p));
                } else {
                    objects.withdraw(peer, p, 0);
                }
            }
            if (step == 250) {
                int from = wireEvents.all.size();
                assertEquals(objects.endOfRib(A, AddressFamily.IPV6_UNICAST), wire.endOfRib(A, AddressFamily.IPV6_UNICAST), at);
                inAnyOrder(wireEvents, objectEvents, from);
            }
            assertSameEvents(objectEvents.all, wireEvents.all, at);
            assertSameState(wire, objects, pool, at);
        }
        assertEquals(listen, !wireEvents.loc.isEmpty(), "seed " + seed + ": the run changed the Loc-RIB");
        assertEquals(listen, !wireEvents.out.isEmpty(), "seed " + seed + ": the run exported");
        assertTrue(wire.adjRibOut(S).sendsSeveralPaths() && !wire.adjRibOut(S).fullTable().isEmpty(),
                "seed " + seed + ": the ADD-PATH receiver was sent paths");
        int from = wireEvents.all.size();
        wire.peerDown(B);
        objects.peerDown(B);
        inAnyOrder(wireEvents, objectEvents, from);
        assertSameEvents(objectEvents.all, wireEvents.all, "seed " + seed + " B down");
        assertSameState(wire, objects, pool, "seed " + seed + " B down");
        from = wireEvents.all.size();
        wire.peerDown(A);
        objects.peerDown(A);
        inAnyOrder(wireEvents, objectEvents, from);
        assertSameEvents(objectEvents.all, wireEvents.all, "seed " + seed + " A down");
        assertSameState(wire, objects, pool, false, "seed " + seed + " A down");
        assertEquals(0, wire.size());
        assertEquals(Optional.empty(), wire.bestPath(pool.get(0)));
        assertEquals(0, wire.interner().totalReferences(), "seed " + seed + ": every reference freed");
    }
}
