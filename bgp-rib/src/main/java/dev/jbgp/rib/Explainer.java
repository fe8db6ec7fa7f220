package dev.jbgp.rib;

import dev.jbgp.rib.decision.PathComparator;
import dev.jbgp.rib.decision.DecisionOptions;
import dev.jbgp.rib.internal.Destination;
import dev.jbgp.rib.internal.PrefixTable;
import dev.jbgp.wire.nlri.Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Says why each path of a prefix is not the best (the decision step it lost at and the path it lost
 * to, from the same {@link PathComparator} verdicts the decision uses) and copies the Loc-RIB into
 * immutable {@link RibSnapshot}s with those explanations. Reads only; holds no {@code ByteBuf}; used
 * on its {@link Rib}'s thread.
 */
final class Explainer {

    private final PathComparator comparator;
    private final DecisionOptions decision;

    Explainer(PathComparator comparator, DecisionOptions decision) {
        this.comparator = comparator;
        this.decision = decision;
    }

    /** For each path of {@code d} but the best, in order: the step it lost at and the path it lost to. */
    List<Explanation> explain(Destination d) {
        if (d.size() < 2) {
            return List.of();
        }
        List<Explanation> out = new ArrayList<>(d.size() - 1);
        boolean grouped = decision.deterministicMed() || decision.alwaysCompareMed();
        Route top = d.get(0);
        for (int i = 1; i < d.size(); i++) {
            Route r = d.get(i);
            Route winner = top;
            if (grouped) {
                // Under deterministic MED a route first lost inside its neighbouring AS, to that AS's best.
                long g = comparator.medGroup(r);
                for (int j = 0; j < i; j++) {
                    if (comparator.medGroup(d.get(j)) == g) {
                        winner = d.get(j);
                        break;
                    }
                }
            }
            out.add(new Explanation(r, comparator.compare(winner, r).step(), winner));
        }
        return out;
    }

    /** An immutable copy of a Loc-RIB table (values as {@link LocRib} keeps them), IPv4 first. */
    RibSnapshot snapshot(PrefixTable<Object> locRib) {
        List<DestinationSnapshot> out = new ArrayList<>(locRib.size());
        for (int i = 0; i < locRib.v4Slots(); i++) {
            if (locRib.v4Used(i)) {
                out.add(snapshot(locRib.v4PrefixAt(i), LocRib.view(locRib.v4ValueAt(i))));
            }
        }
        for (int i = 0; i < locRib.v6Slots(); i++) {
            if (locRib.v6Used(i)) {
                out.add(snapshot(locRib.v6PrefixAt(i), LocRib.view(locRib.v6ValueAt(i))));
            }
        }
        return new RibSnapshot(out);
    }

    private DestinationSnapshot snapshot(Prefix p, Destination d) {
        Route[] paths = new Route[d.size()];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = d.get(i);
        }
        return new DestinationSnapshot(p, Arrays.asList(paths), Optional.ofNullable(d.best()),
                Arrays.asList(d.multipath()), explain(d));
    }
}
