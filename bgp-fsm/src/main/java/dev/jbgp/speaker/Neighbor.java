package dev.jbgp.speaker;

import dev.jbgp.rib.AddPathSend;
import dev.jbgp.rib.NextHopMode;
import dev.jbgp.rib.policy.Policy;
import dev.jbgp.wire.capability.AddPath;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One configured BGP neighbour of a {@link BgpSpeaker}: where it is, what AS it must announce, the
 * session's timers and capabilities, and the routing policy applied to it. Immutable and thread-safe; build with
 * {@link #builder(InetAddress, RemoteAs)} and change with {@link #toBuilder()}. (Named
 * {@code Neighbor} so it does not clash with the driver's {@link dev.jbgp.fsm.netty.PeerConfig}, which
 * the speaker derives from it.)
 *
 * <p>Without import and export policies an eBGP neighbour accepts and announces nothing when the
 * speaker runs with RFC 8212 on (the default, {@link SpeakerConfig#rfc8212()}).
 */
public final class Neighbor {

    /** No ADD-PATH capability (RFC 7911). */
    public static final int ADD_PATH_NONE = 0;

    private final InetAddress address;
    private final int port;
    private final RemoteAs remoteAs;
    private final Optional<InetAddress> localAddress;
    private final boolean passive;
    private final int holdTimeSeconds;
    private final OptionalInt keepaliveSeconds;
    private final Duration connectRetryTime;
    private final Optional<String> md5Password;
    private final Optional<Duration> gracefulRestartTime;
    private final boolean forwardingStatePreserved;
    private final int addPath;
    private final AddPathSend addPathSend;
    private final boolean routeReflectorClient;
    private final Optional<Policy> importPolicy;
    private final Optional<Policy> exportPolicy;
    private final NextHopMode nextHopMode;
    private final Optional<PrefixLimit> prefixLimit;
    private final Optional<String> description;
    private final boolean dampPeerOscillations;
    private final Optional<Duration> sendHoldTime;
    private final boolean softReconfiguration;

    private Neighbor(Builder b) {
        this.address = Objects.requireNonNull(b.address, "address");
        this.remoteAs = Objects.requireNonNull(b.remoteAs, "remoteAs");
        if (b.port < 1 || b.port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + b.port);
        }
        this.port = b.port;
        this.localAddress = b.localAddress;
        if (localAddress.isPresent() && localAddress.get().getClass() != address.getClass()) {
            throw new IllegalArgumentException("local and neighbour address must be of one family");
        }
        this.passive = b.passive;
        if (b.holdTimeSeconds != 0 && (b.holdTimeSeconds < 3 || b.holdTimeSeconds > 65535)) {
            throw new IllegalArgumentException("hold time must be 0 or 3..65535 s (RFC 4271 §4.2): " + b.holdTimeSeconds);
        }
        this.holdTimeSeconds = b.holdTimeSeconds;
        this.keepaliveSeconds = b.keepaliveSeconds;
        this.connectRetryTime = b.connectRetryTime;
        this.md5Password = b.md5Password;
        this.gracefulRestartTime = b.gracefulRestartTime;
        if (gracefulRestartTime.isPresent() && (gracefulRestartTime.get().isNegative()
                || gracefulRestartTime.get().getSeconds() > 4095)) {
            throw new IllegalArgumentException("graceful restart time must be 0..4095 s (RFC 4724 §3)");
        }
        this.forwardingStatePreserved = b.forwardingStatePreserved;
        if (b.addPath < 0 || b.addPath > AddPath.BOTH) {
            throw new IllegalArgumentException("addPath must be ADD_PATH_NONE, AddPath.RECEIVE, SEND or BOTH");
        }
        this.addPath = b.addPath;
        if (b.addPathSend.isMultiPath() && b.addPath != AddPath.SEND && b.addPath != AddPath.BOTH) {
            throw new IllegalArgumentException("addPathSend " + b.addPathSend
                    + " needs the ADD-PATH capability with send (AddPath.SEND or BOTH)");
        }
        this.addPathSend = b.addPathSend;
        this.routeReflectorClient = b.routeReflectorClient;
        this.importPolicy = b.importPolicy;
        this.exportPolicy = b.exportPolicy;
        this.nextHopMode = b.nextHopMode;
        this.prefixLimit = b.prefixLimit;
        this.description = b.description;
        this.dampPeerOscillations = b.dampPeerOscillations;
        this.sendHoldTime = b.sendHoldTime;
        this.softReconfiguration = b.softReconfiguration;
        if (sendHoldTime.isPresent() && (sendHoldTime.get().isNegative() || sendHoldTime.get().isZero())) {
            throw new IllegalArgumentException("sendHoldTime must be positive: " + sendHoldTime.get());
        }
    }

    /** A builder for a neighbour at {@code address} in {@code remoteAs}: port 179, active, hold 90 s, no policies. */
    public static Builder builder(InetAddress address, RemoteAs remoteAs) {
        return new Builder(address, remoteAs);
    }

    /** A builder holding this neighbour's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The neighbour's address; the speaker knows each neighbour by it. */
    public InetAddress address() { return address; }

    /** The neighbour's TCP port for our outgoing connections. */
    public int port() { return port; }

    /** The AS the neighbour must announce. */
    public RemoteAs remoteAs() { return remoteAs; }

    /** Our address on the session (bind address and the next hop we announce); empty: the system's choice. */
    public Optional<InetAddress> localAddress() { return localAddress; }

    /** Passive: wait for the neighbour to connect, never connect out. */
    public boolean passive() { return passive; }

    /** The hold time we propose, in seconds (0, or 3 and more). */
    public int holdTimeSeconds() { return holdTimeSeconds; }

    /** The keepalive interval; empty: one third of the negotiated hold time. */
    public OptionalInt keepaliveSeconds() { return keepaliveSeconds; }

    /** ConnectRetryTime (RFC 4271 §10). */
    public Duration connectRetryTime() { return connectRetryTime; }

    /** The TCP MD5 password (RFC 2385); needs the native epoll transport. */
    public Optional<String> md5Password() { return md5Password; }

    /** The graceful restart time we announce (RFC 4724); empty: no graceful restart capability. */
    public Optional<Duration> gracefulRestartTime() { return gracefulRestartTime; }

    /** Whether we tell the neighbour our forwarding state survives a restart (RFC 4724 §3 F bit). */
    public boolean forwardingStatePreserved() { return forwardingStatePreserved; }

    /** The ADD-PATH mode for every configured family: {@link #ADD_PATH_NONE} or an {@link AddPath} value. */
    public int addPath() { return addPath; }

    /**
     * Which paths to each prefix the neighbour is sent where ADD-PATH send was negotiated (RFC 7911):
     * the best only (the default), all, the ECMP set, or the best N; see {@link AddPathSend}. In
     * families where the neighbour did not agree to receive path identifiers it gets the best path.
     */
    public AddPathSend addPathSend() { return addPathSend; }

    /** The neighbour is one of our route-reflector clients (RFC 4456); only for iBGP. */
    public boolean routeReflectorClient() { return routeReflectorClient; }

    /** The import policy; empty: none (RFC 8212 rejects everything on eBGP). */
    public Optional<Policy> importPolicy() { return importPolicy; }

    /** The export policy; empty: none (RFC 8212 announces nothing on eBGP). */
    public Optional<Policy> exportPolicy() { return exportPolicy; }

    /** How the NEXT_HOP is set on what we announce to this neighbour. */
    public NextHopMode nextHopMode() { return nextHopMode; }

    /** The maximum-prefix limit (RFC 4486), if any. */
    public Optional<PrefixLimit> prefixLimit() { return prefixLimit; }

    /** Free text for the operator. */
    public Optional<String> description() { return description; }

    /**
     * DampPeerOscillations (RFC 4271 §8.1.1): after each failure of a session that did not stay up
     * for a while, the wait before the next session (IdleHoldTime, 1 s at first) doubles, up to
     * 5 minutes, so a flapping peer costs us less and less. Off by default.
     */
    public boolean dampPeerOscillations() { return dampPeerOscillations; }

    /**
     * The SendHoldTime (RFC 9687): how long the peer may leave our UPDATEs unread before the session
     * is ended with a Send Hold Timer Expired NOTIFICATION. Empty: the RFC's default, the larger of
     * 8 minutes and twice the hold time.
     */
    public Optional<Duration> sendHoldTime() { return sendHoldTime; }

    /**
     * Soft reconfiguration inbound: whether the neighbour's routes are also kept as received, before
     * the import policy, so a changed import policy is re-applied to them in place. Off by default, as
     * BIRD without {@code import table} and FRR without {@code soft-reconfiguration inbound}: a changed
     * import policy then asks the neighbour for a route refresh (RFC 2918), which brings its routes
     * again through the new policy (a neighbour without route refresh is reset instead). On, a full
     * table costs about 24 bytes a route more (a third of the RIB's memory for a single-peer table)
     * and the pre-policy routes can be looked at.
     */
    public boolean softReconfiguration() { return softReconfiguration; }

    /**
     * What differs between this configuration and {@code other} in ways only a new session can
     * apply (timers, capabilities, addresses, AS, next-hop mode, route-reflector role); empty when
     * policies, the prefix limit or the description are all that changed.
     */
    public List<String> sessionChanges(Neighbor other) {
        List<String> out = new ArrayList<>();
        diff(out, "address", address, other.address);
        diff(out, "port", port, other.port);
        diff(out, "remoteAs", remoteAs, other.remoteAs);
        diff(out, "localAddress", localAddress, other.localAddress);
        diff(out, "passive", passive, other.passive);
        diff(out, "holdTime", holdTimeSeconds, other.holdTimeSeconds);
        diff(out, "keepalive", keepaliveSeconds, other.keepaliveSeconds);
        diff(out, "connectRetryTime", connectRetryTime, other.connectRetryTime);
        diff(out, "md5Password", md5Password, other.md5Password);
        diff(out, "gracefulRestartTime", gracefulRestartTime, other.gracefulRestartTime);
        diff(out, "forwardingStatePreserved", forwardingStatePreserved, other.forwardingStatePreserved);
        diff(out, "addPath", addPath, other.addPath);
        diff(out, "addPathSend", addPathSend, other.addPathSend);
        diff(out, "routeReflectorClient", routeReflectorClient, other.routeReflectorClient);
        diff(out, "nextHopMode", nextHopMode, other.nextHopMode);
        diff(out, "dampPeerOscillations", dampPeerOscillations, other.dampPeerOscillations);
        diff(out, "sendHoldTime", sendHoldTime, other.sendHoldTime);
        diff(out, "softReconfiguration", softReconfiguration, other.softReconfiguration);
        return out;
    }

    private static void diff(List<String> out, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.add(name);
        }
    }

    @Override
    public String toString() {
        return "Neighbor{" + address.getHostAddress() + ":" + port + " AS " + remoteAs
                + (passive ? " passive" : "") + description.map(d -> " \"" + d + "\"").orElse("") + "}";
    }

    /** Builds a {@link Neighbor}; not thread-safe. */
    public static final class Builder {
        private InetAddress address;
        private int port = 179;
        private RemoteAs remoteAs;
        private Optional<InetAddress> localAddress = Optional.empty();
        private boolean passive;
        private int holdTimeSeconds = 90;
        private OptionalInt keepaliveSeconds = OptionalInt.empty();
        private Duration connectRetryTime = Duration.ofSeconds(120);
        private Optional<String> md5Password = Optional.empty();
        private Optional<Duration> gracefulRestartTime = Optional.empty();
        private boolean forwardingStatePreserved;
        private int addPath = ADD_PATH_NONE;
        private AddPathSend addPathSend = AddPathSend.bestOnly();
        private boolean routeReflectorClient;
        private Optional<Policy> importPolicy = Optional.empty();
        private Optional<Policy> exportPolicy = Optional.empty();
        private NextHopMode nextHopMode = NextHopMode.AUTO;
        private Optional<PrefixLimit> prefixLimit = Optional.empty();
        private Optional<String> description = Optional.empty();
        private boolean dampPeerOscillations;
        private Optional<Duration> sendHoldTime = Optional.empty();
        private boolean softReconfiguration = false;

        private Builder(InetAddress address, RemoteAs remoteAs) {
            this.address = Objects.requireNonNull(address, "address");
            this.remoteAs = Objects.requireNonNull(remoteAs, "remoteAs");
        }

        private Builder(Neighbor n) {
            address = n.address;
            port = n.port;
            remoteAs = n.remoteAs;
            localAddress = n.localAddress;
            passive = n.passive;
            holdTimeSeconds = n.holdTimeSeconds;
            keepaliveSeconds = n.keepaliveSeconds;
            connectRetryTime = n.connectRetryTime;
            md5Password = n.md5Password;
            gracefulRestartTime = n.gracefulRestartTime;
            forwardingStatePreserved = n.forwardingStatePreserved;
            addPath = n.addPath;
            addPathSend = n.addPathSend;
            routeReflectorClient = n.routeReflectorClient;
            importPolicy = n.importPolicy;
            exportPolicy = n.exportPolicy;
            nextHopMode = n.nextHopMode;
            prefixLimit = n.prefixLimit;
            description = n.description;
            dampPeerOscillations = n.dampPeerOscillations;
            sendHoldTime = n.sendHoldTime;
            softReconfiguration = n.softReconfiguration;
        }

        /** See {@link Neighbor#port()}. */
        public Builder port(int value) { port = value; return this; }

        /** See {@link Neighbor#remoteAs()}. */
        public Builder remoteAs(RemoteAs value) { remoteAs = Objects.requireNonNull(value); return this; }

        /** See {@link Neighbor#localAddress()}. */
        public Builder localAddress(InetAddress value) { localAddress = Optional.of(value); return this; }

        /** See {@link Neighbor#passive()}. */
        public Builder passive(boolean value) { passive = value; return this; }

        /** See {@link Neighbor#holdTimeSeconds()}. */
        public Builder holdTimeSeconds(int value) { holdTimeSeconds = value; return this; }

        /** See {@link Neighbor#keepaliveSeconds()}. */
        public Builder keepaliveSeconds(int value) { keepaliveSeconds = OptionalInt.of(value); return this; }

        /** See {@link Neighbor#connectRetryTime()}. */
        public Builder connectRetryTime(Duration value) { connectRetryTime = Objects.requireNonNull(value); return this; }

        /** See {@link Neighbor#md5Password()}. */
        public Builder md5Password(String value) { md5Password = Optional.of(value); return this; }

        /** Announces graceful restart with this restart time (RFC 4724 §3). */
        public Builder gracefulRestart(Duration restartTime, boolean forwardingStatePreserved) {
            gracefulRestartTime = Optional.of(restartTime);
            this.forwardingStatePreserved = forwardingStatePreserved;
            return this;
        }

        /** Drops the graceful restart capability. */
        public Builder noGracefulRestart() {
            gracefulRestartTime = Optional.empty();
            forwardingStatePreserved = false;
            return this;
        }

        /** See {@link Neighbor#addPath()}. */
        public Builder addPath(int value) { addPath = value; return this; }

        /** See {@link Neighbor#addPathSend()}; needs {@link #addPath(int)} with send. */
        public Builder addPathSend(AddPathSend value) { addPathSend = Objects.requireNonNull(value); return this; }

        /** See {@link Neighbor#routeReflectorClient()}. */
        public Builder routeReflectorClient(boolean value) { routeReflectorClient = value; return this; }

        /** See {@link Neighbor#importPolicy()}. */
        public Builder importPolicy(Policy value) { importPolicy = Optional.of(value); return this; }

        /** See {@link Neighbor#exportPolicy()}. */
        public Builder exportPolicy(Policy value) { exportPolicy = Optional.of(value); return this; }

        /** Removes the import policy. */
        public Builder noImportPolicy() { importPolicy = Optional.empty(); return this; }

        /** Removes the export policy. */
        public Builder noExportPolicy() { exportPolicy = Optional.empty(); return this; }

        /** See {@link Neighbor#nextHopMode()}. */
        public Builder nextHopMode(NextHopMode value) { nextHopMode = Objects.requireNonNull(value); return this; }

        /** See {@link Neighbor#prefixLimit()}. */
        public Builder prefixLimit(PrefixLimit value) { prefixLimit = Optional.of(value); return this; }

        /** See {@link Neighbor#description()}. */
        public Builder description(String value) { description = Optional.of(value); return this; }

        /** See {@link Neighbor#dampPeerOscillations()}. */
        public Builder dampPeerOscillations(boolean value) { dampPeerOscillations = value; return this; }

        /** See {@link Neighbor#sendHoldTime()}. */
        public Builder sendHoldTime(Duration value) { sendHoldTime = Optional.of(value); return this; }

        /** See {@link Neighbor#softReconfiguration()}. */
        public Builder softReconfiguration(boolean value) { softReconfiguration = value; return this; }

        /** The immutable neighbour. */
        public Neighbor build() {
            return new Neighbor(this);
        }
    }
}
