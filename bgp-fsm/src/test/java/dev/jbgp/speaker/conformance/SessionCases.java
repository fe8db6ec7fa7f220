package dev.jbgp.speaker.conformance;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.Route;
import dev.jbgp.testkit.peer.RawMessages;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs one malformed-UPDATE case through a real session and asserts the action the speaker took.
 *
 * <p>The hostile peer first announces two fresh prefixes P and Q validly (so a withdraw is visible),
 * then sends the case: its attributes with P alone as NLRI. Then, by outcome:
 * <ul>
 *   <li>treat-as-withdraw: the session stays Established, P is gone, Q stays;</li>
 *   <li>attribute discard: P stays, without the attribute; Q stays;</li>
 *   <li>accepted: P stays, with the attribute where the RIB keeps it (an unrecognised optional
 *       non-transitive attribute is quietly ignored, RFC 4271 §5);</li>
 *   <li>session reset: the NOTIFICATION has the expected code/subcode (and data), the connection
 *       closes, and P and Q leave the RIB with the session.</li>
 * </ul>
 * The observer we export to is told the same: the withdraw, the route without the discarded attribute,
 * an unrecognised optional transitive attribute passed on with Partial set (RFC 4271 §5), the reset
 * peer's routes gone. That the bystander's session and routes are untouched is checked after every
 * case by {@link HarnessedSessionTest}.
 */
final class SessionCases {

    private SessionCases() {
    }

    /**
     * One case. {@code attributes} builds the Path Attributes field for the peer (the next hop is the
     * peer's own address); {@code type} is the attribute type under test (0: none in particular).
     */
    static void run(ConformanceHarness h, PeerKind kind, int type, Function<HostilePeer, byte[]> attributes,
                    boolean withNlri, Expected e) throws Exception {
        HostilePeer peer = h.hostile(kind);
        String p = ConformanceHarness.nextIpv4Prefix();
        String q = ConformanceHarness.nextIpv4Prefix();
        peer.announce(p, q);
        byte[] attrs = attributes.apply(peer);
        peer.send(RawMessages.update(new byte[0], attrs, withNlri ? peer.nlri(p) : new byte[0]));
        if (e.outcome() == Expected.Outcome.SESSION_RESET) {
            assertReset(peer, e);
            h.await("the reset peer's routes leave the RIB", () -> peer.route(p).isEmpty() && peer.route(q).isEmpty());
            h.await("the observer is told they are gone", () -> h.observed.route(p).isEmpty() && h.observed.route(q).isEmpty());
            h.retire(peer);
        } else {
            peer.barrier();
            assertEquals(SessionState.ESTABLISHED, peer.state(), "session stays Established: " + e);
            assertTrue(peer.route(q).isPresent(), "the unaffected prefix stays");
            assertTrue(h.observed.route(q).isPresent(), "the observer keeps the unaffected prefix");
            switch (e.outcome()) {
                case WITHDRAW:
                    assertTrue(peer.route(p).isEmpty(), "treat-as-withdraw removes the prefix: " + e);
                    assertTrue(h.observed.route(p).isEmpty(), "the observer is told of the withdraw");
                    break;
                case DISCARD: {
                    Route r = peer.route(p).orElseThrow(() -> new AssertionError("attribute discard keeps the route: " + e));
                    assertFalse(carries(r, type), "the discarded attribute " + type + " is not on the route: " + r.attributes());
                    assertBaseKept(r, attrs);
                    if (exported(h, r, p)) {
                        ObservedUpdate seen = h.observed.route(p).orElseThrow();
                        assertNull(seen.attribute(type), "the discarded attribute " + type + " is not passed on");
                    }
                    break;
                }
                case OK: {
                    Route r = peer.route(p).orElseThrow(() -> new AssertionError("the route is accepted: " + e));
                    byte[] tested = attributeOfType(attrs, type);
                    if (tested != null && keptByRib(tested)) {
                        assertTrue(carries(r, type), "attribute " + type + " kept: " + r.attributes());
                    }
                    if (exported(h, r, p) && tested != null && !interpreted(type) && keptByRib(tested)) {
                        ObservedUpdate seen = h.observed.route(p).orElseThrow();
                        // RFC 4271 §5: an unrecognised optional transitive attribute travels on with Partial set
                        byte[] out = seen.attribute(type);
                        assertNotNull(out, "attribute " + type + " passed on");
                        assertEquals(0xE0, out[0] & 0xE0, "passed on as optional transitive with Partial set");
                        assertArrayEquals(ObservedUpdate.value(tested), ObservedUpdate.value(out), "value unchanged");
                    }
                    break;
                }
                default:
                    throw new IllegalStateException();
            }
            peer.withdraw(p, q);
        }
    }

    /**
     * Whether the observer has {@code prefix}; it must, unless the route is not eligible: a path with
     * our own AS in it (FRR's iBGP attribute blocks carry AS_PATH [65000], our AS) is kept in the
     * Adj-RIB-In but never chosen nor exported (RFC 4271 §9.1.2).
     */
    private static boolean exported(ConformanceHarness h, Route r, String prefix) {
        if (r.hasLoop()) {
            assertTrue(h.observed.route(prefix).isEmpty(), "a looped path is not exported");
            return false;
        }
        assertTrue(h.observed.route(prefix).isPresent(), "the observer has the route");
        return true;
    }

