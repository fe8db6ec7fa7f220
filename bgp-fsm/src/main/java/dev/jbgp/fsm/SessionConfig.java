package dev.jbgp.fsm;

import dev.jbgp.wire.capability.AddPath;
import dev.jbgp.wire.capability.Capability;
import dev.jbgp.wire.capability.EnhancedRouteRefresh;
import dev.jbgp.wire.capability.ExtendedMessage;
import dev.jbgp.wire.capability.FourOctetAs;
import dev.jbgp.wire.capability.GracefulRestart;
import dev.jbgp.wire.capability.Multiprotocol;
import dev.jbgp.wire.capability.RouteRefresh;
import dev.jbgp.wire.iana.AddressFamily;
import dev.jbgp.wire.message.OpenMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The configuration of one BGP session as the state machine sees it: AS numbers and identifier, hold
 * time, the capabilities we offer, and the optional session attributes of RFC 4271 §8.1.1
 * (passive TCP establishment, DelayOpen, DampPeerOscillations, SendNOTIFICATIONwithoutOPEN,
 * CollisionDetectEstablishedState) plus the SendHoldTimer of RFC 9687. Immutable; build with
 * {@link #builder()} and change with {@link #toBuilder()}.
 */
public final class SessionConfig {

    /** The "large value" the HoldTimer gets while waiting for the peer's OPEN (RFC 4271 §8.2.2 suggests 4 minutes). */
    public static final Duration LARGE_HOLD_TIME = Duration.ofMinutes(4);
    /** RFC 9687 §3: the SendHoldTimer is at least 8 minutes unless configured. */
    public static final Duration MIN_DEFAULT_SEND_HOLD_TIME = Duration.ofMinutes(8);
    /**
     * The {@link #peerAs()} sentinel meaning "any AS but ours" (set with
     * {@link Builder#peerAsAnyExternal()}): the peer's OPEN is accepted with any AS other than
     * {@link #localAs()} and refused with ours (Bad Peer AS, RFC 4271 §6.2). 0 is reserved (RFC 7607)
     * and never a peer's AS.
     */
    public static final long ANY_EXTERNAL_AS = 0;

    private final long localAs;
    private final int bgpIdentifier;
    private final long peerAs;
    private final int holdTimeSeconds;
    private final int minHoldTimeSeconds;
    private final OptionalInt keepaliveSeconds;
    private final Duration connectRetryTime;
    private final Optional<Duration> delayOpenTime;
    private final boolean passive;
    private final boolean allowAutomaticStart;
    private final boolean dampPeerOscillations;
    private final Duration idleHoldTime;
    private final Duration maxIdleHoldTime;
    private final Duration dampingStableTime;
    private final Optional<Duration> sendHoldTime;
    private final boolean sendNotificationWithoutOpen;
    private final boolean collisionDetectEstablishedState;
    private final Set<AddressFamily> families;
    private final Map<AddressFamily, Integer> addPath;
    private final boolean extendedMessage;
    private final boolean routeRefresh;
    private final boolean enhancedRouteRefresh;
    private final Optional<GracefulRestart> gracefulRestart;

    private SessionConfig(Builder b) {
        if (b.localAs < 1 || b.localAs > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("localAs must be 1..4294967295: " + b.localAs);
        }
        if (!b.anyExternalPeerAs && (b.peerAs < 1 || b.peerAs > 0xFFFFFFFFL)) {
            throw new IllegalArgumentException("peerAs must be 1..4294967295: " + b.peerAs);
        }
        if (b.bgpIdentifier == 0) {
            throw new IllegalArgumentException("the BGP identifier must not be 0 (RFC 6286 §2.1)");
        }
        if (b.holdTimeSeconds != 0 && (b.holdTimeSeconds < 3 || b.holdTimeSeconds > 0xFFFF)) {
            throw new IllegalArgumentException("hold time must be 0 or 3..65535 seconds: " + b.holdTimeSeconds);
        }
        if (b.minHoldTimeSeconds < 0 || b.minHoldTimeSeconds > 0xFFFF) {
            throw new IllegalArgumentException("min hold time out of range: " + b.minHoldTimeSeconds);
        }
        if (b.keepaliveSeconds.isPresent() && b.keepaliveSeconds.getAsInt() < 1) {
            throw new IllegalArgumentException("keepalive must be at least 1 second");
        }
        requirePositive(b.connectRetryTime, "connectRetryTime");
        b.delayOpenTime.ifPresent(d -> requirePositive(d, "delayOpenTime"));
        requirePositive(b.idleHoldTime, "idleHoldTime");
        requirePositive(b.maxIdleHoldTime, "maxIdleHoldTime");
        requirePositive(b.dampingStableTime, "dampingStableTime");
        b.sendHoldTime.ifPresent(d -> requirePositive(d, "sendHoldTime"));
        if (b.maxIdleHoldTime.compareTo(b.idleHoldTime) < 0) {
            throw new IllegalArgumentException("maxIdleHoldTime < idleHoldTime");
        }
        this.localAs = b.localAs;
        this.bgpIdentifier = b.bgpIdentifier;
        this.peerAs = b.anyExternalPeerAs ? ANY_EXTERNAL_AS : b.peerAs;
        this.holdTimeSeconds = b.holdTimeSeconds;
        this.minHoldTimeSeconds = b.minHoldTimeSeconds;
        this.keepaliveSeconds = b.keepaliveSeconds;
        this.connectRetryTime = b.connectRetryTime;
        this.delayOpenTime = b.delayOpenTime;
        this.passive = b.passive;
        this.allowAutomaticStart = b.allowAutomaticStart;
        this.dampPeerOscillations = b.dampPeerOscillations;
        this.idleHoldTime = b.idleHoldTime;
        this.maxIdleHoldTime = b.maxIdleHoldTime;
        this.dampingStableTime = b.dampingStableTime;
        this.sendHoldTime = b.sendHoldTime;
        this.sendNotificationWithoutOpen = b.sendNotificationWithoutOpen;
        this.collisionDetectEstablishedState = b.collisionDetectEstablishedState;
        if (b.families.isEmpty()) {
            throw new IllegalArgumentException("at least one address family");
        }
        for (Integer mode : b.addPath.values()) {
            if (mode < AddPath.RECEIVE || mode > AddPath.BOTH) {
                throw new IllegalArgumentException("ADD-PATH send/receive must be 1, 2 or 3: " + mode);
            }
        }
        this.families = Set.copyOf(b.families);
        this.addPath = Map.copyOf(b.addPath);
        this.extendedMessage = b.extendedMessage;
        this.routeRefresh = b.routeRefresh;
        this.enhancedRouteRefresh = b.enhancedRouteRefresh;
        this.gracefulRestart = b.gracefulRestart;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** A builder with RFC defaults: hold time 90 s, ConnectRetryTime 120 s, IPv4 unicast, route refresh, 4-octet AS. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Our AS number. */
    public long localAs() { return localAs; }

    /** Our BGP identifier (unsigned 32 bits in an {@code int}). */
    public int bgpIdentifier() { return bgpIdentifier; }

    /** The AS the peer must announce, or {@link #ANY_EXTERNAL_AS} for any AS but ours. */
    public long peerAs() { return peerAs; }

    /** Whether any AS but ours is accepted from the peer (see {@link #ANY_EXTERNAL_AS}). */
    public boolean anyExternalPeerAs() { return peerAs == ANY_EXTERNAL_AS; }

    /** Whether the peer is in our AS. */
    public boolean internal() { return localAs == peerAs; }

    /** The hold time we propose, in seconds: 0 or at least 3. */
    public int holdTimeSeconds() { return holdTimeSeconds; }

    /** The smallest non-zero hold time we accept from a peer (at least 3, RFC 4271 §4.2). */
    public int minHoldTimeSeconds() { return Math.max(3, minHoldTimeSeconds); }

    /** The configured keepalive interval; empty means one third of the negotiated hold time. */
    public OptionalInt keepaliveSeconds() { return keepaliveSeconds; }

    /** ConnectRetryTime. */
    public Duration connectRetryTime() { return connectRetryTime; }

    /** DelayOpenTime when the DelayOpen attribute is on; empty when it is off. */
    public Optional<Duration> delayOpenTime() { return delayOpenTime; }

    /** PassiveTcpEstablishment: wait for the peer to connect, never connect out. */
    public boolean passive() { return passive; }

    /** AllowAutomaticStart: after a session failure, start again once the IdleHoldTimer expires. */
    public boolean allowAutomaticStart() { return allowAutomaticStart; }

    /** DampPeerOscillations: the IdleHoldTimer doubles after each failure of an unstable session. */
    public boolean dampPeerOscillations() { return dampPeerOscillations; }

    /** The first (and, without damping, every) IdleHoldTime. */
    public Duration idleHoldTime() { return idleHoldTime; }

    /** The largest IdleHoldTime damping may reach. */
    public Duration maxIdleHoldTime() { return maxIdleHoldTime; }

    /** A session that stayed Established this long resets the damping back-off. */
    public Duration dampingStableTime() { return dampingStableTime; }

    /** The configured SendHoldTime; empty means the RFC 9687 default. */
    public Optional<Duration> sendHoldTime() { return sendHoldTime; }

    /** SendNOTIFICATIONwithoutOPEN: report header and OPEN errors before our OPEN was sent. */
    public boolean sendNotificationWithoutOpen() { return sendNotificationWithoutOpen; }

    /** CollisionDetectEstablishedState: resolve collisions with an Established connection too. */
    public boolean collisionDetectEstablishedState() { return collisionDetectEstablishedState; }

    /** The families we announce (one Multiprotocol capability each, RFC 4760). */
    public Set<AddressFamily> families() { return families; }

    /** ADD-PATH Send/Receive values ({@link AddPath#RECEIVE}, {@link AddPath#SEND}, {@link AddPath#BOTH}) per family. */
    public Map<AddressFamily, Integer> addPath() { return addPath; }

    /** Whether we announce extended messages (RFC 8654). */
    public boolean extendedMessage() { return extendedMessage; }

    /** Whether we announce route refresh (RFC 2918). */
    public boolean routeRefresh() { return routeRefresh; }

    /** Whether we announce enhanced route refresh (RFC 7313). */
    public boolean enhancedRouteRefresh() { return enhancedRouteRefresh; }

    /** The graceful restart capability we announce (RFC 4724), if any. */
    public Optional<GracefulRestart> gracefulRestart() { return gracefulRestart; }

    /**
     * The capabilities we announce, in a stable order. The 4-octet AS capability (RFC 6793) is always
     * announced.
     */
    public List<Capability> capabilities() {
        List<Capability> caps = new ArrayList<>();
        List<AddressFamily> sorted = new ArrayList<>(families);
        sorted.sort(FAMILY_ORDER);
        for (AddressFamily f : sorted) {
            caps.add(new Multiprotocol(f));
        }
        if (routeRefresh) {
            caps.add(RouteRefresh.STANDARD);
        }
        if (enhancedRouteRefresh) {
            caps.add(EnhancedRouteRefresh.INSTANCE);
        }
        if (extendedMessage) {
            caps.add(ExtendedMessage.INSTANCE);
        }
        gracefulRestart.ifPresent(caps::add);
        caps.add(new FourOctetAs(localAs));
        List<AddPath.Entry> entries = new ArrayList<>();
        List<AddressFamily> addPathFamilies = new ArrayList<>(addPath.keySet());
        addPathFamilies.sort(FAMILY_ORDER);
        for (AddressFamily f : addPathFamilies) {
            entries.add(new AddPath.Entry(f, addPath.get(f)));
        }
        if (!entries.isEmpty()) {
            caps.add(new AddPath(entries));
        }
        return caps;
    }

    private static final Comparator<AddressFamily> FAMILY_ORDER =
            Comparator.comparingInt(AddressFamily::afi).thenComparingInt(AddressFamily::safi);

    /**
     * The SendHoldTime in force for a hold time: the configured one, else RFC 9687's default of
     * the larger of 8 minutes and twice the hold time.
     */
    public Duration effectiveSendHoldTime(int holdSeconds) {
        if (sendHoldTime.isPresent()) {
            return sendHoldTime.get();
        }
        Duration twice = Duration.ofSeconds(2L * holdSeconds);
        return twice.compareTo(MIN_DEFAULT_SEND_HOLD_TIME) > 0 ? twice : MIN_DEFAULT_SEND_HOLD_TIME;
    }

    /** The OPEN we send (RFC 4271 §4.2; AS_TRANS in My AS when our AS needs 4 octets, RFC 6793 §4.1). */
    public OpenMessage localOpen() {
        return OpenMessage.create(localAs, holdTimeSeconds, bgpIdentifier, capabilities());
    }

    @Override
    public String toString() {
        return "SessionConfig{localAs=" + localAs + ", id=" + BgpIdentifiers.toText(bgpIdentifier) + ", peerAs=" + peerAs
                + ", hold=" + holdTimeSeconds + ", passive=" + passive + ", delayOpen=" + delayOpenTime
                + ", damp=" + dampPeerOscillations + ", families=" + families + "}";
    }

    /** Builds a {@link SessionConfig}; not thread-safe. */
    public static final class Builder {
        private long localAs;
        private int bgpIdentifier;
        private long peerAs;
        private boolean anyExternalPeerAs;
        private int holdTimeSeconds = 90;
        private int minHoldTimeSeconds = 3;
        private OptionalInt keepaliveSeconds = OptionalInt.empty();
        private Duration connectRetryTime = Duration.ofSeconds(120);
        private Optional<Duration> delayOpenTime = Optional.empty();
        private boolean passive;
        private boolean allowAutomaticStart = true;
        private boolean dampPeerOscillations;
        private Duration idleHoldTime = Duration.ofSeconds(5);
        private Duration maxIdleHoldTime = Duration.ofMinutes(5);
        private Duration dampingStableTime = Duration.ofMinutes(5);
        private Optional<Duration> sendHoldTime = Optional.empty();
        private boolean sendNotificationWithoutOpen = true;
        private boolean collisionDetectEstablishedState;
        private Set<AddressFamily> families = Set.of(AddressFamily.IPV4_UNICAST);
        private Map<AddressFamily, Integer> addPath = Map.of();
        private boolean extendedMessage;
        private boolean routeRefresh = true;
        private boolean enhancedRouteRefresh;
        private Optional<GracefulRestart> gracefulRestart = Optional.empty();

        private Builder() {
        }

        private Builder(SessionConfig c) {
            localAs = c.localAs;
            bgpIdentifier = c.bgpIdentifier;
            peerAs = c.peerAs;
            anyExternalPeerAs = c.peerAs == ANY_EXTERNAL_AS;
            holdTimeSeconds = c.holdTimeSeconds;
            minHoldTimeSeconds = c.minHoldTimeSeconds;
            keepaliveSeconds = c.keepaliveSeconds;
            connectRetryTime = c.connectRetryTime;
            delayOpenTime = c.delayOpenTime;
            passive = c.passive;
            allowAutomaticStart = c.allowAutomaticStart;
            dampPeerOscillations = c.dampPeerOscillations;
            idleHoldTime = c.idleHoldTime;
            maxIdleHoldTime = c.maxIdleHoldTime;
            dampingStableTime = c.dampingStableTime;
            sendHoldTime = c.sendHoldTime;
            sendNotificationWithoutOpen = c.sendNotificationWithoutOpen;
            collisionDetectEstablishedState = c.collisionDetectEstablishedState;
            families = c.families;
            addPath = c.addPath;
            extendedMessage = c.extendedMessage;
            routeRefresh = c.routeRefresh;
            enhancedRouteRefresh = c.enhancedRouteRefresh;
            gracefulRestart = c.gracefulRestart;
        }

        public Builder localAs(long value) { localAs = value; return this; }

        public Builder bgpIdentifier(int value) { bgpIdentifier = value; return this; }

        /** The BGP identifier in dotted-quad form. */
        public Builder bgpIdentifier(String dottedQuad) { bgpIdentifier = BgpIdentifiers.parse(dottedQuad); return this; }

        /** The AS the peer must announce, 1..4294967295 (0 is refused: see {@link #peerAsAnyExternal()}). */
        public Builder peerAs(long value) { peerAs = value; anyExternalPeerAs = false; return this; }

        /**
         * Accepts any AS but ours from the peer (an eBGP session whose AS is learned from its OPEN);
         * {@link SessionConfig#peerAs()} is then {@link #ANY_EXTERNAL_AS}.
         */
        public Builder peerAsAnyExternal() { anyExternalPeerAs = true; return this; }

        public Builder holdTimeSeconds(int value) { holdTimeSeconds = value; return this; }

        public Builder minHoldTimeSeconds(int value) { minHoldTimeSeconds = value; return this; }

        public Builder keepaliveSeconds(OptionalInt value) { keepaliveSeconds = Objects.requireNonNull(value); return this; }

        public Builder connectRetryTime(Duration value) { connectRetryTime = value; return this; }

        /** Turns DelayOpen on with this DelayOpenTime, or off with empty. */
        public Builder delayOpenTime(Optional<Duration> value) { delayOpenTime = Objects.requireNonNull(value); return this; }

        public Builder passive(boolean value) { passive = value; return this; }

        public Builder allowAutomaticStart(boolean value) { allowAutomaticStart = value; return this; }

        public Builder dampPeerOscillations(boolean value) { dampPeerOscillations = value; return this; }

        public Builder idleHoldTime(Duration value) { idleHoldTime = value; return this; }

        public Builder maxIdleHoldTime(Duration value) { maxIdleHoldTime = value; return this; }

        public Builder dampingStableTime(Duration value) { dampingStableTime = value; return this; }

        public Builder sendHoldTime(Optional<Duration> value) { sendHoldTime = Objects.requireNonNull(value); return this; }

        public Builder sendNotificationWithoutOpen(boolean value) { sendNotificationWithoutOpen = value; return this; }

        public Builder collisionDetectEstablishedState(boolean value) { collisionDetectEstablishedState = value; return this; }

        /** The families to announce (Multiprotocol capabilities); IPv4 unicast by default. */
        public Builder families(Set<AddressFamily> value) { families = Set.copyOf(value); return this; }

        /** ADD-PATH Send/Receive value (1, 2 or 3) per family; none by default. */
        public Builder addPath(Map<AddressFamily, Integer> value) { addPath = Map.copyOf(value); return this; }

        public Builder extendedMessage(boolean value) { extendedMessage = value; return this; }

        public Builder routeRefresh(boolean value) { routeRefresh = value; return this; }

        public Builder enhancedRouteRefresh(boolean value) { enhancedRouteRefresh = value; return this; }

        public Builder gracefulRestart(Optional<GracefulRestart> value) { gracefulRestart = Objects.requireNonNull(value); return this; }

        public SessionConfig build() {
            return new SessionConfig(this);
        }
    }
}
