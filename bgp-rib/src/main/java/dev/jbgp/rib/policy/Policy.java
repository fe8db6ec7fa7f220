package dev.jbgp.rib.policy;

import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.PeerId;
import dev.jbgp.wire.nlri.Prefix;
import java.util.List;
import java.util.Optional;

/**
 * An import or export policy: terms evaluated in order; the first term whose disposition is not
 * {@link Disposition#CONTINUE} decides, otherwise {@link #otherwise()} does. Immutable. Two peers with
 * the same {@code Policy} instance and the same export settings share an Adj-RIB-Out (update group),
 * so reuse one instance for peers that should be treated alike.
 */
public final class Policy {

    private static final Policy ACCEPT_ALL = new Policy(List.of(), Disposition.ACCEPT, "accept-all");
    private static final Policy REJECT_ALL = new Policy(List.of(), Disposition.REJECT, "reject-all");

    private final List<Term> terms;
    private final Disposition otherwise;
    private final String name;

    private Policy(List<Term> terms, Disposition otherwise, String name) {
        if (otherwise == Disposition.CONTINUE) {
            throw new IllegalArgumentException("a policy's final disposition must be ACCEPT or REJECT");
        }
        this.terms = List.copyOf(terms);
        this.otherwise = otherwise;
        this.name = name;
    }

    /** A named policy of the given terms and final disposition. */
    public static Policy of(String name, List<Term> terms, Disposition otherwise) {
        return new Policy(terms, otherwise, name);
    }

    /** A policy of the given terms that rejects what no term accepted. */
    public static Policy of(String name, Term... terms) {
        return new Policy(List.of(terms), Disposition.REJECT, name);
    }

    /** Accepts every route unchanged (an explicit policy for RFC 8212). */
    public static Policy acceptAll() {
        return ACCEPT_ALL;
    }

    /** Rejects every route. */
    public static Policy rejectAll() {
        return REJECT_ALL;
    }

    /** The terms, in order. */
    public List<Term> terms() {
        return terms;
    }

    /** The disposition when no term decided. */
    public Disposition otherwise() {
        return otherwise;
    }

    /** The name given at creation. */
    public String name() {
        return name;
    }

    /**
     * Evaluates the policy. Matches see {@code attributes} as they entered; actions accumulate.
     *
     * @return the resulting attributes ({@code attributes} itself when nothing changed), or empty when rejected
     */
    public Optional<PathAttributes> apply(Prefix prefix, PathAttributes attributes, PeerId from, long localAs) {
        PathAttributes.Builder b = null;
        for (int i = 0; i < terms.size(); i++) {
            Term t = terms.get(i);
            if (!t.match().matches(prefix, attributes, from)) {
                continue;
            }
            List<Action> actions = t.actions();
            for (int j = 0; j < actions.size(); j++) {
                if (b == null) {
                    b = attributes.toBuilder();
                }
                actions.get(j).apply(b, localAs);
            }
            if (t.disposition() == Disposition.REJECT) {
                return Optional.empty();
            }
            if (t.disposition() == Disposition.ACCEPT) {
                return Optional.of(b == null ? attributes : b.build());
            }
        }
        if (otherwise == Disposition.REJECT) {
            return Optional.empty();
        }
        return Optional.of(b == null ? attributes : b.build());
    }

    @Override
    public String toString() {
        return "policy " + name;
    }
}
