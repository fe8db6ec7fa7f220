package dev.jbgp.rib.decision;

/**
 * The steps of the decision process, in the order they are applied. The first step at which two
 * routes differ decides between them. Steps up to and including {@link #IGP_COST} decide which routes
 * are equally good; the later ones ({@link #isTieBreaker()}) only break ties, so routes that tie
 * through {@code IGP_COST} may share the forwarding load (ECMP multipath).
 */
public enum DecisionStep {
    /**
     * An eligible route beats an ineligible one: a route is ineligible when our AS is in its AS_PATH
     * more often than allowas-in permits (RFC 4271 §9, loop detection) or its NEXT_HOP is unreachable
     * (RFC 4271 §9.1.2).
     */
    ELIGIBILITY("RFC 4271 §9.1.2", "eligibility (AS loop, next-hop reachable)"),
    /** Higher local weight (vendor practice; set by import policy, never sent). */
    WEIGHT("local practice", "higher weight"),
    /** Higher degree of preference, i.e. LOCAL_PREF (RFC 4271 §9.1.1, §5.1.5). */
    LOCAL_PREF("RFC 4271 §9.1.1", "higher LOCAL_PREF"),
    /** Locally originated routes beat learned ones (common practice, before the §9.1.2.2 tie-breaks). */
    LOCALLY_ORIGINATED("local practice", "locally originated"),
    /** Shorter AS_PATH; an AS_SET counts 1, confederation segments count 0 (RFC 4271 §9.1.2.2 (a)). */
    AS_PATH_LENGTH("RFC 4271 §9.1.2.2 (a)", "shorter AS_PATH"),
    /** Lower ORIGIN: IGP &lt; EGP &lt; INCOMPLETE (RFC 4271 §9.1.2.2 (b)). */
    ORIGIN("RFC 4271 §9.1.2.2 (b)", "lower ORIGIN"),
    /** Lower MULTI_EXIT_DISC, only between routes from the same neighbouring AS unless always-compare-med (RFC 4271 §9.1.2.2 (c)). */
    MED("RFC 4271 §9.1.2.2 (c)", "lower MED"),
    /** Routes learned by eBGP beat routes learned by iBGP (RFC 4271 §9.1.2.2 (d)). */
    EBGP_OVER_IBGP("RFC 4271 §9.1.2.2 (d)", "eBGP over iBGP"),
    /** Lower interior cost to the NEXT_HOP (RFC 4271 §9.1.2.2 (e)). Last step that decides ECMP equality. */
    IGP_COST("RFC 4271 §9.1.2.2 (e)", "lower IGP cost to next hop"),
    /** Optionally, the older of two eBGP routes, to reduce churn (RFC 5004 §2). */
    OLDER_EBGP("RFC 5004 §2", "older eBGP route"),
    /** Lower BGP Identifier, the ORIGINATOR_ID when present (RFC 4271 §9.1.2.2 (f), RFC 4456 §9). */
    ROUTER_ID("RFC 4271 §9.1.2.2 (f), RFC 4456 §9", "lower BGP Identifier"),
    /** Shorter CLUSTER_LIST (RFC 4456 §9). */
    CLUSTER_LIST_LENGTH("RFC 4456 §9", "shorter CLUSTER_LIST"),
    /** Lower peer address (RFC 4271 §9.1.2.2 (g)). */
    PEER_ADDRESS("RFC 4271 §9.1.2.2 (g)", "lower peer address"),
    /** Lower ADD-PATH path identifier, between paths from the same peer (RFC 7911; practice, for a total order). */
    PATH_ID("RFC 7911 §3", "lower path identifier"),
    /**
     * Not a step: the sentinel a {@link Verdict} carries when no step distinguishes the two routes
     * (the same peer and path identifier, i.e. the same path).
     */
    NONE("", "identical");

    private final String reference;
    private final String description;

    DecisionStep(String reference, String description) {
        this.reference = reference;
        this.description = description;
    }

    /** Where the step is specified, e.g. {@code "RFC 4271 §9.1.2.2 (c)"}. */
    public String reference() {
        return reference;
    }

    /** What wins at this step, e.g. {@code "lower MED"}. */
    public String description() {
        return description;
    }

    /**
     * True for the steps after the multipath boundary: routes that differ only here are equally good
     * and may form an ECMP set (and {@link #NONE}).
     */
    public boolean isTieBreaker() {
        return ordinal() > IGP_COST.ordinal();
    }
}
