package dev.jbgp.testkit.daemon;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one daemon instance is started with, independent of which daemon it is: the launcher
 * for BIRD, FRR or GoBGP turns it into that daemon's own configuration. Immutable; build it with
 * {@link #builder()} and derive variants with {@link #toBuilder()}.
 *
 * <p>Only 127.0.0.0/8 addresses are accepted, for the instance and for its neighbours.
 */
public final class DaemonConfig {

    /** Default port of GoBGP's gRPC API, bound on the instance's own address. */
    public static final int DEFAULT_API_PORT = 50051;

    private final String localAddress;
    private final int port;
    private final long asn;
    private final String routerId;
    private final List<Neighbour> neighbours;
    private final List<Announcement> announcements;
    private final boolean allowMartianNextHop;
    private final int maximumPaths;
    private final int apiPort;

    private DaemonConfig(Builder b) {
        this.localAddress = Addresses.requireLoopback(b.localAddress, "local address");
        this.port = Addresses.requirePort(b.port, "local port");
        this.asn = Addresses.requireAsn(b.asn, "local ASN");
        this.routerId = b.routerId == null ? localAddress : b.routerId;
        if (!Addresses.isIpv4(routerId)) {
            throw new IllegalArgumentException("router id must be a dotted quad: " + routerId);
        }
        this.neighbours = List.copyOf(b.neighbours);
        if (neighbours.isEmpty()) {
            throw new IllegalArgumentException("at least one neighbour is needed");
        }
        Set<String> seen = new HashSet<>();
        for (Neighbour n : neighbours) {
            if (!seen.add(n.address())) {
                throw new IllegalArgumentException("neighbour " + n.address() + " configured twice");
            }
            if (n.address().equals(localAddress)) {
                throw new IllegalArgumentException("neighbour " + n.address() + " is the local address");
            }
        }
        this.announcements = List.copyOf(b.announcements);
        Set<String> prefixes = new HashSet<>();
        for (Announcement a : announcements) {
            if (!prefixes.add(a.prefix())) {
                throw new IllegalArgumentException("prefix " + a.prefix() + " announced twice");
            }
        }
        this.allowMartianNextHop = b.allowMartianNextHop;
        if (b.maximumPaths < 1) {
            throw new IllegalArgumentException("maximum paths must be at least 1: " + b.maximumPaths);
        }
        this.maximumPaths = b.maximumPaths;
        this.apiPort = Addresses.requirePort(b.apiPort, "API port");
        if (apiPort == port) {
            throw new IllegalArgumentException("API port and BGP port are both " + port);
        }
    }

    /** A builder with the defaults: port 179, router id = local address, no routes, 1 path, API port 50051. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.localAddress = localAddress;
        b.port = port;
        b.asn = asn;
        b.routerId = routerId;
        b.neighbours.addAll(neighbours);
        b.announcements.addAll(announcements);
        b.allowMartianNextHop = allowMartianNextHop;
        b.maximumPaths = maximumPaths;
        b.apiPort = apiPort;
        return b;
    }

    /** The 127/8 address the daemon binds and sources its connections from. */
    public String localAddress() {
        return localAddress;
    }

    /** The BGP port the daemon listens on. */
    public int port() {
        return port;
    }

    /** The daemon's own AS. */
    public long asn() {
        return asn;
    }

    /** The BGP identifier (dotted quad). */
    public String routerId() {
        return routerId;
    }

    /** The neighbours, in configuration order. */
    public List<Neighbour> neighbours() {
        return neighbours;
    }

    /** The neighbour with this address, if configured. */
    public Optional<Neighbour> neighbour(String address) {
        return neighbours.stream().filter(n -> n.address().equals(address)).findFirst();
    }

    /** Routes originated from the start. */
    public List<Announcement> announcements() {
        return announcements;
    }

    /** FRR only: accept next hops FRR considers martian (127/8 and the like). */
    public boolean allowMartianNextHop() {
        return allowMartianNextHop;
    }

    /**
     * Number of equal paths the daemon may select for multipath (1 = off). FRR: {@code maximum-paths};
     * GoBGP: {@code use-multiple-paths} when above 1; BIRD 2 has no multipath selection in its tables
     * without a kernel protocol and ignores it.
     */
    public int maximumPaths() {
        return maximumPaths;
    }

    /** GoBGP only: the gRPC API port, bound on {@link #localAddress()}. */
    public int apiPort() {
        return apiPort;
    }

    @Override
    public String toString() {
        return "DaemonConfig[" + localAddress + ":" + port + " AS" + asn + " id " + routerId
                + " neighbours=" + neighbours + " announcements=" + announcements + "]";
    }

    /** Mutable builder of a {@link DaemonConfig}; not thread-safe. */
    public static final class Builder {
        private String localAddress;
        private int port = 179;
        private long asn;
        private String routerId;
        private final List<Neighbour> neighbours = new ArrayList<>();
        private final List<Announcement> announcements = new ArrayList<>();
        private boolean allowMartianNextHop;
        private int maximumPaths = 1;
        private int apiPort = DEFAULT_API_PORT;

        private Builder() {
        }

        /** The 127/8 address to bind and source from (anything else is rejected at {@link #build()}). */
        public Builder localAddress(String address) {
            this.localAddress = address;
            return this;
        }

        /** The BGP listening port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The local AS. */
        public Builder asn(long asn) {
            this.asn = asn;
            return this;
        }

        /** The BGP identifier; defaults to the local address. */
        public Builder routerId(String routerId) {
            this.routerId = routerId;
            return this;
        }

        /** Adds a neighbour. */
        public Builder neighbour(Neighbour neighbour) {
            this.neighbours.add(neighbour);
            return this;
        }

        /** Removes every neighbour (for {@link DaemonConfig#toBuilder()} variants). */
        public Builder clearNeighbours() {
            this.neighbours.clear();
            return this;
        }

        /** Adds a route to originate. */
        public Builder announce(Announcement announcement) {
            this.announcements.add(announcement);
            return this;
        }

        /** Removes every route (for {@link DaemonConfig#toBuilder()} variants). */
        public Builder clearAnnouncements() {
            this.announcements.clear();
            return this;
        }

        /** FRR only: {@code bgp allow-martian-nexthop}. */
        public Builder allowMartianNextHop(boolean allow) {
            this.allowMartianNextHop = allow;
            return this;
        }

        /** Multipath: how many equal paths may be selected (1 = off). */
        public Builder maximumPaths(int paths) {
            this.maximumPaths = paths;
            return this;
        }

        /** GoBGP only: the gRPC API port. */
        public Builder apiPort(int port) {
            this.apiPort = port;
            return this;
        }

        /** Validates and builds; throws {@link IllegalArgumentException} naming the bad value. */
        public DaemonConfig build() {
            return new DaemonConfig(this);
        }
    }
}
