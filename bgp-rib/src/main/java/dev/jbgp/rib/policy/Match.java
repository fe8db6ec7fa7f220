package dev.jbgp.rib.policy;

import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.PeerId;
import dev.jbgp.wire.nlri.Prefix;
import java.util.Objects;

/**
 * A condition on a route: its prefix, its attributes (as they entered the policy) and the peer it was
 * learned from ({@code from}; on export, the peer the best route came from). Implementations must be
 * side-effect free; the factories here cover the usual conditions and check their arguments when
 * called (an AS number or large-community field outside 0..4294967295 would otherwise alias another
 * value and match it).
 */
@FunctionalInterface
public interface Match {

    /** True when the route satisfies the condition. */
    boolean matches(Prefix prefix, PathAttributes attributes, PeerId from);

    /** Every route. */
    static Match any() {
        return (p, a, f) -> true;
    }

    /** The prefix is in the list (with its ge/le ranges). */
    static Match prefixIn(PrefixList list) {
        Objects.requireNonNull(list, "list");
        return (p, a, f) -> list.matches(p);
    }

    /** The RFC 1997 community is present ({@code asn:value} packed as {@code (asn << 16) | value}). */
    static Match community(int community) {
        return (p, a, f) -> a.hasCommunity(community);
    }

    /** The RFC 1997 community {@code high:low} is present. */
    static Match community(int high, int low) {
        return community((high << 16) | (low & 0xFFFF));
    }

    /** The RFC 8092 large community is present. */
    static Match largeCommunity(long global, long local1, long local2) {
        Unsigned32.check(global, "global administrator");
        Unsigned32.check(local1, "local data 1");
        Unsigned32.check(local2, "local data 2");
        return (p, a, f) -> a.hasLargeCommunity(global, local1, local2);
    }

    /** The AS path contains {@code asn}. */
    static Match asPathContains(long asn) {
        Unsigned32.check(asn, "AS number");
        return (p, a, f) -> a.containsAs(asn);
    }

    /** The AS path length (as the decision process counts it) is in {@code min..max}. */
    static Match asPathLength(int min, int max) {
        return (p, a, f) -> a.asPathLength() >= min && a.asPathLength() <= max;
    }

    /** The route was learned from {@code peer}. */
    static Match neighbour(PeerId peer) {
        Objects.requireNonNull(peer, "peer");
        return (p, a, f) -> f.equals(peer);
    }

    /** The route was learned from a peer in AS {@code asn}. */
    static Match neighbourAs(long asn) {
        Unsigned32.check(asn, "AS number");
        return (p, a, f) -> f.asn() == asn;
    }

    /** Both conditions hold. */
    default Match and(Match other) {
        return (p, a, f) -> matches(p, a, f) && other.matches(p, a, f);
    }

    /** Either condition holds. */
    default Match or(Match other) {
        return (p, a, f) -> matches(p, a, f) || other.matches(p, a, f);
    }

    /** The condition does not hold. */
    default Match negate() {
        return (p, a, f) -> !matches(p, a, f);
    }
}
