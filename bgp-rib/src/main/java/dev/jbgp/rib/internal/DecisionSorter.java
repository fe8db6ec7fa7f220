package dev.jbgp.rib.internal;

import dev.jbgp.rib.Route;
import dev.jbgp.rib.decision.DecisionOptions;
import dev.jbgp.rib.decision.PathComparator;
import java.util.Arrays;

/**
 * Orders a destination's paths best-first with the one {@link PathComparator} and derives the ECMP
 * set from the same verdicts.
 *
 * <p>Deterministic MED (RFC 3345 §3.1, the default): comparing MED only inside a neighbouring AS makes
 * pairwise comparison intransitive, so the paths are first sorted by (neighbouring AS, full
 * comparison) — a strict total order inside each group, MED included — and then the groups are merged
 * by repeatedly taking the best group head, comparing heads across ASes (no MED, hence transitive).
 * The result depends only on the set of paths, never on their arrival order.
 *
 * <p>Without deterministic MED the list is kept in insertion order: a new path is placed before the
 * first path it beats, as routers without deterministic-med do; the outcome may then depend on order.
 * When the decision inputs of paths already in the list change in place (IGP cost, reachability),
 * {@link #rerank} rebuilds the list as if the same paths had arrived again in their original order.
 *
 * <p>Reuses scratch arrays: one sorter per RIB, confined to its thread.
 */
public final class DecisionSorter {

    private final PathComparator comparator;
    private final boolean grouped;
    private Route[] scratch = new Route[8];
    private int[] runStart = new int[8];
    private int[] runEnd = new int[8];

    public DecisionSorter(PathComparator comparator) {
        this.comparator = comparator;
        DecisionOptions o = comparator.options();
        this.grouped = o.deterministicMed() || o.alwaysCompareMed();
    }

    public PathComparator comparator() {
        return comparator;
    }

    /** Adds a new path to the destination; call {@link #decide} afterwards. */
    public void add(Destination d, Route r) {
        if (grouped) {
            d.add(r);
            return;
        }
        int i = 0;
        while (i < d.size() && comparator.compare(r, d.get(i)).sign() >= 0) {
            i++;
        }
        d.insert(i, r);
    }

    /**
     * Restores the decision order after the decision inputs of paths already in {@code d} changed in
     * place: the IGP cost to their next hops (RFC 4271 §9.1.2.2 (e)) or whether those are reachable at
     * all (§9.1.2); call {@link #decide} afterwards. {@link #add} alone keeps the order only for the
     * path it inserts, so without this the list keeps the order of the old costs and its head is no
     * longer the best path.
     *
     * <p>In the grouped mode there is nothing to do here: {@link #decide} sorts the whole destination
     * from its set of paths. In insertion-order mode the paths are inserted again, oldest
     * {@link Route#arrival()} first, by the rule of {@link #add}, which gives the order a fresh RIB
     * would have after receiving the same paths in the same order with the current inputs. Sorting the
     * list in place would not: without deterministic MED the comparison is not transitive (RFC 3345),
     * so where a path lands depends on which paths were there when it arrived. Costs a quadratic number
     * of comparisons in the paths of this one destination; {@link #add} is unchanged.
     */
    public void rerank(Destination d) {
        int n = d.size();
        if (grouped || n < 2) {
            return;
        }
        Route[] p = d.array();
        if (scratch.length < n) {
            scratch = new Route[Math.max(n, scratch.length * 2)];
        }
        // Arrival order (a stable insertion sort): the order add() saw these paths in. The paths of one
        // destination were installed one at a time, each with a new arrival, so arrivals differ.
        for (int i = 0; i < n; i++) {
            Route r = p[i];
            int j = i - 1;
            while (j >= 0 && scratch[j].arrival() > r.arrival()) {
                scratch[j + 1] = scratch[j];
                j--;
            }
            scratch[j + 1] = r;
        }
        // Insert again into p[0..k): before the first path the new one beats, exactly as add() does.
        for (int k = 0; k < n; k++) {
            Route r = scratch[k];
            int i = 0;
            while (i < k && comparator.compare(r, p[i]).sign() >= 0) {
                i++;
            }
            System.arraycopy(p, i, p, i + 1, k - i);
            p[i] = r;
        }
        Arrays.fill(scratch, 0, n, null);
    }

    /** Re-sorts (deterministic mode) and recomputes the ECMP set. */
    public void decide(Destination d) {
        if (grouped && d.size() > 1) {
            sortGrouped(d);
        }
        computeMultipath(d);
    }

    private boolean before(Route a, Route b) {
        long ga = comparator.medGroup(a);
        long gb = comparator.medGroup(b);
        if (ga != gb) {
            return ga < gb;
        }
        return comparator.compare(a, b).sign() < 0;
    }

    private void sortGrouped(Destination d) {
        Route[] p = d.array();
        int n = d.size();
        for (int i = 1; i < n; i++) {
            Route r = p[i];
            int j = i - 1;
            while (j >= 0 && before(r, p[j])) {
                p[j + 1] = p[j];
                j--;
            }
            p[j + 1] = r;
        }
        // Runs of equal neighbouring AS.
        int runs = 0;
        for (int i = 0; i < n; ) {
            int j = i + 1;
            long g = comparator.medGroup(p[i]);
            while (j < n && comparator.medGroup(p[j]) == g) {
                j++;
            }
            if (runs == runStart.length) {
                runStart = Arrays.copyOf(runStart, runs * 2);
                runEnd = Arrays.copyOf(runEnd, runs * 2);
            }
            runStart[runs] = i;
            runEnd[runs] = j;
            runs++;
            i = j;
        }
        if (runs == 1) {
            return;
        }
        if (scratch.length < n) {
            scratch = new Route[Math.max(n, scratch.length * 2)];
        }
        for (int k = 0; k < n; k++) {
            int bestRun = -1;
            for (int r = 0; r < runs; r++) {
                if (runStart[r] == runEnd[r]) {
                    continue;
                }
                if (bestRun < 0 || comparator.compare(p[runStart[r]], p[runStart[bestRun]]).sign() < 0) {
                    bestRun = r;
                }
            }
            scratch[k] = p[runStart[bestRun]++];
        }
        System.arraycopy(scratch, 0, p, 0, n);
        Arrays.fill(scratch, 0, n, null);
    }

    private void computeMultipath(Destination d) {
        Route best = d.best();
        Route[] old = d.multipathRaw();
        if (best == null || best.peer().isLocal()) {
            d.setMultipath(null);
            return;
        }
        DecisionOptions o = comparator.options();
        int limit = best.peer().isExternal() ? o.maxPathsEbgp() : o.maxPathsIbgp();
        if (limit == 1 || d.size() == 1) {
            d.setMultipath(null);
            return;
        }
        int members = 1;
        Route[] mp = null;
        for (int i = 1; i < d.size() && members < limit; i++) {
            Route r = d.get(i);
            if (comparator.multipathCandidate(best, r)) {
                if (mp == null) {
                    mp = new Route[Math.min(limit, d.size())];
                    mp[0] = best;
                }
                mp[members++] = r;
            }
        }
        if (mp == null) {
            d.setMultipath(null);
            return;
        }
        if (members < mp.length) {
            mp = Arrays.copyOf(mp, members);
        }
        // Keep the old array when the set is unchanged, so identity signals change.
        d.setMultipath(old != null && Arrays.equals(old, mp) ? old : mp);
    }
}
