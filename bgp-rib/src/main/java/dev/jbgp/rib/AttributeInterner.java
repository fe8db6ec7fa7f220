package dev.jbgp.rib;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares identical {@link PathAttributes} and counts who holds them. {@link #intern} returns the one
 * canonical instance equal to its argument and adds a reference; {@link #release} drops one, and the
 * set is forgotten when its count reaches zero, so a withdrawn attribute set does not outlive its last
 * route. Every holder in the RIB (a route in the Loc-RIB, a pre-policy entry, an Adj-RIB-Out entry)
 * owns exactly one reference.
 *
 * <p>Not thread-safe: owned by one {@link Rib} and used on its thread. A lookup of an existing set does
 * not allocate.
 */
public final class AttributeInterner {

    /** The reference count of one canonical set; mutable, never leaves this class. */
    private static final class Counted {
        final PathAttributes attributes;
        int references;

        Counted(PathAttributes attributes) {
            this.attributes = attributes;
        }
    }

    private final Map<PathAttributes, Counted> sets = new HashMap<>();
    /**
     * The set last interned or released and the argument it was found by (identity): the routes of one
     * UPDATE share a set, so all but the first skip the hash lookup. Valid while its count is above zero
     * (at zero it has left {@link #sets}).
     */
    private PathAttributes lastArgument;
    private Counted last;

    /** Returns the canonical instance equal to {@code attributes} and adds one reference to it. */
    public PathAttributes intern(PathAttributes attributes) {
        Counted c = last;
        if (attributes != lastArgument || c.references == 0) {
            c = sets.get(attributes);
            if (c == null) {
                c = new Counted(attributes);
                sets.put(attributes, c);
            }
            lastArgument = attributes;
            last = c;
        }
        c.references++;
        return c.attributes;
    }

    /** Adds one reference to an already canonical instance (a second holder of the same set). */
    public PathAttributes retain(PathAttributes canonical) {
        Counted c = sets.get(canonical);
        if (c == null || c.attributes != canonical) {
            throw new IllegalStateException("not an interned attribute set: " + canonical);
        }
        c.references++;
        return canonical;
    }

    /**
     * Drops one reference to a canonical instance; at zero the set is forgotten.
     *
     * @throws IllegalStateException when the set is not interned here (a reference-counting bug)
     */
    public void release(PathAttributes canonical) {
        Counted c = last;
        if (c == null || c.attributes != canonical || c.references == 0) {
            c = sets.get(canonical);
            if (c == null || c.attributes != canonical) {
                throw new IllegalStateException("release of an attribute set that is not interned: " + canonical);
            }
            lastArgument = canonical;
            last = c;
        }
        if (--c.references == 0) {
            sets.remove(canonical);
        }
    }

    /** The reference count of the set equal to {@code attributes}, 0 when it is not interned. */
    public int referenceCount(PathAttributes attributes) {
        Counted c = sets.get(attributes);
        return c == null ? 0 : c.references;
    }

    /** How many distinct sets are interned. */
    public int size() {
        return sets.size();
    }

    /** The sum of all reference counts. */
    public long totalReferences() {
        long n = 0;
        for (Counted c : sets.values()) {
            n += c.references;
        }
        return n;
    }
}
