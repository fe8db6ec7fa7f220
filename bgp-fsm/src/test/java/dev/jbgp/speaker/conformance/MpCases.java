package dev.jbgp.speaker.conformance;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.testkit.peer.RawMessages;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs one MP_REACH_NLRI / MP_UNREACH_NLRI value (RFC 4760 §3, §4) through a real session. The
 * UPDATE carries ORIGIN and AS_PATH with an MP_REACH_NLRI, or an MP_UNREACH_NLRI alone (a withdraw
 * needs no other attribute, RFC 7606 §3 d). The speaker's count of the peer's accepted routes shows
 * what it did: the reachable prefixes are installed, the unreachable ones (announced validly first)
 * are gone, a family not negotiated is ignored, and an unparseable value resets the session.
 */
final class MpCases {

    private MpCases() {
    }

    /** Whether an MP attribute value names IPv4 or IPv6 unicast (AFI 1 or 2, SAFI 1). */
    static boolean unicast(byte[] value) {
        int afi = (value[0] & 0xFF) << 8 | (value[1] & 0xFF);
        return (afi == 1 || afi == 2) && value[2] == 1;
    }

    /**
     * Whether a BGP Prefix-SID value (RFC 8669 §3) breaks its TLV framing: empty, a TLV header or
     * value running past the end, a Label-Index TLV (type 1) not 7 octets (§3.1), an Originator SRGB
     * TLV (type 3) not 2 + 6n octets (§3.2). TLVs of other types are not looked into.
     */
    static boolean prefixSidFramingBroken(byte[] v) {
        if (v.length == 0) {
            return true;
        }
        int p = 0;
        while (p < v.length) {
            if (v.length - p < 3) {
                return true;
            }
            int t = v[p] & 0xFF;
            int l = (v[p + 1] & 0xFF) << 8 | (v[p + 2] & 0xFF);
            p += 3;
            if (l > v.length - p || (t == 1 && l != 7) || (t == 3 && (l < 2 || (l - 2) % 6 != 0))) {
                return true;
            }
            p += l;
        }
        return false;
    }

    /** The NLRI entries (length octet + address octets) from {@code from} to the end, or null when they do not parse. */
    static List<byte[]> entries(byte[] v, int from, int maxBits) {
        List<byte[]> out = new ArrayList<>();
        int p = from;
        while (p < v.length) {
            int bits = v[p] & 0xFF;
            int n = (bits + 7) / 8;
            if (bits > maxBits || p + 1 + n > v.length) {
                return null;
            }
            byte[] e = new byte[1 + n];
            System.arraycopy(v, p, e, 0, e.length);
            out.add(e);
            p += 1 + n;
        }
        return out;
    }

    private static int distinct(List<byte[]> entries) {
        Set<String> s = new HashSet<>();
        for (byte[] e : entries) {
            s.add(HexFormat.of().formatHex(e));
        }
        return s.size();
    }

    static void run(ConformanceHarness h, boolean reach, byte[] value, Expected e) throws Exception {
        HostilePeer peer = h.hostile(PeerKind.EBGP);
        int before = peer.status().accepted();
        int afi = (value[0] & 0xFF) << 8 | (value[1] & 0xFF);
        int maxBits = afi == 1 ? 32 : 128;
        boolean uni = unicast(value);
        List<byte[]> entries = null;
        if (uni && e.outcome() == Expected.Outcome.OK) {
            entries = reach ? entries(value, 5 + (value[3] & 0xFF), maxBits) : entries(value, 3, maxBits);
            if (entries == null) {
                throw new AssertionError("an accepted case whose NLRI does not parse: " + RawMessages.hex(value));
            }
        }
        if (!reach && entries != null) {
            // announce validly first, so that the withdraw is visible
            announce(peer, afi, entries);
            int want = before + distinct(entries);
            h.await("prefixes announced before the withdraw", () -> peer.status().accepted() == want);
        }
        byte[] attrs = reach
                ? RawMessages.concat(peer.baseAttributes(3), RawMessages.attribute(0x90, 14, value))
                : RawMessages.attribute(0x90, 15, value);
        peer.send(RawMessages.update(new byte[0], attrs, new byte[0]));
        if (e.outcome() == Expected.Outcome.SESSION_RESET) {
            SessionCases.assertReset(peer, e);
            h.retire(peer);
        } else {
            peer.barrier();
            assertEquals(SessionState.ESTABLISHED, peer.state(), "session stays Established: " + e);
            int expected = reach && entries != null ? before + distinct(entries) : before;
            assertEquals(expected, peer.status().accepted(), "the peer's accepted routes after the case: " + e);
            if (reach && entries != null && !entries.isEmpty()) {
                withdraw(peer, afi, entries);
                h.await("clean-up withdraw", () -> peer.status().accepted() == before);
            }
        }
    }

    private static byte[] field(List<byte[]> entries) {
        return RawMessages.concat(entries.toArray(new byte[0][]));
    }

    private static void announce(HostilePeer peer, int afi, List<byte[]> entries) throws Exception {
        if (afi == 1) {
            peer.send(RawMessages.update(new byte[0], peer.baseAttributes(0), field(entries)));
        } else {
            peer.send(RawMessages.update(new byte[0], RawMessages.concat(peer.baseAttributes(3),
                    RawMessages.attribute(0x90, 14, ConformanceHarness.mpReachIpv6(field(entries)))), new byte[0]));
        }
    }

    private static void withdraw(HostilePeer peer, int afi, List<byte[]> entries) throws Exception {
        if (afi == 1) {
            peer.send(RawMessages.update(field(entries), new byte[0], new byte[0]));
        } else {
            peer.send(RawMessages.update(new byte[0],
                    RawMessages.attribute(0x90, 15, ConformanceHarness.mpUnreachIpv6(field(entries))), new byte[0]));
        }
    }
}
