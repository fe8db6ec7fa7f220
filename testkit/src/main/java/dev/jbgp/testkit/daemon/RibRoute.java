package dev.jbgp.testkit.daemon;

import java.util.List;
import java.util.OptionalLong;

/**
 * One path in a daemon's RIB, normalised from that daemon's own output so tests can compare BIRD,
 * FRR and GoBGP alike. Only paths learned from BGP neighbours are listed (a daemon's own
 * originated routes are not).
 *
 * @param prefix           {@code address/length} as the daemon prints it (canonical form)
 * @param nextHop          the BGP NEXT_HOP (for IPv6 the global address)
 * @param asPath           AS numbers in order, first = the neighbour's (AS_SET members flattened in order)
 * @param localPref        LOCAL_PREF where the daemon shows one (BIRD shows 100 on eBGP-learned
 *                         routes, FRR and GoBGP show none for them)
 * @param med              MULTI_EXIT_DISC, if present
 * @param communities      RFC 1997 communities as {@code "asn:value"}, in received order
 * @param largeCommunities RFC 8092 large communities as {@code "a:b:c"}, in received order
 * @param neighbour        the address of the neighbour this path was learned from
 */
public record RibRoute(String prefix, String nextHop, List<Long> asPath, OptionalLong localPref, OptionalLong med,
                       List<String> communities, List<String> largeCommunities, String neighbour) {

    public RibRoute {
        asPath = List.copyOf(asPath);
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
    }
}