    /**
     * Sends {@code message} as it is on {@code peer}'s connection, asserts the reset {@code e}
     * ({@link #assertReset}) and retires the peer, whatever the outcome.
     */
    static void sendAndAssertReset(HostilePeer peer, byte[] message, Expected e) throws Exception {
        try {
            peer.send(message);
            assertReset(peer, e);
        } finally {
            peer.harness.retire(peer);
        }
    }

    /** Reads the NOTIFICATION and compares it with {@code e}; the connection must close after it. */
    static byte[] assertReset(HostilePeer peer, Expected e) throws InterruptedException {
        byte[] n = peer.expectNotificationAndClose();
        String got = RawMessages.notificationCode(n) + "/" + RawMessages.notificationSubcode(n)
                + " data " + RawMessages.hex(RawMessages.notificationData(n));
        assertEquals(e.code(), RawMessages.notificationCode(n), "NOTIFICATION code, got " + got + "; " + e);
        assertEquals(e.subcode(), RawMessages.notificationSubcode(n), "NOTIFICATION subcode, got " + got + "; " + e);
        e.data().ifPresent(d -> assertArrayEquals(d, RawMessages.notificationData(n), "NOTIFICATION data, got " + got));
        peer.harness.await("session left Established", () -> peer.state() != SessionState.ESTABLISHED);
        return n;
    }

    /** The rest survived an attribute discard: ORIGIN and NEXT_HOP as sent. */
    private static void assertBaseKept(Route r, byte[] attrs) throws Exception {
        byte[] origin = attributeOfType(attrs, 1);
        byte[] nextHop = attributeOfType(attrs, 3);
        assertEquals(origin[3], r.attributes().origin(), "ORIGIN kept");
        assertEquals(InetAddress.getByAddress(Arrays.copyOfRange(nextHop, 3, 7)), r.attributes().nextHop().orElseThrow(),
                "NEXT_HOP kept");
    }

    /** The first attribute of {@code type} in a Path Attributes field (whole attribute), or null. */
    static byte[] attributeOfType(byte[] attrs, int type) {
        int i = 0;
        while (i + 3 <= attrs.length) {
            int flags = attrs[i] & 0xFF;
            boolean ext = (flags & 0x10) != 0;
            if (ext && i + 4 > attrs.length) {
                return null;
            }
            int len = ext ? (attrs[i + 2] & 0xFF) << 8 | (attrs[i + 3] & 0xFF) : attrs[i + 2] & 0xFF;
            int end = Math.min(attrs.length, i + (ext ? 4 : 3) + len);
            if ((attrs[i + 1] & 0xFF) == type) {
                return Arrays.copyOfRange(attrs, i, end);
            }
            i = end;
        }
        return null;
    }

    /**
     * Whether the RIB keeps an attribute like {@code attribute} on a route: the ones it interprets, and
     * optional transitive ones it passes on (RFC 4271 §5); optional non-transitive unknown ones are
     * quietly ignored, and AS4_PATH / AS4_AGGREGATOR are folded into AS_PATH / AGGREGATOR.
     */
    static boolean keptByRib(byte[] attribute) {
        int type = attribute[1] & 0xFF;
        if (interpreted(type)) {
            return true;
        }
        int flags = attribute[0] & 0xFF;
        return type != 17 && type != 18 && (flags & 0xC0) == 0xC0;
    }

    private static boolean interpreted(int type) {
        return (type >= 1 && type <= 10) || type == 16 || type == 32;
    }

    /** Whether route {@code r} carries an attribute of {@code type} (by the field the RIB keeps it in). */
    static boolean carries(Route r, int type) {
        PathAttributes a = r.attributes();
        switch (type) {
            case 4: return a.hasMed();
            case 5: return a.hasLocalPref();
            case 6: return a.atomicAggregate();
            case 7: return a.aggregatorAs() >= 0;
            case 8: return a.communities().length > 0;
            case 9: return a.hasOriginatorId();
            case 10: return a.clusterListLength() > 0;
            case 16: return a.extendedCommunities().length > 0;
            case 32: return a.largeCommunities().length > 0;
            case 1: case 2: case 3: return true;
            default: return passThroughTypes(a.passThrough())[type];
        }
    }

    /** Which attribute types a pass-through block holds. */
    static boolean[] passThroughTypes(byte[] raw) {
        boolean[] seen = new boolean[256];
        int i = 0;
        while (i + 3 <= raw.length) {
            int flags = raw[i] & 0xFF;
            boolean ext = (flags & 0x10) != 0;
            int len = ext ? (raw[i + 2] & 0xFF) << 8 | (raw[i + 3] & 0xFF) : raw[i + 2] & 0xFF;
            seen[raw[i + 1] & 0xFF] = true;
            i += (ext ? 4 : 3) + len;
        }
        return seen;
    }
}
