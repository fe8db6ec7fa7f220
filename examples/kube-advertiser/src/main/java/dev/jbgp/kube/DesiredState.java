package dev.jbgp.kube;

import dev.jbgp.wire.nlri.Prefix;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What this node's speaker should look like, computed by {@link Advertiser#compute}: its local settings
 * (empty when they cannot be known, e.g. the node is missing — the reconciler then keeps what it has),
 * its neighbours, its routes by prefix, and every problem met on the way. Immutable value.
 *
 * @param local local AS, router id and listener
 * @param peers the desired neighbours
 * @param routes the desired routes, one per prefix
 * @param problems what was skipped and why
 */
public record DesiredState(Optional<LocalSettings> local, Set<PeerSpec> peers, Map<Prefix, AdvertisedRoute> routes,
                           List<Problem> problems) {

    public DesiredState {
        Objects.requireNonNull(local, "local");
        peers = Set.copyOf(peers);
        routes = Map.copyOf(routes);
        problems = List.copyOf(problems);
    }
}
