package dev.jbgp.rib;

import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.nlri.Prefix;

/** What the RIB keeps per peer: settings, counters, the optional pre-policy Adj-RIB-In, its update group. */
final class PeerState {

    /** One pre-policy path (soft reconfiguration); a short chain per prefix for ADD-PATH. */
    static final class PrePolicy {
        final int pathId;
        PathAttributes attributes;
        PrePolicy next;

        PrePolicy(int pathId, PathAttributes attributes, PrePolicy next) {
            this.pathId = pathId;
            this.attributes = attributes;
            this.next = next;
        }
    }

    final PeerId peer;
    PeerSettings settings;
    boolean up;
    int routes;
    int stale;
    AdjRibOut group;
    final PrefixTable<PrePolicy> prePolicy = new PrefixTable<>();

    PeerState(PeerId peer, PeerSettings settings) {
        this.peer = peer;
        this.settings = settings;
    }

    /** Stores a pre-policy path (the caller passes an interned reference it hands over); returns the replaced set or null. */
    PathAttributes putPrePolicy(Prefix prefix, int pathId, PathAttributes canonical) {
        PrePolicy head = prePolicy.get(prefix);
        for (PrePolicy e = head; e != null; e = e.next) {
            if (e.pathId == pathId) {
                PathAttributes old = e.attributes;
                e.attributes = canonical;
                return old;
            }
        }
        prePolicy.put(prefix, new PrePolicy(pathId, canonical, head));
        return null;
    }

    /** Removes a pre-policy path; returns its set (whose reference the caller now releases) or null. */
    PathAttributes removePrePolicy(Prefix prefix, int pathId) {
        PrePolicy head = prePolicy.get(prefix);
        PrePolicy prev = null;
        for (PrePolicy e = head; e != null; prev = e, e = e.next) {
            if (e.pathId == pathId) {
                if (prev == null) {
                    if (e.next == null) {
                        prePolicy.remove(prefix);
                    } else {
                        prePolicy.put(prefix, e.next);
                    }
                } else {
                    prev.next = e.next;
                }
                return e.attributes;
            }
        }
        return null;
    }

    PathAttributes getPrePolicy(Prefix prefix, int pathId) {
        for (PrePolicy e = prePolicy.get(prefix); e != null; e = e.next) {
            if (e.pathId == pathId) {
                return e.attributes;
            }
        }
        return null;
    }
}
