package dev.jbgp.speaker.conformance;

import dev.jbgp.testkit.peer.MessageInbox;
import dev.jbgp.testkit.peer.RawMessages;

import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the observer peer has been told, as its Adj-RIB-In for IPv4 unicast: every UPDATE the speaker
 * exported to it applied in order (withdrawn routes, then the NLRI with the message's attributes;
 * RFC 4271 §3.1, §9). Read on the test thread, which pumps the observer's {@link MessageInbox}.
 */
final class ObserverRib {

    private final MessageInbox inbox;
    private final Map<String, ObservedUpdate> routes = new HashMap<>();
    private final Set<String> everAnnounced = new HashSet<>();

    ObserverRib(MessageInbox inbox) {
        this.inbox = inbox;
    }

    private static String key(byte[] entry) {
        return HexFormat.of().formatHex(entry);
    }

    /** Applies everything received so far. */
    void pump() {
        for (byte[] m : inbox.drain()) {
            if (RawMessages.type(m) != RawMessages.UPDATE) {
                continue;
            }
            ObservedUpdate u = ObservedUpdate.of(m);
            List<byte[]> withdrawn = MpCases.entries(u.withdrawn(), 0, 32);
            List<byte[]> announced = MpCases.entries(u.nlri(), 0, 32);
            if (withdrawn == null || announced == null) {
                throw new AssertionError("the speaker sent an UPDATE we cannot lay out: " + RawMessages.hex(m));
            }
            for (byte[] w : withdrawn) {
                routes.remove(key(w));
            }
            for (byte[] a : announced) {
                routes.put(key(a), u);
                everAnnounced.add(key(a));
            }
        }
    }

    /** The UPDATE that last announced {@code prefix} to the observer, if it still stands. */
    Optional<ObservedUpdate> route(String prefix) {
        pump();
        return Optional.ofNullable(routes.get(key(RawMessages.prefix(prefix))));
    }

    /**
     * Waits until the observer was told of {@code sentinel} and then of its withdrawal: the speaker
     * exports in the order it applies UPDATEs, so everything the hostile peer sent before the sentinel
     * has reached the observer too.
     */
    void awaitPassed(ConformanceHarness h, String sentinel) {
        String k = key(RawMessages.prefix(sentinel));
        h.await("the observer saw sentinel " + sentinel + " come and go", () -> {
            pump();
            return everAnnounced.contains(k) && !routes.containsKey(k);
        });
    }
}
