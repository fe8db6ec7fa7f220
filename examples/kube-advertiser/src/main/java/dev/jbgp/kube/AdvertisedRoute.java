package dev.jbgp.kube;

import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Collections;

/**
 * One route this node wants advertised: a prefix (a pod CIDR, or a /32 or /128 service IP), the next
 * hop (this node's InternalIP of the same family), and what to add on export. Immutable value; the
 * reconciler re-advertises a prefix when any field changes.
 *
 * @param prefix the destination
 * @param nextHop this node's address of the prefix's family
 * @param communities RFC 1997 communities to attach (sorted, possibly empty)
 * @param prepend AS_PATH prepending for external peers, if the node asks for it
 */
public record AdvertisedRoute(Prefix prefix, InetAddress nextHop, SortedSet<Community> communities,
                              Optional<Prepend> prepend) {

    public AdvertisedRoute {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(prepend, "prepend");
        communities = Collections.unmodifiableSortedSet(new TreeSet<>(communities));
    }

    /** A route with no communities and no prepending. */
    public static AdvertisedRoute of(Prefix prefix, InetAddress nextHop) {
        return new AdvertisedRoute(prefix, nextHop, new TreeSet<>(), Optional.empty());
    }
}
