package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Prefix;
import java.util.List;
import java.util.Optional;

/**
 * A Loc-RIB change for one prefix: the best path and the ECMP set before and after. An empty
 * {@code best} means the prefix is no longer reachable. Immutable.
 *
 * @param previousMultipath the ECMP set before, best first (empty when there was no best)
 * @param multipath         the ECMP set now, best first (empty when there is no best)
 */
public record LocRibChange(Prefix prefix, Optional<Route> previousBest, Optional<Route> best,
                           List<Route> previousMultipath, List<Route> multipath) {

    public LocRibChange {
        previousMultipath = List.copyOf(previousMultipath);
        multipath = List.copyOf(multipath);
    }

    @Override
    public String toString() {
        return prefix + ": best " + best.map(r -> r.peer().toString()).orElse("none") + " (was "
                + previousBest.map(r -> r.peer().toString()).orElse("none") + "), multipath " + multipath.size();
    }
}
