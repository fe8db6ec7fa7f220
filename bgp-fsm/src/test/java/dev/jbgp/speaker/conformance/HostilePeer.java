package dev.jbgp.speaker.conformance;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.Route;
import dev.jbgp.speaker.LocalRoute;
import dev.jbgp.speaker.NeighborStatus;
import dev.jbgp.testkit.peer.MessageInbox;
import dev.jbgp.testkit.peer.RawBgpPeer;
import dev.jbgp.testkit.peer.RawMessages;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A raw test peer of the {@link ConformanceHarness}'s speaker that sends whatever a case holds. Before
 * its session is up the test reads the socket itself; once {@link #establish}ed, a {@link MessageInbox}
 * reads everything the speaker sends (its table, KEEPALIVEs, the NOTIFICATION a case provokes).
 */
final class HostilePeer {

    final ConformanceHarness harness;
    final PeerKind kind;
    final InetAddress address;
    final RawBgpPeer raw;
    private MessageInbox inbox;

    HostilePeer(ConformanceHarness harness, PeerKind kind, InetAddress address, RawBgpPeer raw) {
        this.harness = harness;
        this.kind = kind;
        this.address = address;
        this.raw = raw;
    }

    /** Completes the OPEN exchange with {@code open} and waits until the speaker calls the session Established. */
    void establish(byte[] open) throws IOException {
        ConformanceHarness.establish(raw, open);
        inbox = MessageInbox.start(raw);
        harness.await("hostile session Established", () -> state() == SessionState.ESTABLISHED);
    }

    /** The speaker's view of this neighbour. */
    NeighborStatus status() {
        return harness.speaker.status().neighbor(address).orElseThrow();
    }

    SessionState state() {
        return status().state();
    }

    boolean isUp() {
        return inbox != null && !inbox.closed() && state() == SessionState.ESTABLISHED;
    }

    void send(byte[] bytes) throws IOException {
        raw.send(bytes);
    }

    /**
     * The well-formed attributes FRR's cases surround the tested one with: ORIGIN IGP, AS_PATH (our AS
     * on eBGP, empty on iBGP), NEXT_HOP = this peer's address, LOCAL_PREF 100 on iBGP; the attribute
     * of type {@code replaced} is left out (the case carries its own).
     */
    byte[] baseAttributes(int replaced) {
        byte[] origin = replaced == 1 ? new byte[0] : RawMessages.attribute(0x40, 1, new byte[] {0});
        byte[] asPath;
        if (replaced == 2) {
            asPath = new byte[0];
        } else if (kind.internal()) {
            asPath = RawMessages.attribute(0x40, 2, new byte[0]);
        } else if (kind.fourOctet) {
            asPath = RawMessages.attribute(0x40, 2, ConformanceHarness.asSequence4(kind.peerAs));
        } else {
            asPath = RawMessages.attribute(0x40, 2, ConformanceHarness.asSequence2((int) kind.peerAs));
        }
        byte[] nextHop = replaced == 3 ? new byte[0] : RawMessages.attribute(0x40, 3, address.getAddress());
        byte[] localPref = !kind.internal() || replaced == 5 ? new byte[0]
                : RawMessages.attribute(0x40, 5, new byte[] {0, 0, 0, 100});
        return RawMessages.concat(origin, asPath, nextHop, localPref);
    }

    /** Announces {@code prefixes} (IPv4) with {@link #baseAttributes} and waits until they are all in the Loc-RIB. */
    void announce(String... prefixes) throws IOException {
        byte[][] nlri = new byte[prefixes.length][];
        for (int i = 0; i < prefixes.length; i++) {
            nlri[i] = nlri(prefixes[i]);
        }
        send(RawMessages.update(new byte[0], baseAttributes(0), RawMessages.concat(nlri)));
        for (String p : prefixes) {
            harness.await(p + " from " + address.getHostAddress() + " installed", () -> route(p).isPresent());
        }
    }

    /** One IPv4 NLRI entry for {@code prefix}: with Path Identifier 1 on an ADD-PATH session (RFC 7911 §3). */
    byte[] nlri(String prefix) {
        byte[] p = RawMessages.prefix(prefix);
        return kind.addPath ? RawMessages.concat(new byte[] {0, 0, 0, 1}, p) : p;
    }

    /** Withdraws IPv4 {@code prefixes} (Withdrawn Routes field, RFC 4271 §4.3). */
    void withdraw(String... prefixes) throws IOException {
        byte[][] nlri = new byte[prefixes.length][];
        for (int i = 0; i < prefixes.length; i++) {
            nlri[i] = nlri(prefixes[i]);
        }
        send(RawMessages.update(RawMessages.concat(nlri), new byte[0], new byte[0]));
    }

    /**
     * Waits until the speaker has processed everything sent before: UPDATEs of one session are applied
     * in order, so once a fresh sentinel route announced now is installed, so is what came before it;
     * and once the observer saw the sentinel come and go, it has seen what the speaker exported before.
     */
    void barrier() throws IOException {
        String sentinel = ConformanceHarness.nextIpv4Prefix();
        announce(sentinel);
        withdraw(sentinel);
        harness.await("sentinel " + sentinel + " withdrawn", () -> route(sentinel).isEmpty());
        harness.observed.awaitPassed(harness, sentinel);
    }

    /** This peer's Loc-RIB path to {@code prefix}. */
    Optional<Route> route(String prefix) {
        return harness.routeFrom(LocalRoute.parsePrefix(prefix), address);
    }

    /**
     * The NOTIFICATION the speaker sends, then the close of the connection (RFC 4271 §6: after a
     * NOTIFICATION the connection is closed).
     */
    byte[] expectNotificationAndClose() throws InterruptedException {
        byte[] n = inbox != null ? inbox.next(RawMessages.NOTIFICATION, m -> true, ConformanceHarness.TIMEOUT)
                : readNotification();
        assertNotNull(n, "a NOTIFICATION from the speaker");
        if (inbox != null) {
            harness.await("connection closed after the NOTIFICATION", inbox::closed);
        } else {
            try {
                assertEquals(true, raw.awaitClosed(ConformanceHarness.TIMEOUT), "connection closed after the NOTIFICATION");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return n;
    }

    private byte[] readNotification() {
        try {
            return raw.readMessage(RawMessages.NOTIFICATION, ConformanceHarness.TIMEOUT);
        } catch (IOException e) {
            throw new AssertionError("no NOTIFICATION: " + e, e);
        }
    }

    /** The inbox (null before the session is up). */
    MessageInbox inbox() {
        return inbox;
    }

    void closeSocket() throws Exception {
        if (inbox != null) {
            inbox.close();
        }
        raw.close();
    }
}
