package dev.jbgp.rib.decision;

/**
 * The knobs of the decision process and of ECMP multipath. Immutable; {@link #builder(long)} starts from
 * the defaults: deterministic MED, MED only between routes from the same neighbouring AS, a missing
 * MED counts as 0 (RFC 4271 §9.1.2.2 (c)), default LOCAL_PREF 100, no RFC 5004, one path (no ECMP).
 */
public final class DecisionOptions {

    private final long localAs;
    private final long defaultLocalPref;
    private final boolean alwaysCompareMed;
    private final boolean deterministicMed;
    private final boolean missingMedAsWorst;
    private final boolean ignoreAsPathLength;
    private final boolean preferOlderEbgp;
    private final int maxPathsEbgp;
    private final int maxPathsIbgp;
    private final boolean asPathMultipathRelax;
    private final boolean multipathRequireEqualClusterListLength;

    private DecisionOptions(Builder b) {
        this.localAs = b.localAs;
        this.defaultLocalPref = b.defaultLocalPref;
        this.alwaysCompareMed = b.alwaysCompareMed;
        this.deterministicMed = b.deterministicMed;
        this.missingMedAsWorst = b.missingMedAsWorst;
        this.ignoreAsPathLength = b.ignoreAsPathLength;
        this.preferOlderEbgp = b.preferOlderEbgp;
        this.maxPathsEbgp = b.maxPathsEbgp;
        this.maxPathsIbgp = b.maxPathsIbgp;
        this.asPathMultipathRelax = b.asPathMultipathRelax;
        this.multipathRequireEqualClusterListLength = b.multipathRequireEqualClusterListLength;
    }

    /** A builder with the defaults; {@code localAs} is our AS (the neighbouring AS of routes with an empty path). */
    public static Builder builder(long localAs) {
        return new Builder(localAs);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder(localAs);
        b.defaultLocalPref = defaultLocalPref;
        b.alwaysCompareMed = alwaysCompareMed;
        b.deterministicMed = deterministicMed;
        b.missingMedAsWorst = missingMedAsWorst;
        b.ignoreAsPathLength = ignoreAsPathLength;
        b.preferOlderEbgp = preferOlderEbgp;
        b.maxPathsEbgp = maxPathsEbgp;
        b.maxPathsIbgp = maxPathsIbgp;
        b.asPathMultipathRelax = asPathMultipathRelax;
        b.multipathRequireEqualClusterListLength = multipathRequireEqualClusterListLength;
        return b;
    }

    /** Our AS number. */
    public long localAs() {
        return localAs;
    }

    /** LOCAL_PREF assumed for routes without one (eBGP-learned, local). */
    public long defaultLocalPref() {
        return defaultLocalPref;
    }

    /** Compare MED between routes from different neighbouring ASes too. */
    public boolean alwaysCompareMed() {
        return alwaysCompareMed;
    }

    /**
     * Group routes by neighbouring AS before comparing, so the best path does not depend on arrival
     * order (RFC 3345 §3.1 "deterministic MED").
     */
    public boolean deterministicMed() {
        return deterministicMed;
    }

    /** A missing MED counts as the worst value (4294967295) instead of 0. */
    public boolean missingMedAsWorst() {
        return missingMedAsWorst;
    }

    /** Skip {@link DecisionStep#AS_PATH_LENGTH}. */
    public boolean ignoreAsPathLength() {
        return ignoreAsPathLength;
    }

    /** Apply {@link DecisionStep#OLDER_EBGP} (RFC 5004). Makes the result depend on arrival order by design. */
    public boolean preferOlderEbgp() {
        return preferOlderEbgp;
    }

    /** At most this many eBGP routes in the multipath set (1 = no ECMP). */
    public int maxPathsEbgp() {
        return maxPathsEbgp;
    }

    /** At most this many iBGP routes in the multipath set (1 = no ECMP). */
    public int maxPathsIbgp() {
        return maxPathsIbgp;
    }

    /** ECMP across routes whose AS paths have equal length but different AS numbers (anycast). */
    public boolean asPathMultipathRelax() {
        return asPathMultipathRelax;
    }

    /** iBGP ECMP only between routes with CLUSTER_LISTs of equal length. */
    public boolean multipathRequireEqualClusterListLength() {
        return multipathRequireEqualClusterListLength;
    }

    /** Builds {@link DecisionOptions}. */
    public static final class Builder {
        private final long localAs;
        private long defaultLocalPref = 100;
        private boolean alwaysCompareMed;
        private boolean deterministicMed = true;
        private boolean missingMedAsWorst;
        private boolean ignoreAsPathLength;
        private boolean preferOlderEbgp;
        private int maxPathsEbgp = 1;
        private int maxPathsIbgp = 1;
        private boolean asPathMultipathRelax;
        private boolean multipathRequireEqualClusterListLength;

        private Builder(long localAs) {
            if (localAs < 1 || localAs > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("local AS must be 1..4294967295, got " + localAs);
            }
            this.localAs = localAs;
        }

        /** See {@link DecisionOptions#defaultLocalPref()}. */
        public Builder defaultLocalPref(long value) {
            defaultLocalPref = value;
            return this;
        }

        /** See {@link DecisionOptions#alwaysCompareMed()}. */
        public Builder alwaysCompareMed(boolean value) {
            alwaysCompareMed = value;
            return this;
        }

        /** See {@link DecisionOptions#deterministicMed()}. */
        public Builder deterministicMed(boolean value) {
            deterministicMed = value;
            return this;
        }

        /** See {@link DecisionOptions#missingMedAsWorst()}. */
        public Builder missingMedAsWorst(boolean value) {
            missingMedAsWorst = value;
            return this;
        }

        /** See {@link DecisionOptions#ignoreAsPathLength()}. */
        public Builder ignoreAsPathLength(boolean value) {
            ignoreAsPathLength = value;
            return this;
        }

        /** See {@link DecisionOptions#preferOlderEbgp()}. */
        public Builder preferOlderEbgp(boolean value) {
            preferOlderEbgp = value;
            return this;
        }

        /** See {@link DecisionOptions#maxPathsEbgp()}; at least 1. */
        public Builder maxPathsEbgp(int value) {
            maxPathsEbgp = atLeastOne(value);
            return this;
        }

        /** See {@link DecisionOptions#maxPathsIbgp()}; at least 1. */
        public Builder maxPathsIbgp(int value) {
            maxPathsIbgp = atLeastOne(value);
            return this;
        }

        /** See {@link DecisionOptions#asPathMultipathRelax()}. */
        public Builder asPathMultipathRelax(boolean value) {
            asPathMultipathRelax = value;
            return this;
        }

        /** See {@link DecisionOptions#multipathRequireEqualClusterListLength()}. */
        public Builder multipathRequireEqualClusterListLength(boolean value) {
            multipathRequireEqualClusterListLength = value;
            return this;
        }

        /** The immutable options. */
        public DecisionOptions build() {
            return new DecisionOptions(this);
        }

        private static int atLeastOne(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maximum paths must be >= 1, got " + v);
            }
            return v;
        }
    }
}
