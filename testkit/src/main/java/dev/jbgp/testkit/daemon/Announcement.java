package dev.jbgp.testkit.daemon;

import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A route a daemon originates: a prefix, the next hop it is announced with, and the attributes the
 * interop tests assert on. Immutable; the {@code with...} methods return copies.
 *
 * <p>Next hops: a 127/8 next hop is refused by GoBGP and FRR (martian) and unresolvable in BIRD, so
 * tests use 198.18.0.0/15 (RFC 2544 benchmark range) for IPv4 and 2001:db8:ffff::/48 (documentation
 * range) for IPv6. No daemon installs routes in the kernel, so these are never traffic targets.
 *
 * @param prefix           {@code address/length}, IPv4 or IPv6
 * @param nextHop          next hop of the same family as the prefix
 * @param med              MULTI_EXIT_DISC, or empty for none
 * @param communities      RFC 1997 communities as {@code "asn:value"}
 * @param largeCommunities RFC 8092 large communities as {@code "global:local1:local2"}
 * @param prepend          how many extra times the daemon puts its own AS in front (eBGP adds one anyway)
 */
public record Announcement(String prefix, String nextHop, OptionalLong med, List<String> communities,
                           List<String> largeCommunities, int prepend) {

    private static final Pattern COMMUNITY = Pattern.compile("\\d{1,5}:\\d{1,5}");
    private static final Pattern LARGE_COMMUNITY = Pattern.compile("\\d{1,10}:\\d{1,10}:\\d{1,10}");

    public Announcement {
        Addresses.requirePrefix(prefix);
        Addresses.literal(nextHop, "next hop");
        if (Afi.of(prefix) != Afi.of(nextHop)) {
            throw new IllegalArgumentException("next hop " + nextHop + " is not of the family of " + prefix);
        }
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
        for (String c : communities) {
            String[] parts = c.split(":");
            if (!COMMUNITY.matcher(c).matches() || Integer.parseInt(parts[0]) > 0xFFFF
                    || Integer.parseInt(parts[1]) > 0xFFFF) {
                throw new IllegalArgumentException("community must be asn:value (16 bits each): " + c);
            }
        }
        for (String c : largeCommunities) {
            if (!LARGE_COMMUNITY.matcher(c).matches()) {
                throw new IllegalArgumentException("large community must be a:b:c: " + c);
            }
            for (String part : c.split(":")) {
                if (Long.parseLong(part) > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException("large community parts are 32 bits: " + c);
                }
            }
        }
        if (med.isPresent() && (med.getAsLong() < 0 || med.getAsLong() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("MED is 32 bits: " + med.getAsLong());
        }
        if (prepend < 0 || prepend > 16) {
            throw new IllegalArgumentException("prepend count 0..16: " + prepend);
        }
    }

    /** A plain announcement: no MED, no communities, no prepend. */
    public static Announcement of(String prefix, String nextHop) {
        return new Announcement(prefix, nextHop, OptionalLong.empty(), List.of(), List.of(), 0);
    }

    /** A copy with this MED. */
    public Announcement withMed(long value) {
        return new Announcement(prefix, nextHop, OptionalLong.of(value), communities, largeCommunities, prepend);
    }

    /** A copy with these standard communities ({@code "asn:value"}). */
    public Announcement withCommunities(String... values) {
        return new Announcement(prefix, nextHop, med, List.of(values), largeCommunities, prepend);
    }

    /** A copy with these large communities ({@code "a:b:c"}). */
    public Announcement withLargeCommunities(String... values) {
        return new Announcement(prefix, nextHop, med, communities, List.of(values), prepend);
    }

    /** A copy in which the daemon prepends its own AS {@code count} extra times. */
    public Announcement withPrepend(int count) {
        return new Announcement(prefix, nextHop, med, communities, largeCommunities, count);
    }

    /** The family of the prefix. */
    public Afi afi() {
        return Afi.of(prefix);
    }
}
