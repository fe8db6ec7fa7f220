package dev.jbgp.speaker;

import dev.jbgp.fsm.BgpIdentifiers;
import dev.jbgp.wire.iana.AddressFamily;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link BgpSpeaker} starts with: our AS (4-octet, RFC 6793) and BGP Identifier, where
 * to listen (or nowhere: only active sessions), the address families, the multipath options of the
 * decision process, RFC 8212, and the neighbours. Immutable and thread-safe; build with {@link #builder(long, String)},
 * derive with {@link #toBuilder()}.
 */
public final class SpeakerConfig {

    private final long localAs;
    private final int routerId;
    private final List<InetAddress> listenAddresses;
    private final int listenPort;
    private final Set<AddressFamily> families;
    private final int maxPathsEbgp;
    private final int maxPathsIbgp;
    private final boolean asPathMultipathRelax;
    private final boolean rfc8212;
    private final java.util.Optional<Integer> clusterId;
    private final Map<InetAddress, Neighbor> neighbors;
    private final java.util.Optional<java.time.Duration> restarting;
    private final int warmUpRoutes;

    /** The default of {@link #warmUpRoutes()}. */
    public static final int DEFAULT_WARM_UP_ROUTES = 20_000;
    /**
     * The largest {@link #warmUpRoutes()}: the synthetic /24s must stay distinct, and a table this size
     * already warms everything a larger one would (race3 measured 20,000 as good as 100,000).
     */
    public static final int MAX_WARM_UP_ROUTES = 1_000_000;

    private SpeakerConfig(Builder b) {
        if (b.localAs < 1 || b.localAs > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("local AS must be 1..4294967295: " + b.localAs);
        }
        this.localAs = b.localAs;
        this.routerId = b.routerId;
        this.listenAddresses = List.copyOf(b.listenAddresses);
        if (b.listenPort < 0 || b.listenPort > 65535) {
            throw new IllegalArgumentException("listen port must be 0..65535: " + b.listenPort);
        }
        this.listenPort = b.listenPort;
        if (b.families.isEmpty()) {
            throw new IllegalArgumentException("at least one address family");
        }
        for (AddressFamily f : b.families) {
            if (!f.equals(AddressFamily.IPV4_UNICAST) && !f.equals(AddressFamily.IPV6_UNICAST)) {
                throw new IllegalArgumentException("only IPv4 and IPv6 unicast are supported: " + f);
            }
        }
        this.families = Set.copyOf(b.families);
        if (b.maxPathsEbgp < 1 || b.maxPathsIbgp < 1) {
            throw new IllegalArgumentException("max paths must be at least 1");
        }
        this.maxPathsEbgp = b.maxPathsEbgp;
        this.maxPathsIbgp = b.maxPathsIbgp;
        this.asPathMultipathRelax = b.asPathMultipathRelax;
        this.rfc8212 = b.rfc8212;
        this.clusterId = b.clusterId;
        this.neighbors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.neighbors));
        if (b.restarting.isPresent() && (b.restarting.get().isNegative() || b.restarting.get().isZero())) {
            throw new IllegalArgumentException("the selection deferral time must be positive: " + b.restarting.get());
        }
        this.restarting = b.restarting;
        if (b.warmUpRoutes < 0 || b.warmUpRoutes > MAX_WARM_UP_ROUTES) {
            throw new IllegalArgumentException("warm-up routes must be 0 (off) to " + MAX_WARM_UP_ROUTES + ": "
                    + b.warmUpRoutes);
        }
        this.warmUpRoutes = b.warmUpRoutes;
    }

    /** A builder for AS {@code localAs} with router ID {@code routerId} (dotted quad): no listener, IPv4 unicast, no multipath. */
    public static Builder builder(long localAs, String routerId) {
        return new Builder(localAs, BgpIdentifiers.parse(routerId));
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Our AS. */
    public long localAs() { return localAs; }

    /** Our BGP Identifier (network order in an {@code int}). */
    public int routerId() { return routerId; }

    /** Our BGP Identifier as a dotted quad. */
    public String routerIdText() { return BgpIdentifiers.toText(routerId); }

    /** The addresses to listen on; empty: we only connect out (every neighbour must be active). */
    public List<InetAddress> listenAddresses() { return listenAddresses; }

    /** The listening port (179 normally; 0 picks a free one, see {@link SpeakerStatus#listenPort()}). */
    public int listenPort() { return listenPort; }

    /** The address families we announce and accept (IPv4 and/or IPv6 unicast, RFC 4760). */
    public Set<AddressFamily> families() { return families; }

    /** The largest ECMP set over eBGP paths (1: no multipath). */
    public int maxPathsEbgp() { return maxPathsEbgp; }

    /** The largest ECMP set over iBGP paths. */
    public int maxPathsIbgp() { return maxPathsIbgp; }

    /** Whether eBGP paths from different neighbouring ASes with equally long AS paths may share an ECMP set. */
    public boolean asPathMultipathRelax() { return asPathMultipathRelax; }

    /** RFC 8212: an eBGP neighbour without an import (export) policy accepts (announces) nothing. */
    public boolean rfc8212() { return rfc8212; }

    /**
     * Our CLUSTER_ID when we are a route reflector (RFC 4456): routes from iBGP neighbours marked
     * {@link Neighbor#routeReflectorClient()} are reflected to the other iBGP neighbours and the
     * reverse. Empty: no reflection (plain iBGP full mesh rules).
     */
    public java.util.Optional<Integer> clusterId() { return clusterId; }

    /** The neighbours, by address, in the order added. */
    public Map<InetAddress, Neighbor> neighbors() { return neighbors; }

    /**
     * Present when this speaker starts as the restarting side of a graceful restart (RFC 4724 §4.1),
     * typically after the previous one closed with {@link ShutdownMode#GRACEFUL_RESTART}; the value is
     * the longest we hold End-of-RIB back (the "selection deferral" bound).
     *
     * <p>While restarting, the OPENs of sessions created then carry the Restart State (R) bit, and each
     * neighbour gets our table as soon as its session is up but no End-of-RIB: a neighbour that kept
     * our routes as stale sweeps, on our End-of-RIB, every one we have not re-announced, so it must
     * not come before the application has announced everything it means to. The application says so
     * with {@link BgpSpeaker#initialAdvertisementDone()}; End-of-RIB then goes to every Established
     * neighbour, and to later ones right after their table. The deferral time only bounds the wait
     * for that call (an application that never makes it still ends the restart). We do not wait for
     * the neighbours' End-of-RIB: a speaker that originates its routes (the common embedded case)
     * needs nothing from them to know its own advertisement; received routes are selected and passed
     * on as they come.
     *
     * <p>A session created while restarting keeps the R bit in the OPENs of its later reconnections
     * (a session's capabilities are fixed when it is created). That is harmless: a neighbour seeing R
     * set just sends its routes without waiting for ours (RFC 4724 §4.2), and after the restart our
     * End-of-RIB follows the table at once.
     *
     * <p>Empty (the default): a fresh start; End-of-RIB follows each neighbour's table at once.
     */
    public java.util.Optional<java.time.Duration> restarting() { return restarting; }

    /**
     * How many synthetic routes {@link BgpSpeaker#start(SpeakerConfig)} receives into a scratch RIB
     * before it listens or connects, so that the JVM has loaded, initialised and compiled the receive
     * path (UPDATE decoding and validation, the RIB's import and decision) before the first neighbour's
     * table arrives, instead of while it does. 0 turns it off. The default
     * ({@value #DEFAULT_WARM_UP_ROUTES}) costs a fresh JVM about 0.3 CPU s and 0.4 s of start-up once,
     * and about 14 MiB more resident memory while idle (the young generation and code the scratch RIB
     * touched; the scratch RIB itself is garbage afterwards). In exchange the first table costs less
     * CPU while the peer waits (the race's 1,000,000-route table: ~0.41-0.55 instead of ~0.64-0.67 CPU s
     * from Established to the last route; more routes warm no better; benchmarks/README.md). Turn it off
     * where start-up time or idle memory matters more than the first table (tests, short-lived tools).
     */
    public int warmUpRoutes() { return warmUpRoutes; }

    @Override
    public String toString() {
        return "SpeakerConfig{AS " + localAs + ", id " + routerIdText() + ", " + neighbors.size() + " neighbours}";
    }

    /** Builds a {@link SpeakerConfig}; not thread-safe. */
    public static final class Builder {
        private long localAs;
        private int routerId;
        private final List<InetAddress> listenAddresses = new ArrayList<>();
        private int listenPort = 179;
        private Set<AddressFamily> families = Set.of(AddressFamily.IPV4_UNICAST);
        private int maxPathsEbgp = 1;
        private int maxPathsIbgp = 1;
        private boolean asPathMultipathRelax;
        private boolean rfc8212 = true;
        private java.util.Optional<Integer> clusterId = java.util.Optional.empty();
        private final Map<InetAddress, Neighbor> neighbors = new LinkedHashMap<>();
        private java.util.Optional<java.time.Duration> restarting = java.util.Optional.empty();
        private int warmUpRoutes = DEFAULT_WARM_UP_ROUTES;

        private Builder(long localAs, int routerId) {
            this.localAs = localAs;
            this.routerId = routerId;
        }

        private Builder(SpeakerConfig c) {
            localAs = c.localAs;
            routerId = c.routerId;
            listenAddresses.addAll(c.listenAddresses);
            listenPort = c.listenPort;
            families = c.families;
            maxPathsEbgp = c.maxPathsEbgp;
            maxPathsIbgp = c.maxPathsIbgp;
            asPathMultipathRelax = c.asPathMultipathRelax;
            rfc8212 = c.rfc8212;
            clusterId = c.clusterId;
            neighbors.putAll(c.neighbors);
            restarting = c.restarting;
            warmUpRoutes = c.warmUpRoutes;
        }

        /** See {@link SpeakerConfig#localAs()}. */
        public Builder localAs(long value) { localAs = value; return this; }

        /** See {@link SpeakerConfig#routerId()}. */
        public Builder routerId(String dottedQuad) { routerId = BgpIdentifiers.parse(dottedQuad); return this; }

        /** Listens on {@code address} too. */
        public Builder listen(InetAddress address) { listenAddresses.add(Objects.requireNonNull(address)); return this; }

        /** Listens nowhere. */
        public Builder noListen() { listenAddresses.clear(); return this; }

        /** See {@link SpeakerConfig#listenPort()}. */
        public Builder listenPort(int value) { listenPort = value; return this; }

        /** See {@link SpeakerConfig#families()}. */
        public Builder families(Set<AddressFamily> value) { families = Set.copyOf(value); return this; }

        /** ECMP: up to {@code ebgp} eBGP and {@code ibgp} iBGP paths, relaxing the same-neighbour-AS rule when asked. */
        public Builder multipath(int ebgp, int ibgp, boolean asPathRelax) {
            maxPathsEbgp = ebgp;
            maxPathsIbgp = ibgp;
            asPathMultipathRelax = asPathRelax;
            return this;
        }

        /** See {@link SpeakerConfig#rfc8212()}. */
        public Builder rfc8212(boolean value) { rfc8212 = value; return this; }

        /** Makes us a route reflector with this CLUSTER_ID (dotted quad, usually the router ID). */
        public Builder routeReflector(String clusterId) {
            this.clusterId = java.util.Optional.of(BgpIdentifiers.parse(clusterId));
            return this;
        }

        /** Adds (or replaces, by address) a neighbour. */
        public Builder neighbor(Neighbor n) { neighbors.put(n.address(), n); return this; }

        /**
         * Starts as a restarting speaker (RFC 4724 §4.1) holding End-of-RIB back until
         * {@link BgpSpeaker#initialAdvertisementDone()}, at most {@code selectionDeferral}; see
         * {@link SpeakerConfig#restarting()}.
         */
        public Builder restarting(java.time.Duration selectionDeferral) {
            restarting = java.util.Optional.of(selectionDeferral);
            return this;
        }

        /** A fresh start (the default): End-of-RIB right after each neighbour's table. */
        public Builder notRestarting() { restarting = java.util.Optional.empty(); return this; }

        /** See {@link SpeakerConfig#warmUpRoutes()}; 0 turns the warm-up off. */
        public Builder warmUpRoutes(int routes) { warmUpRoutes = routes; return this; }

        /** Removes the neighbour with this address, if any. */
        public Builder removeNeighbor(InetAddress address) { neighbors.remove(address); return this; }

        /** The immutable configuration. */
        public SpeakerConfig build() {
            return new SpeakerConfig(this);
        }
    }
}
