package dev.jbgp.rib;

import dev.jbgp.wire.attr.AsPathSegment;

import static dev.jbgp.rib.Fixtures.addr;
import static dev.jbgp.rib.Fixtures.config;
import static dev.jbgp.rib.Fixtures.ebgp;
import static dev.jbgp.rib.Fixtures.open;
import static dev.jbgp.rib.Fixtures.prefix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jbgp.wire.CodecContext;
import dev.jbgp.wire.error.BgpDecodeException;
import dev.jbgp.wire.error.ErrorAction;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.UpdateValidator;
import dev.jbgp.wire.message.UpdateVerdict;
import dev.jbgp.wire.message.UpdateView;
import dev.jbgp.wire.nlri.Prefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Adj-RIB-In reading UPDATEs in place. Messages are written by hand from RFC 4271 §4.3 (and
 * RFC 4760 §3 for MP_REACH_NLRI); the validator's verdict (RFC 7606) is honoured.
 */
class UpdateApplyTest {

    private static final PeerId PEER = ebgp(2, 65001);

    // Attributes, as octets: flags, type, length, value.
    private static final int[] ORIGIN_IGP = {0x40, 1, 1, 0};
    private static final int[] AS_PATH_65001 = {0x40, 2, 6, 2, 1, 0, 0, 0xFD, 0xE9};
    private static final int[] NEXT_HOP_2 = {0x40, 3, 4, 127, 0, 0, 2};
    private static final int[] MED_50 = {0x80, 4, 4, 0, 0, 0, 50};
    private static final int[] COMMUNITY_65000_1 = {0xC0, 8, 4, 0xFD, 0xE8, 0, 1};
    private static final int[] UNKNOWN_TRANSITIVE = {0xC0, 0x63, 2, 0xAB, 0xCD};
    private static final int[] UNKNOWN_NON_TRANSITIVE = {0x80, 0x64, 1, 1};
    private static final int[] LOCAL_PREF_300 = {0x40, 5, 4, 0, 0, 1, 0x2C};

