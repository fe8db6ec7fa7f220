package dev.jbgp.rib.policy;

import dev.jbgp.rib.PathAttributes;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A change a policy term makes to a route's attributes, applied to a builder. {@code localAs} is our
 * AS (for {@link #prependOwnAs}). The factories cover the usual actions; they check their arguments
 * when called (an out-of-range value throws {@link IllegalArgumentException} there), so an action
 * they return never fails on a route.
 */
@FunctionalInterface
public interface Action {

    /** Applies the change. */
    void apply(PathAttributes.Builder attributes, long localAs);

    /** Sets LOCAL_PREF. */
    static Action setLocalPref(long value) {
        Unsigned32.check(value, "LOCAL_PREF");
        return (b, as) -> b.localPref(value);
    }

    /** Sets MULTI_EXIT_DISC. */
    static Action setMed(long value) {
        Unsigned32.check(value, "MED");
        return (b, as) -> b.med(value);
    }

    /** Removes MULTI_EXIT_DISC. */
    static Action clearMed() {
        return (b, as) -> b.clearMed();
    }

    /** Sets the local weight. */
    static Action setWeight(int value) {
        return (b, as) -> b.weight(value);
    }

    /** Sets NEXT_HOP. */
    static Action setNextHop(InetAddress address) {
        Objects.requireNonNull(address, "address");
        return (b, as) -> b.nextHop(address);
    }

    /** Adds an RFC 1997 community. */
    static Action addCommunity(int community) {
        return (b, as) -> b.addCommunity(community);
    }

    /** Removes an RFC 1997 community. */
    static Action removeCommunity(int community) {
        return (b, as) -> b.removeCommunity(community);
    }

    /** Replaces all RFC 1997 communities (none given: removes them all). */
    static Action replaceCommunities(int... communities) {
        int[] copy = communities.clone();
        return (b, as) -> b.communities(copy);
    }

    /** Adds an RFC 8092 large community. */
    static Action addLargeCommunity(long global, long local1, long local2) {
        Unsigned32.check(global, "global administrator");
        Unsigned32.check(local1, "local data 1");
        Unsigned32.check(local2, "local data 2");
        return (b, as) -> b.addLargeCommunity(global, local1, local2);
    }

    /** Removes an RFC 8092 large community. */
    static Action removeLargeCommunity(long global, long local1, long local2) {
        Unsigned32.check(global, "global administrator");
        Unsigned32.check(local1, "local data 1");
        Unsigned32.check(local2, "local data 2");
        return (b, as) -> b.removeLargeCommunity(global, local1, local2);
    }

    /** Replaces all large communities; {@code triples} holds (global, local 1, local 2) per community. */
    static Action replaceLargeCommunities(int... triples) {
        if (triples.length % 3 != 0) {
            throw new IllegalArgumentException("large communities come in triples, got " + triples.length + " ints");
        }
        int[] copy = triples.clone();
        return (b, as) -> b.largeCommunities(copy);
    }

    /**
     * Prepends our own AS {@code times} times. On eBGP export the speaker prepends our AS once more
     * afterwards (RFC 4271 §5.1.2), so the receiver sees it {@code times + 1} times.
     */
    static Action prependOwnAs(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("prepend count must be >= 1, got " + times);
        }
        return (b, as) -> b.prepend(as, times);
    }

    /**
     * Prepends {@code asn} {@code times} times (segments split at 255 AS numbers). AS 0 is refused: a
     * path holding it is malformed to the receiver (RFC 7607 §2).
     */
    static Action prepend(long asn, int times) {
        if (Unsigned32.check(asn, "AS number") == 0) {
            throw new IllegalArgumentException("AS 0 must not appear in an AS_PATH (RFC 7607)");
        }
        if (times < 1) {
            throw new IllegalArgumentException("prepend count must be >= 1, got " + times);
        }
        return (b, as) -> b.prepend(asn, times);
    }
}
