package dev.jbgp.rib.decision;

import dev.jbgp.rib.PathAttributes;
import dev.jbgp.rib.PeerId;
import dev.jbgp.rib.Route;

/**
 * Compares two routes to the same destination step by step in {@link DecisionStep} order and names
 * the step that decided. This is the only place the decision rules live: the RIB sorts with it, picks
 * the ECMP set with it ({@link #multipathCandidate}) and explains losses with it.
 *
 * <p>Note that with MED compared only inside a neighbouring AS (the RFC default) {@link #compare} is
 * not transitive across ASes (RFC 3345); the RIB therefore groups by {@link #medGroup} first
 * (deterministic MED). Immutable and stateless; safe to share.
 */
public final class PathComparator {

    private static final long MED_WORST = 0xFFFFFFFFL;

    private final DecisionOptions options;

    /** A comparator applying {@code options}. */
    public PathComparator(DecisionOptions options) {
        this.options = options;
    }

    /** The options applied. */
    public DecisionOptions options() {
        return options;
    }

    /**
     * The neighbouring AS MED comparisons are confined to (RFC 4271 §9.1.2.2 (c)): the first AS of the
     * path, or our AS for an empty path. With always-compare-med every route is in one group (0).
     */
    public long medGroup(Route r) {
        if (options.alwaysCompareMed()) {
            return 0;
        }
        long n = r.attributes().neighbourAs();
        return n == 0 ? options.localAs() : n;
    }

    /**
     * Compares {@code a} with {@code b}. A negative sign means {@code a} is preferred; the verdict
     * names the first step at which they differ. Allocates nothing.
     */
    public Verdict compare(Route a, Route b) {
        if (a == b) {
            return Verdict.SAME;
        }
        PathAttributes x = a.attributes();
        PathAttributes y = b.attributes();
        PeerId pa = a.peer();
        PeerId pb = b.peer();
        int c;
        // ELIGIBILITY: true sorts first.
        c = Boolean.compare(b.isEligible(), a.isEligible());
        if (c != 0) {
            return Verdict.of(c, DecisionStep.ELIGIBILITY);
        }
        c = Integer.compare(y.weight(), x.weight());
        if (c != 0) {
            return Verdict.of(c, DecisionStep.WEIGHT);
        }
        long dlp = options.defaultLocalPref();
        c = Long.compare(y.localPref(dlp), x.localPref(dlp));
        if (c != 0) {
            return Verdict.of(c, DecisionStep.LOCAL_PREF);
        }
        c = Boolean.compare(pb.isLocal(), pa.isLocal());
        if (c != 0) {
            return Verdict.of(c, DecisionStep.LOCALLY_ORIGINATED);
        }
        if (!options.ignoreAsPathLength()) {
            c = Integer.compare(x.asPathLength(), y.asPathLength());
            if (c != 0) {
                return Verdict.of(c, DecisionStep.AS_PATH_LENGTH);
            }
        }
        c = Integer.compare(x.origin(), y.origin());
        if (c != 0) {
            return Verdict.of(c, DecisionStep.ORIGIN);
        }
        if (medGroup(a) == medGroup(b)) {
            long missing = options.missingMedAsWorst() ? MED_WORST : 0;
            c = Long.compare(x.med(missing), y.med(missing));
            if (c != 0) {
                return Verdict.of(c, DecisionStep.MED);
            }
        }
        c = Boolean.compare(pb.isExternal(), pa.isExternal());
        if (c != 0) {
            return Verdict.of(c, DecisionStep.EBGP_OVER_IBGP);
        }
        c = Integer.compare(a.igpCost(), b.igpCost());
        if (c != 0) {
            return Verdict.of(c, DecisionStep.IGP_COST);
        }
        if (options.preferOlderEbgp() && pa.isExternal() && pb.isExternal()) {
            c = Long.compare(a.arrival(), b.arrival());
            if (c != 0) {
                return Verdict.of(c, DecisionStep.OLDER_EBGP);
            }
        }
        c = Integer.compareUnsigned(x.originatorId(pa.bgpId()), y.originatorId(pb.bgpId()));
        if (c != 0) {
            return Verdict.of(c, DecisionStep.ROUTER_ID);
        }
        c = Integer.compare(x.clusterListLength(), y.clusterListLength());
        if (c != 0) {
            return Verdict.of(c, DecisionStep.CLUSTER_LIST_LENGTH);
        }
        c = pa.compareAddress(pb);
        if (c != 0) {
            return Verdict.of(c, DecisionStep.PEER_ADDRESS);
        }
        c = Integer.compareUnsigned(a.pathId(), b.pathId());
        if (c != 0) {
            return Verdict.of(c, DecisionStep.PATH_ID);
        }
        // Same address and path id: distinct PeerId values only when a peer's identity changed; order
        // them by the remaining identity so the order stays total.
        c = pa.compareTo(pb);
        return c == 0 ? Verdict.SAME : Verdict.of(c, DecisionStep.PATH_ID);
    }

    /**
     * True when {@code candidate} may share the load with {@code best}: both eligible, tied through
     * {@link DecisionStep#IGP_COST} (the same verdict that ranks them), and the multipath options
     * allow it (identical AS paths unless as-path multipath-relax, equal CLUSTER_LIST length for iBGP
     * when required). The caller applies the maximum-paths limits.
     */
    public boolean multipathCandidate(Route best, Route candidate) {
        if (!best.isEligible() || !candidate.isEligible() || best.peer().isLocal() || candidate.peer().isLocal()) {
            return false;
        }
        Verdict v = compare(best, candidate);
        if (!v.step().isTieBreaker()) {
            return false;
        }
        PathAttributes x = best.attributes();
        PathAttributes y = candidate.attributes();
        if (options.asPathMultipathRelax()) {
            if (x.asPathLength() != y.asPathLength()) {
                return false;
            }
        } else if (!x.sameAsPath(y)) {
            return false;
        }
        return !(best.peer().isInternal() && options.multipathRequireEqualClusterListLength()
                && x.clusterListLength() != y.clusterListLength());
    }
}
