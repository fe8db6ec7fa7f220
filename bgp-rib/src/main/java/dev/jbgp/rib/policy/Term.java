package dev.jbgp.rib.policy;

import java.util.List;

/**
 * One rule of a {@link Policy}: when {@link #match()} holds, apply {@link #actions()} in order, then
 * {@link #disposition()}. Immutable.
 */
public record Term(Match match, List<Action> actions, Disposition disposition) {

    public Term {
        actions = List.copyOf(actions);
    }

    /** Accept matching routes after applying the actions. */
    public static Term accept(Match match, Action... actions) {
        return new Term(match, List.of(actions), Disposition.ACCEPT);
    }

    /** Reject matching routes. */
    public static Term reject(Match match) {
        return new Term(match, List.of(), Disposition.REJECT);
    }

    /** Apply the actions to matching routes and go on with the next term. */
    public static Term modify(Match match, Action... actions) {
        return new Term(match, List.of(actions), Disposition.CONTINUE);
    }
}
