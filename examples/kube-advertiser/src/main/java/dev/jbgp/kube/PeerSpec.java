package dev.jbgp.kube;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One BGP neighbour the agent wants: from {@code --peer-router-*} flags, or from this node's
 * {@code kube-router.io/peer.*} / {@code kube-router.io/peers} annotations when no global peers are
 * given. Immutable value; two specs with the same fields are the same desired peer.
 *
 * @param address the neighbour's address
 * @param port the neighbour's TCP port (179 unless told)
 * @param remoteAsn the neighbour's AS (1 to 4294967295)
 * @param password the TCP MD5 (RFC 2385) password, already base64-decoded; empty when none
 * @param holdTime the Hold Time to offer in OPEN (RFC 4271 §4.2: zero, or at least 3 seconds)
 * @param gracefulRestart the graceful restart settings for this session
 */
public record PeerSpec(InetAddress address, int port, long remoteAsn, Optional<String> password,
                       Duration holdTime, GracefulRestart gracefulRestart) {

    public PeerSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(holdTime, "holdTime");
        Objects.requireNonNull(gracefulRestart, "gracefulRestart");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (remoteAsn < 1 || remoteAsn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("AS out of range: " + remoteAsn);
        }
    }

    /** The password is never printed. */
    @Override
    public String toString() {
        return "PeerSpec[" + IpAddresses.text(address) + " port " + port + " AS " + remoteAsn
                + (password.isPresent() ? " with password" : "") + " hold " + holdTime.toSeconds() + "s"
                + (gracefulRestart.enabled() ? " graceful-restart" : "") + "]";
    }
}
