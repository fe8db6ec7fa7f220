package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Ipv4Prefix;
import dev.jbgp.wire.nlri.Ipv6Prefix;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable copy of the Loc-RIB at one moment, for status output and tests: per prefix all paths,
 * the best, the ECMP set and why the others lost. Safe to share between threads. Prefixes are sorted,
 * IPv4 before IPv6.
 */
public final class RibSnapshot {

    /** IPv4 first, then IPv6, each in address/length order. */
    static final Comparator<Prefix> PREFIX_ORDER = (a, b) -> {
        if (a instanceof Ipv4Prefix && b instanceof Ipv4Prefix) {
            return ((Ipv4Prefix) a).compareTo((Ipv4Prefix) b);
        }
        if (a instanceof Ipv6Prefix && b instanceof Ipv6Prefix) {
            return ((Ipv6Prefix) a).compareTo((Ipv6Prefix) b);
        }
        return a instanceof Ipv4Prefix ? -1 : 1;
    };

    private final List<DestinationSnapshot> destinations;
    private final Map<Prefix, DestinationSnapshot> byPrefix = new HashMap<>();

    RibSnapshot(List<DestinationSnapshot> destinations) {
        List<DestinationSnapshot> sorted = new ArrayList<>(destinations);
        sorted.sort((x, y) -> PREFIX_ORDER.compare(x.prefix(), y.prefix()));
        this.destinations = List.copyOf(sorted);
        for (DestinationSnapshot d : this.destinations) {
            byPrefix.put(d.prefix(), d);
        }
    }

    /** Every destination, sorted. */
    public List<DestinationSnapshot> destinations() {
        return destinations;
    }

    /** The destination for {@code prefix}, if present. */
    public Optional<DestinationSnapshot> get(Prefix prefix) {
        return Optional.ofNullable(byPrefix.get(prefix));
    }

    /** The number of prefixes. */
    public int size() {
        return destinations.size();
    }

    /** A table in the familiar "show ip bgp" shape: {@code *>} best, {@code *=} multipath. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (DestinationSnapshot d : destinations) {
            sb.append(d);
        }
        return sb.toString();
    }
}