    private static byte[] bytes(int[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int[] p : parts) {
            for (int b : p) {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** An UPDATE: header (RFC 4271 §4.1), withdrawn routes, path attributes, NLRI. */
    private static ByteBuf update(byte[] withdrawn, byte[] attributes, byte[] nlri) {
        ByteBuf b = Unpooled.buffer();
        for (int i = 0; i < 16; i++) {
            b.writeByte(0xFF);
        }
        b.writeShort(19 + 2 + withdrawn.length + 2 + attributes.length + nlri.length);
        b.writeByte(2);
        b.writeShort(withdrawn.length).writeBytes(withdrawn);
        b.writeShort(attributes.length).writeBytes(attributes);
        b.writeBytes(nlri);
        return b;
    }

    private final UpdateView view = new UpdateView();
    private final UpdateValidator validator = new UpdateValidator();

    private UpdateOutcome apply(Rib rib, ByteBuf message, CodecContext ctx) throws BgpDecodeException {
        try {
            view.wrap(message, ctx);
            UpdateVerdict verdict = validator.validate(view);
            return rib.adjRibIn(PEER).apply(view, verdict);
        } finally {
            message.release();
        }
    }

    private static Rib rib() {
        Rib rib = Rib.create(config().build());
        rib.peerUp(PEER, open("127.0.0.1"));
        return rib;
    }

    /** The attributes of {@link #ORIGIN_IGP}, AS_PATH 65001, NEXT_HOP 127.0.0.2 and MULTI_EXIT_DISC {@code med}. */
    private static byte[] withMed(int med) {
        return bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2, new int[] {0x80, 4, 4, med >>> 24, med >>> 16 & 0xFF, med >>> 8 & 0xFF, med & 0xFF});
    }

    /** 127.{@code x}.{@code y}.0/24 as NLRI octets. */
    private static byte[] slash24(int x, int y) {
        return bytes(new int[] {24, 127, x, y});
    }

    @Test
    void blockCacheFindsEverySetPastGrowthAndPurge() throws Exception {
        Rib rib = rib();
        int sets = 2000;
        for (int i = 0; i < sets; i++) {
            apply(rib, update(new byte[0], withMed(i), slash24(1 + i / 256, i % 256)), CodecContext.MODERN);
        }
        assertEquals(sets, rib.blocks().misses());
        // The same blocks again, for other prefixes: every one is found (the cache grew past its first size).
        for (int i = 0; i < sets; i++) {
            apply(rib, update(new byte[0], withMed(i), slash24(20 + i / 256, i % 256)), CodecContext.MODERN);
            assertSame(rib.bestPath(prefix("127." + (1 + i / 256) + "." + (i % 256) + ".0/24")).orElseThrow().attributes(),
                    rib.bestPath(prefix("127." + (20 + i / 256) + "." + (i % 256) + ".0/24")).orElseThrow().attributes());
        }
        assertEquals(sets, rib.blocks().hits());
        assertEquals(sets, rib.blocks().misses());
        // Free all sets but the first 100, then pass many short-lived sets through: the cache purges.
        for (int i = 100; i < sets; i++) {
            apply(rib, update(slash24(1 + i / 256, i % 256), new byte[0], new byte[0]), CodecContext.MODERN);
            apply(rib, update(slash24(20 + i / 256, i % 256), new byte[0], new byte[0]), CodecContext.MODERN);
        }
        for (int j = 0; j < 3000; j++) {
            apply(rib, update(new byte[0], withMed(100_000 + j), slash24(40, 0)), CodecContext.MODERN);
        }
        assertTrue(rib.blocks().size() < 2 * sets, "purged: " + rib.blocks().size() + " entries");
        long misses = rib.blocks().misses();
        for (int i = 0; i < 100; i++) {
            apply(rib, update(new byte[0], withMed(i), slash24(50 + i / 256, i % 256)), CodecContext.MODERN);
            assertSame(rib.bestPath(prefix("127." + (1 + i / 256) + "." + (i % 256) + ".0/24")).orElseThrow().attributes(),
                    rib.bestPath(prefix("127." + (50 + i / 256) + "." + (i % 256) + ".0/24")).orElseThrow().attributes());
        }
        assertEquals(misses, rib.blocks().misses(), "the sets still held survived the purge");
        apply(rib, update(new byte[0], withMed(1500), slash24(60, 0)), CodecContext.MODERN);
        assertEquals(1500, rib.bestPath(prefix("127.60.0.0/24")).orElseThrow().attributes().med(-1));
    }

    @Test
    void announcementsBuildAttributesOnceAndShareThem() throws Exception {
        Rib rib = rib();
        byte[] attrs = bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2, MED_50, COMMUNITY_65000_1, UNKNOWN_TRANSITIVE,
                UNKNOWN_NON_TRANSITIVE);
        UpdateOutcome first = apply(rib, update(new byte[0], attrs, bytes(new int[] {24, 127, 65, 1}, new int[] {16, 127, 66})),
                CodecContext.MODERN);
        assertEquals(2, first.announced());
        assertTrue(first.action().isEmpty());
        UpdateOutcome second = apply(rib, update(new byte[0], attrs, bytes(new int[] {32, 127, 67, 0, 1})), CodecContext.MODERN);
        assertEquals(1, second.announced());
        PathAttributes a = rib.bestPath(prefix("127.65.1.0/24")).orElseThrow().attributes();
        assertSame(a, rib.bestPath(prefix("127.67.0.1/32")).orElseThrow().attributes(), "one set for both UPDATEs");
        assertEquals(1, rib.blocks().misses(), "decoded once");
        assertEquals(1, rib.blocks().hits());
        assertEquals(PathAttributes.ORIGIN_IGP, a.origin());
        assertEquals(List.of(AsPathSegment.sequence(65001)), a.asPath());
        assertEquals(addr("127.0.0.2"), a.nextHop().orElseThrow());
        assertEquals(50, a.med(-1));
        assertArrayEquals(new int[] {0xFDE80001}, a.communities());
        assertArrayEquals(new byte[] {(byte) 0xC0, 0x63, 2, (byte) 0xAB, (byte) 0xCD}, a.passThrough(),
                "optional transitive unknown passes on; optional non-transitive unknown is dropped");
        assertEquals(3, rib.adjRibIn(PEER).size());
        assertEquals(1, rib.interner().size());
    }

    @Test
    void attributeSetsWithOneNextHopShareTheAddressObject() throws Exception {
        Rib rib = rib();
        apply(rib, update(new byte[0], bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2), bytes(new int[] {24, 127, 65, 1})),
                CodecContext.MODERN);
        apply(rib, update(new byte[0], bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2, MED_50), bytes(new int[] {24, 127, 65, 2})),
                CodecContext.MODERN);
        PathAttributes a = rib.bestPath(prefix("127.65.1.0/24")).orElseThrow().attributes();
        PathAttributes b = rib.bestPath(prefix("127.65.2.0/24")).orElseThrow().attributes();
        assertEquals(2, rib.interner().size(), "two sets");
        assertSame(a.nextHop().orElseThrow(), b.nextHop().orElseThrow(), "one InetAddress for their next hop");
        assertEquals(addr("127.0.0.2"), b.nextHop().orElseThrow());
    }

    @Test
    void withdrawnRoutesRemove() throws Exception {
        Rib rib = rib();
        byte[] attrs = bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2);
        apply(rib, update(new byte[0], attrs, bytes(new int[] {24, 127, 65, 1}, new int[] {24, 127, 65, 2})), CodecContext.MODERN);
        UpdateOutcome w = apply(rib, update(bytes(new int[] {24, 127, 65, 1}), new byte[0], new byte[0]), CodecContext.MODERN);
        assertEquals(1, w.withdrawn());
        assertTrue(rib.bestPath(prefix("127.65.1.0/24")).isEmpty());
        assertTrue(rib.bestPath(prefix("127.65.2.0/24")).isPresent());
    }

    @Test
    void treatAsWithdrawWithdrawsTheAnnouncedPrefixes() throws Exception {
        Rib rib = rib();
        apply(rib, update(new byte[0], bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2), bytes(new int[] {24, 127, 65, 1})),
                CodecContext.MODERN);
        // ORIGIN 5 is undefined: RFC 7606 §7.1 treat-as-withdraw.
        UpdateOutcome o = apply(rib, update(new byte[0], bytes(new int[] {0x40, 1, 1, 5}, AS_PATH_65001, NEXT_HOP_2),
                bytes(new int[] {24, 127, 65, 1})), CodecContext.MODERN);
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, o.action().orElseThrow());
        assertEquals(0, o.announced());
        assertEquals(1, o.withdrawn());
        assertTrue(rib.bestPath(prefix("127.65.1.0/24")).isEmpty());
        assertEquals(0, rib.interner().size());
    }

    @Test
    void attributeDiscardAndEbgpLocalPrefAreLeftOut() throws Exception {
        Rib rib = rib();
        // ATOMIC_AGGREGATE with a length of 1 is malformed: RFC 7606 §7.6 attribute discard.
        UpdateOutcome o = apply(rib, update(new byte[0], bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2,
                new int[] {0x40, 6, 1, 0}, LOCAL_PREF_300), bytes(new int[] {24, 127, 65, 1})), CodecContext.MODERN);
        assertEquals(ErrorAction.ATTRIBUTE_DISCARD, o.action().orElseThrow());
        assertEquals(1, o.announced());
        PathAttributes a = rib.bestPath(prefix("127.65.1.0/24")).orElseThrow().attributes();
        assertFalse(a.atomicAggregate());
        assertFalse(a.hasLocalPref(), "LOCAL_PREF from an external peer is ignored (RFC 7606 §7.5)");
    }

    @Test
    void sessionResetAppliesNothing() throws Exception {
        Rib rib = rib();
        // An unrecognised well-known attribute (Optional bit clear): RFC 4271 §6.3 session reset.
        UpdateOutcome o = apply(rib, update(new byte[0], bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2,
                new int[] {0x40, 0x63, 1, 0}), bytes(new int[] {24, 127, 65, 1})), CodecContext.MODERN);
        assertEquals(ErrorAction.SESSION_RESET, o.action().orElseThrow());
        assertEquals(0, rib.size());
    }

    @Test
    void ipv6ThroughMpReachAndMpUnreach() throws Exception {
        Rib rib = rib();
        int[] mpReach = {0x90, 14, 0, 36, 0, 2, 1, 16,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 0, 0, 2, 0,
            112, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 64};
        UpdateOutcome o = apply(rib, update(new byte[0], bytes(ORIGIN_IGP, AS_PATH_65001, mpReach), new byte[0]),
                CodecContext.MODERN);
        assertEquals(1, o.announced());
        Prefix v6 = prefix("::127.64.0.0/112");
        assertEquals(addr("::127.0.0.2"), rib.bestPath(v6).orElseThrow().attributes().nextHop().orElseThrow());
        int[] mpUnreach = {0x90, 15, 0, 18, 0, 2, 1, 112, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 64};
        UpdateOutcome w = apply(rib, update(new byte[0], bytes(mpUnreach), new byte[0]), CodecContext.MODERN);
        assertEquals(1, w.withdrawn());
        assertTrue(rib.bestPath(v6).isEmpty());
    }

    @Test
    void endOfRibSweepsStaleRoutes() throws Exception {
        Rib rib = rib();
        byte[] attrs = bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2);
        apply(rib, update(new byte[0], attrs, bytes(new int[] {24, 127, 65, 1}, new int[] {24, 127, 65, 2})), CodecContext.MODERN);
        rib.peerDownGraceful(PEER);
        rib.peerUp(PEER, open("127.0.0.1"));
        apply(rib, update(new byte[0], attrs, bytes(new int[] {24, 127, 65, 1})), CodecContext.MODERN);
        UpdateOutcome eor = apply(rib, update(new byte[0], new byte[0], new byte[0]), CodecContext.MODERN);
        assertEquals(AddressFamily.IPV4_UNICAST, eor.endOfRib().orElseThrow());
        assertTrue(rib.bestPath(prefix("127.65.1.0/24")).isPresent());
        assertTrue(rib.bestPath(prefix("127.65.2.0/24")).isEmpty(), "not refreshed before End-of-RIB");
    }

    @Test
    void referencesAreFreedWhenThePeerGoesAway() throws Exception {
        Rib rib = Rib.create(config().build());
        rib.peerUp(PEER, PeerSettings.builder().importPolicy(dev.jbgp.rib.policy.Policy.acceptAll())
                .softReconfiguration(true).build());
        for (int i = 0; i < 20; i++) {
            int[] med = {0x80, 4, 4, 0, 0, 0, i % 5};
            apply(rib, update(new byte[0], bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2, med),
                    bytes(new int[] {24, 127, 65, i})), CodecContext.MODERN);
        }
        assertEquals(5, rib.interner().size());
        assertTrue(rib.adjRibIn(PEER).prePolicy(prefix("127.65.3.0/24"), 0).isPresent());
        rib.peerDown(PEER);
        assertEquals(0, rib.interner().size());
        assertEquals(0, rib.interner().totalReferences());
    }

    @Test
    void reannouncingKnownRoutesAllocatesNothingPerPrefix() throws Exception {
        // Reflection: the test is compiled inside the module, which does not read jdk.management.
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        java.lang.reflect.Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getCurrentThreadAllocatedBytes");
        Rib rib = rib();
        byte[] attrs = bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2, MED_50, COMMUNITY_65000_1);
        int prefixes = 1000;
        ByteArrayOutputStream nlri = new ByteArrayOutputStream();
        for (int i = 0; i < prefixes; i++) {
            nlri.write(24);
            nlri.write(127);
            nlri.write(100 + i / 256);
            nlri.write(i % 256);
        }
        ByteBuf message = update(new byte[0], attrs, nlri.toByteArray());
        try {
            AdjRibIn in = rib.adjRibIn(PEER);
            for (int round = 0; round < 200; round++) {
                view.wrap(message, CodecContext.MODERN);
                in.apply(view, validator.validate(view));
            }
            int rounds = 50;
            long before = (Long) allocated.invoke(threads);
            for (int round = 0; round < rounds; round++) {
                view.wrap(message, CodecContext.MODERN);
                in.apply(view, validator.validate(view));
            }
            long perPrefix = ((Long) allocated.invoke(threads) - before) / ((long) rounds * prefixes);
            assertEquals(prefixes, rib.size());
            // An object per prefix (a prefix value, an Optional, a boxed key) would cost 16 bytes or more.
            assertTrue(perPrefix < 4, "bytes allocated per re-announced prefix: " + perPrefix);
        } finally {
            message.release();
        }
    }

    /**
     * The IPv6 counterpart: re-announcing known IPv6 routes through MP_REACH_NLRI, and withdrawing them
     * through MP_UNREACH_NLRI and announcing them again (each prefix removed from and inserted into the
     * Loc-RIB table), allocates nothing per prefix: no {@link dev.jbgp.wire.nlri.Ipv6Prefix}, no entry.
     * Measured as the thread's allocated bytes.
     */
    @Test
    void ipv6AnnounceAndWithdrawAllocateNothingPerPrefix() throws Exception {
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        java.lang.reflect.Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getCurrentThreadAllocatedBytes");
        Rib rib = rib();
        int prefixes = 200; // ::127.100.i.0/120, 16 octets each: one UPDATE within 4096 octets
        ByteArrayOutputStream nlri = new ByteArrayOutputStream();
        for (int i = 0; i < prefixes; i++) {
            nlri.write(120);
            nlri.write(new byte[12], 0, 12);
            nlri.write(127);
            nlri.write(100);
            nlri.write(i);
        }
        byte[] reachHead = bytes(new int[] {0x90, 14, 0, 0, 0, 2, 1, 16,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 0, 0, 2, 0});
        int reachLength = reachHead.length - 4 + nlri.size();
        reachHead[2] = (byte) (reachLength >>> 8);
        reachHead[3] = (byte) reachLength;
        ByteArrayOutputStream reach = new ByteArrayOutputStream();
        reach.write(bytes(ORIGIN_IGP, AS_PATH_65001, MED_50, COMMUNITY_65000_1));
        reach.write(reachHead);
        reach.write(nlri.toByteArray());
        byte[] unreachHead = bytes(new int[] {0x90, 15, 0, 0, 0, 2, 1});
        int unreachLength = unreachHead.length - 4 + nlri.size();
        unreachHead[2] = (byte) (unreachLength >>> 8);
        unreachHead[3] = (byte) unreachLength;
        ByteArrayOutputStream unreach = new ByteArrayOutputStream();
        unreach.write(unreachHead);
        unreach.write(nlri.toByteArray());
        ByteBuf announce = update(new byte[0], reach.toByteArray(), new byte[0]);
        ByteBuf withdraw = update(new byte[0], unreach.toByteArray(), new byte[0]);
        try {
            AdjRibIn in = rib.adjRibIn(PEER);
            for (int round = 0; round < 500; round++) {
                view.wrap(withdraw, CodecContext.MODERN);
                in.apply(view, validator.validate(view));
                view.wrap(announce, CodecContext.MODERN);
                in.apply(view, validator.validate(view));
            }
            assertEquals(prefixes, rib.size());
            assertTrue(rib.bestPath(prefix("::127.100.7.0/120")).isPresent());
            int rounds = 100;
            long before = (Long) allocated.invoke(threads);
            for (int round = 0; round < rounds; round++) {
                view.wrap(announce, CodecContext.MODERN);
                in.apply(view, validator.validate(view));
            }
            long reannounced = ((Long) allocated.invoke(threads) - before) / ((long) rounds * prefixes);
            before = (Long) allocated.invoke(threads);
            for (int round = 0; round < rounds; round++) {
                view.wrap(withdraw, CodecContext.MODERN);
                UpdateOutcome w = in.apply(view, validator.validate(view));
                view.wrap(announce, CodecContext.MODERN);
                UpdateOutcome a = in.apply(view, validator.validate(view));
                if (w.withdrawn() != prefixes || a.announced() != prefixes) {
                    throw new AssertionError("round " + round + ": " + w + ", " + a);
                }
            }
            long cycled = ((Long) allocated.invoke(threads) - before) / ((long) rounds * 2 * prefixes);
            assertEquals(prefixes, rib.size());
            assertTrue(rib.bestPath(prefix("::127.100.199.0/120")).isPresent());
            // An Ipv6Prefix is 32 bytes and a HashMap entry 32 more: one per prefix would show as 32 or more.
            assertTrue(reannounced < 4, "bytes allocated per re-announced IPv6 prefix: " + reannounced);
            assertTrue(cycled < 4, "bytes allocated per withdrawn or announced IPv6 prefix: " + cycled);
        } finally {
            announce.release();
            withdraw.release();
        }
    }

    @Test
    void twoOctetSessionReconcilesAs4Path() throws Exception {
        Rib rib = rib();
        int[] asPathTrans = {0x40, 2, 6, 2, 2, 0xFD, 0xE9, 0x5B, 0xA0};              // 65001 AS_TRANS (RFC 6793 §9)
        int[] as4Path = {0xC0, 17, 10, 2, 2, 0, 0, 0xFD, 0xE9, 0xFA, 0x56, 0xEA, 0x01};  // 65001 4200000001
        UpdateOutcome o = apply(rib, update(new byte[0], bytes(ORIGIN_IGP, asPathTrans, NEXT_HOP_2, as4Path),
                bytes(new int[] {24, 127, 65, 1})), CodecContext.RFC4271);
        assertEquals(1, o.announced());
        PathAttributes a = rib.bestPath(prefix("127.65.1.0/24")).orElseThrow().attributes();
        assertEquals(List.of(AsPathSegment.sequence(65001, 4200000001L)), a.asPath());
        assertEquals(0, a.passThrough().length, "AS4_PATH is consumed, not passed on");
    }

    @Test
    void leftmostAsMustBeThePeersOnEbgpUnlessDisabled() throws Exception {
        int[] foreign = {0x40, 2, 6, 2, 1, 0, 0, 0xFD, 0xEA};              // 65002, not the peer's 65001
        byte[] attrs = bytes(ORIGIN_IGP, foreign, NEXT_HOP_2);
        Rib rib = rib();
        UpdateOutcome o = apply(rib, update(new byte[0], attrs, bytes(new int[] {24, 127, 65, 1})), CodecContext.MODERN);
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, o.action().orElseThrow());
        assertEquals(0, rib.size());
        Rib routeServerClient = Rib.create(config().build());
        routeServerClient.peerUp(PEER, PeerSettings.builder().importPolicy(dev.jbgp.rib.policy.Policy.acceptAll())
                .enforceFirstAs(false).build());
        UpdateOutcome ok = apply(routeServerClient, update(new byte[0], attrs, bytes(new int[] {24, 127, 65, 1})),
                CodecContext.MODERN);
        assertEquals(1, ok.announced());
        assertTrue(ok.action().isEmpty());
    }

    @Test
    void ourOwnAddressAsNextHopIsIgnored() throws Exception {
        Rib rib = rib();
        byte[] good = bytes(ORIGIN_IGP, AS_PATH_65001, NEXT_HOP_2);
        apply(rib, update(new byte[0], good, bytes(new int[] {24, 127, 65, 1})), CodecContext.MODERN);
        byte[] ours = bytes(ORIGIN_IGP, AS_PATH_65001, new int[] {0x40, 3, 4, 127, 0, 0, 1});
        UpdateOutcome o = apply(rib, update(new byte[0], ours, bytes(new int[] {24, 127, 65, 1})), CodecContext.MODERN);
        assertEquals(0, o.announced());
        assertEquals(ErrorAction.TREAT_AS_WITHDRAW, o.action().orElseThrow());
        assertTrue(rib.bestPath(prefix("127.65.1.0/24")).isEmpty(), "the earlier route does not linger (RFC 4271 §6.3)");
    }
}
