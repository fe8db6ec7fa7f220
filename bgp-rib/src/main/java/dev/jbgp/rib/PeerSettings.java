package dev.jbgp.rib;

import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.nlri.Prefix;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the RIB needs to know about one session: import and export policies, how to set the next hop on
 * export and from which local address, the shared subnet (for third-party next hops) and whether the
 * pre-policy Adj-RIB-In is kept for soft reconfiguration, and which paths are sent in the families
 * where ADD-PATH send was negotiated (RFC 7911). Immutable. Peers whose settings agree on
 * everything that shapes export share one Adj-RIB-Out (an update group).
 */
public final class PeerSettings {

    private final Optional<Policy> importPolicy;
    private final Optional<Policy> exportPolicy;
    private final NextHopMode nextHopMode;
    private final Optional<InetAddress> localAddress;
    private final Optional<Prefix> sharedSubnet;
    private final boolean softReconfiguration;
    private final boolean enforceFirstAs;
    private final AddPathSend addPathSend;
    private final Set<AddressFamily> addPathFamilies;

    private PeerSettings(Builder b) {
        this.importPolicy = b.importPolicy;
        this.exportPolicy = b.exportPolicy;
        this.nextHopMode = b.nextHopMode;
        this.localAddress = b.localAddress;
        this.sharedSubnet = b.sharedSubnet;
        this.softReconfiguration = b.softReconfiguration;
        this.enforceFirstAs = b.enforceFirstAs;
        this.addPathSend = b.addPathSend;
        this.addPathFamilies = b.addPathFamilies;
    }

    /** A builder with no policies, {@link NextHopMode#AUTO}, no soft reconfiguration. */
    public static Builder builder() {
        return new Builder();
    }

    /** The import policy; empty means none configured (RFC 8212 applies to eBGP). */
    public Optional<Policy> importPolicy() {
        return importPolicy;
    }

    /** The export policy; empty means none configured (RFC 8212 applies to eBGP). */
    public Optional<Policy> exportPolicy() {
        return exportPolicy;
    }

    /** How the next hop is set on export. */
    public NextHopMode nextHopMode() {
        return nextHopMode;
    }

    /** Our address on this session, used as next hop when we set next-hop-self. */
    public Optional<InetAddress> localAddress() {
        return localAddress;
    }

    /** The subnet shared with the peer: a next hop inside it is passed on as a third-party next hop. */
    public Optional<Prefix> sharedSubnet() {
        return sharedSubnet;
    }

    /** Keep the pre-policy Adj-RIB-In so policy changes can be re-applied without a route refresh. */
    public boolean softReconfiguration() {
        return softReconfiguration;
    }

    /**
     * On eBGP, treat UPDATEs whose leftmost AS is not the peer's as withdrawals (RFC 4271 §6.3 allows the
     * check; a malformed AS_PATH is treat-as-withdraw, RFC 7606 §7.2). On by default; turn it off for a
     * route server that does not prepend its AS (RFC 7947).
     */
    public boolean enforceFirstAs() {
        return enforceFirstAs;
    }

    /**
     * Which paths are announced in the {@link #addPathFamilies()} (RFC 7911); {@link AddPathSend#bestOnly()}
     * by default. Without ADD-PATH families it has no effect.
     */
    public AddPathSend addPathSend() {
        return addPathSend;
    }

    /**
     * The families in which ADD-PATH send was negotiated with the peer (RFC 7911 §4): we may, and do,
     * put a path identifier before each NLRI there. Empty by default.
     */
    public Set<AddressFamily> addPathFamilies() {
        return addPathFamilies;
    }

    /** True when more than the best path is sent in at least one family. */
    boolean sendsMultiplePaths() {
        return addPathSend.isMultiPath() && !addPathFamilies.isEmpty();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.importPolicy = importPolicy;
        b.exportPolicy = exportPolicy;
        b.nextHopMode = nextHopMode;
        b.localAddress = localAddress;
        b.sharedSubnet = sharedSubnet;
        b.softReconfiguration = softReconfiguration;
        b.enforceFirstAs = enforceFirstAs;
        b.addPathSend = addPathSend;
        b.addPathFamilies = addPathFamilies;
        return b;
    }

    /** Builds {@link PeerSettings}. */
    public static final class Builder {
        private Optional<Policy> importPolicy = Optional.empty();
        private Optional<Policy> exportPolicy = Optional.empty();
        private NextHopMode nextHopMode = NextHopMode.AUTO;
        private Optional<InetAddress> localAddress = Optional.empty();
        private Optional<Prefix> sharedSubnet = Optional.empty();
        private boolean softReconfiguration;
        private boolean enforceFirstAs = true;
        private AddPathSend addPathSend = AddPathSend.bestOnly();
        private Set<AddressFamily> addPathFamilies = Set.of();

        private Builder() {
        }

        /** The import policy. */
        public Builder importPolicy(Policy p) {
            importPolicy = Optional.of(p);
            return this;
        }

        /** The export policy. */
        public Builder exportPolicy(Policy p) {
            exportPolicy = Optional.of(p);
            return this;
        }

        /** The next-hop mode. */
        public Builder nextHopMode(NextHopMode mode) {
            nextHopMode = Objects.requireNonNull(mode);
            return this;
        }

        /** Our address on the session. */
        public Builder localAddress(InetAddress address) {
            localAddress = Optional.of(address);
            return this;
        }

        /** The shared subnet (third-party next hop). */
        public Builder sharedSubnet(Prefix subnet) {
            sharedSubnet = Optional.of(subnet);
            return this;
        }

        /** Keep the pre-policy Adj-RIB-In. */
        public Builder softReconfiguration(boolean value) {
            softReconfiguration = value;
            return this;
        }

        /** See {@link PeerSettings#enforceFirstAs()}. */
        public Builder enforceFirstAs(boolean value) {
            enforceFirstAs = value;
            return this;
        }

        /**
         * Sends the paths {@code selection} picks, with path identifiers, in {@code families} (those in
         * which ADD-PATH send was negotiated with the peer, RFC 7911 §4).
         */
        public Builder addPathSend(AddPathSend selection, Set<AddressFamily> families) {
            addPathSend = Objects.requireNonNull(selection);
            addPathFamilies = Set.copyOf(families);
            return this;
        }

        /** The immutable settings. */
        public PeerSettings build() {
            return new PeerSettings(this);
        }
    }
}
