package dev.jbgp.rib;

import dev.jbgp.wire.nlri.Prefix;
import java.util.List;
import java.util.Optional;

/**
 * One prefix in a {@link RibSnapshot}: all its paths best-first, the best, the ECMP set and why each
 * other path lost. Immutable and shareable.
 */
public record DestinationSnapshot(Prefix prefix, List<Route> paths, Optional<Route> best, List<Route> multipath,
                                  List<Explanation> explanations) {

    public DestinationSnapshot {
        paths = List.copyOf(paths);
        multipath = List.copyOf(multipath);
        explanations = List.copyOf(explanations);
    }

    /** True when {@code r} is in the ECMP set. */
    public boolean inMultipath(Route r) {
        for (Route m : multipath) {
            if (m == r) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(prefix.toString()).append('\n');
        for (Route r : paths) {
            String mark = best.isPresent() && best.get() == r ? "*>" : inMultipath(r) ? "*=" : "  ";
            sb.append("  ").append(mark).append(' ').append(r).append('\n');
        }
        for (Explanation e : explanations) {
            sb.append("     ").append(e).append('\n');
        }
        return sb.toString();
    }
}
