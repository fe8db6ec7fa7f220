package dev.jbgp.rib;

import dev.jbgp.rib.decision.DecisionOptions;
import java.util.Objects;
import java.util.Optional;

/**
 * The speaker-wide settings of a {@link Rib}: our AS and BGP Identifier, the decision options, the
 * next-hop resolver, loop tolerance, route reflection and RFC 8212. Immutable; {@link #builder} starts
 * from the defaults (RFC 8212 on, no route reflection, allowas-in 0).
 */
public final class RibConfig {

    private final long localAs;
    private final int routerId;
    private final DecisionOptions decision;
    private final NextHopResolver resolver;
    private final int allowAsIn;
    private final boolean rfc8212;
    private final Optional<Integer> clusterId;

    private RibConfig(Builder b) {
        this.localAs = b.localAs;
        this.routerId = b.routerId;
        this.decision = b.decision != null ? b.decision : DecisionOptions.builder(b.localAs).build();
        if (decision.localAs() != localAs) {
            throw new IllegalArgumentException("decision options are for AS " + decision.localAs() + ", not " + localAs);
        }
        this.resolver = b.resolver;
        this.allowAsIn = b.allowAsIn;
        this.rfc8212 = b.rfc8212;
        this.clusterId = b.clusterId;
    }

    /** A builder for a speaker in {@code localAs} with BGP Identifier {@code routerId}. */
    public static Builder builder(long localAs, int routerId) {
        return new Builder(localAs, routerId);
    }

    /** Our AS. */
    public long localAs() {
        return localAs;
    }

    /** Our BGP Identifier. */
    public int routerId() {
        return routerId;
    }

    /** The decision-process and multipath options. */
    public DecisionOptions decision() {
        return decision;
    }

    /** The next-hop resolver. */
    public NextHopResolver resolver() {
        return resolver;
    }

    /** How many times our AS may appear in a received AS path before it counts as a loop (allowas-in). */
    public int allowAsIn() {
        return allowAsIn;
    }

    /**
     * RFC 8212 §2: an eBGP session without an explicit import policy accepts nothing, and without an
     * explicit export policy announces nothing.
     */
    public boolean rfc8212() {
        return rfc8212;
    }

    /** Our CLUSTER_ID when we are a route reflector (RFC 4456 §7); empty otherwise. */
    public Optional<Integer> clusterId() {
        return clusterId;
    }

    /** Builds {@link RibConfig}. */
    public static final class Builder {
        private final long localAs;
        private final int routerId;
        private DecisionOptions decision;
        private NextHopResolver resolver = NextHopResolver.ALWAYS_REACHABLE;
        private int allowAsIn;
        private boolean rfc8212 = true;
        private Optional<Integer> clusterId = Optional.empty();

        private Builder(long localAs, int routerId) {
            if (localAs < 1 || localAs > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("local AS must be 1..4294967295, got " + localAs);
            }
            this.localAs = localAs;
            this.routerId = routerId;
        }

        /** Decision options; their local AS must be ours. */
        public Builder decision(DecisionOptions options) {
            decision = Objects.requireNonNull(options);
            return this;
        }

        /** The next-hop resolver (default: everything reachable at cost 0). */
        public Builder resolver(NextHopResolver r) {
            resolver = Objects.requireNonNull(r);
            return this;
        }

        /** See {@link RibConfig#allowAsIn()}. */
        public Builder allowAsIn(int times) {
            if (times < 0) {
                throw new IllegalArgumentException("allowas-in must be >= 0, got " + times);
            }
            allowAsIn = times;
            return this;
        }

        /** See {@link RibConfig#rfc8212()}. */
        public Builder rfc8212(boolean value) {
            rfc8212 = value;
            return this;
        }

        /** Makes us a route reflector with this CLUSTER_ID (usually our router id). */
        public Builder routeReflector(int clusterId) {
            this.clusterId = Optional.of(clusterId);
            return this;
        }

        /** The immutable configuration. */
        public RibConfig build() {
            return new RibConfig(this);
        }
    }
}
