package dev.jbgp.rib.internal;

import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.Route;
import java.util.Arrays;

/**
 * All paths to one prefix, kept best-first by {@link DecisionSorter}, plus the ECMP set. Only prefixes
 * with two or more paths have one in the Loc-RIB (a single route is stored as the table value itself);
 * the prefix is the table key, and the multipath array exists only while a set of more than one route
 * is in use. Mutable; confined to the RIB's thread.
 */
public final class Destination {

    private static final Route[] NONE = new Route[0];

    private Route[] paths;
    private int count;
    /** Null while the multipath set is just the best route (or there is no best). */
    private Route[] multipath;

    public Destination() {
        paths = new Route[2];
    }

    /**
     * A destination holding {@code only}. The Loc-RIB stores a prefix's single route without a
     * destination; one is made when a second path arrives, or to read or change the paths uniformly.
     */
    public static Destination of(Route only) {
        Destination d = new Destination();
        d.paths[0] = only;
        d.count = 1;
        return d;
    }

    public int size() {
        return count;
    }

    public Route get(int i) {
        return paths[i];
    }

    /** The index of the path from {@code peer} with {@code pathId}, or -1. */
    public int find(PeerId peer, int pathId) {
        for (int i = 0; i < count; i++) {
            Route r = paths[i];
            if (r.pathId() == pathId && r.peer().equals(peer)) {
                return i;
            }
        }
        return -1;
    }

    public void set(int i, Route r) {
        paths[i] = r;
    }

    public void add(Route r) {
        if (count == paths.length) {
            paths = Arrays.copyOf(paths, count + Math.max(1, count >> 1));
        }
        paths[count++] = r;
    }

    /** Inserts at position {@code i}, shifting the rest down (arrival-order mode). */
    public void insert(int i, Route r) {
        add(r);
        System.arraycopy(paths, i, paths, i + 1, count - 1 - i);
        paths[i] = r;
    }

    public Route removeAt(int i) {
        Route r = paths[i];
        System.arraycopy(paths, i + 1, paths, i, count - 1 - i);
        paths[--count] = null;
        return r;
    }

    /** The best route, or null when there is none eligible (internal sentinel, never escapes the RIB API). */
    public Route best() {
        return count > 0 && paths[0].isEligible() ? paths[0] : null;
    }

    /** The raw multipath array (null: only the best); identity changes whenever the set changes. */
    public Route[] multipathRaw() {
        return multipath;
    }

    void setMultipath(Route[] mp) {
        multipath = mp;
    }

    /** The ECMP set, best first: empty without a best, the best alone without ECMP. */
    public Route[] multipath() {
        Route b = best();
        if (b == null) {
            return NONE;
        }
        return multipath == null ? new Route[] {b} : multipath.clone();
    }

    Route[] array() {
        return paths;
    }
}
