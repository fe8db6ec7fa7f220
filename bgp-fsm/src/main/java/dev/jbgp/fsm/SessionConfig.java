package dev.jbgp.fsm;

import dev.jbgp.wire.iana.AddressFamily;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
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
    private final Capabilities capabilities;

    private SessionConfig(Builder b) {
        if (b.localAs < 1 || b.localAs > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("localAs must be 1..4294967295: " + b.localAs);
        }
        if (b.peerAs < 1 || b.peerAs > 0xFFFFFFFFL) {
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
        this.peerAs = b.peerAs;
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
        this.capabilities = b.capabilities;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    /** A builder with RFC defaults: hold time 90 s, ConnectRetryTime 120 s, IPv4 unicast, route refresh. */
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

    /** The AS the peer must announce. */
    public long peerAs() { return peerAs; }

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

    /**
     * The capabilities we announce. The 4-octet AS capability is always announced with
     * {@link #localAs()}, whatever this holds.
     */
    public Capabilities capabilities() {
        return capabilities.withFourOctetAs(OptionalLong.of(localAs));
    }

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
    public OpenInfo localOpen() {
        int myAs = localAs > 0xFFFF ? OpenInfo.AS_TRANS : (int) localAs;
        return new OpenInfo(OpenInfo.BGP_VERSION, myAs, holdTimeSeconds, bgpIdentifier, capabilities());
    }

    @Override
    public String toString() {
        return "SessionConfig{localAs=" + localAs + ", id=" + BgpIdentifiers.toText(bgpIdentifier) + ", peerAs=" + peerAs
                + ", hold=" + holdTimeSeconds + ", passive=" + passive + ", delayOpen=" + delayOpenTime
                + ", damp=" + dampPeerOscillations + ", families=" + capabilities.families() + "}";
    }

    /** Builds a {@link SessionConfig}; not thread-safe. */
    public static final class Builder {
        private long localAs;
        private int bgpIdentifier;
        private long peerAs;
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
        private Capabilities capabilities = new Capabilities(Set.of(AddressFamily.IPV4_UNICAST), OptionalLong.empty(),
                Map.of(), false, true, false, Optional.empty());

        private Builder() {
        }

        private Builder(SessionConfig c) {
            localAs = c.localAs;
            bgpIdentifier = c.bgpIdentifier;
            peerAs = c.peerAs;
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
            capabilities = c.capabilities;
        }

        public Builder localAs(long value) { localAs = value; return this; }

        public Builder bgpIdentifier(int value) { bgpIdentifier = value; return this; }

        /** The BGP identifier in dotted-quad form. */
        public Builder bgpIdentifier(String dottedQuad) { bgpIdentifier = BgpIdentifiers.parse(dottedQuad); return this; }

        public Builder peerAs(long value) { peerAs = value; return this; }

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

        public Builder capabilities(Capabilities value) { capabilities = Objects.requireNonNull(value); return this; }

        /** The families to announce (Multiprotocol capabilities). */
        public Builder families(Set<AddressFamily> value) { capabilities = capabilities.withMultiprotocol(value); return this; }

        public SessionConfig build() {
            return new SessionConfig(this);
        }
    }
}
