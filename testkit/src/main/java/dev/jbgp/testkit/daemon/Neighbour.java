package dev.jbgp.testkit.daemon;

import java.util.Objects;
import java.util.Optional;

/**
 * One configured BGP neighbour of a daemon: where it is, its AS, and the session options the
 * interop tests vary. Immutable; the {@code with...}/{@code as...} methods return copies.
 *
 * <p>Defaults from {@link #of}: active (the daemon connects), hold time 9 s (keepalive a third of
 * it, RFC 4271 §10's suggested ratio), connect retry 1 s, graceful restart off (restart time 30 s
 * when switched on), enabled. Short timers keep the tests fast.
 *
 * @param address        the neighbour's IPv4 loopback address
 * @param port           the neighbour's BGP port
 * @param asn            the neighbour's AS number (4-octet range)
 * @param passive        true: only accept the neighbour's connection, never connect
 * @param holdTime       proposed hold time in seconds (0, or 3 and more, RFC 4271 §4.2)
 * @param connectRetry   seconds between connection attempts
 * @param gracefulRestart advertise the RFC 4724 capability
 * @param restartTime    restart time advertised with graceful restart, seconds
 * @param enabled        false: configured administratively down
 * @param md5Password    the TCP MD5 signature password (RFC 2385) of the session, if any: BIRD
 *                       {@code password}, FRR {@code neighbor X password}, GoBGP {@code auth-password}
 * @param addPathReceive accept several paths per prefix with path identifiers from the neighbour
 *                       (RFC 7911 ADD-PATH receive) in IPv4 and IPv6 unicast: BIRD {@code add paths rx},
 *                       GoBGP {@code add-paths receive}; FRR advertises receive on every session anyway,
 *                       so nothing is written for it
 */
public record Neighbour(String address, int port, long asn, boolean passive, int holdTime,
                        int connectRetry, boolean gracefulRestart, int restartTime, boolean enabled,
                        Optional<String> md5Password, boolean addPathReceive) {

    /** A neighbour without a TCP MD5 password. */
    public Neighbour(String address, int port, long asn, boolean passive, int holdTime,
                     int connectRetry, boolean gracefulRestart, int restartTime, boolean enabled) {
        this(address, port, asn, passive, holdTime, connectRetry, gracefulRestart, restartTime, enabled,
                Optional.empty(), false);
    }

    /** A neighbour without ADD-PATH receive. */
    public Neighbour(String address, int port, long asn, boolean passive, int holdTime,
                     int connectRetry, boolean gracefulRestart, int restartTime, boolean enabled,
                     Optional<String> md5Password) {
        this(address, port, asn, passive, holdTime, connectRetry, gracefulRestart, restartTime, enabled,
                md5Password, false);
    }

    public Neighbour {
        Addresses.requireLoopback(address, "neighbour address");
        Addresses.requirePort(port, "neighbour port");
        Addresses.requireAsn(asn, "neighbour ASN");
        if (holdTime != 0 && (holdTime < 3 || holdTime > 65535)) {
            throw new IllegalArgumentException("hold time must be 0 or 3..65535 s (RFC 4271 §4.2): " + holdTime);
        }
        if (connectRetry < 1) {
            throw new IllegalArgumentException("connect retry must be at least 1 s: " + connectRetry);
        }
        if (restartTime < 0 || restartTime > 4095) {
            throw new IllegalArgumentException("restart time is a 12-bit field (RFC 4724 §3): " + restartTime);
        }
        Objects.requireNonNull(md5Password, "md5Password");
        md5Password.ifPresent(Neighbour::requirePlainPassword);
    }

    /**
     * The password ends up inside quoted strings of three config languages and on a vtysh line:
     * printable ASCII without quotes, backslashes or spaces, 1..80 characters (the kernel's key limit).
     */
    private static void requirePlainPassword(String password) {
        if (password.isEmpty() || password.length() > 80
                || !password.chars().allMatch(c -> c > ' ' && c < 0x7F && c != '"' && c != '\\' && c != '\'')) {
            throw new IllegalArgumentException("MD5 password must be 1..80 printable ASCII characters without"
                    + " spaces, quotes or backslashes");
        }
    }

    /** An active, enabled neighbour with the test defaults described above. */
    public static Neighbour of(String address, int port, long asn) {
        return new Neighbour(address, port, asn, false, 9, 1, false, 30, true);
    }

    /** A copy that only accepts connections. */
    public Neighbour asPassive() {
        return new Neighbour(address, port, asn, true, holdTime, connectRetry, gracefulRestart, restartTime, enabled, md5Password, addPathReceive);
    }

    /** A copy with another hold time (seconds). */
    public Neighbour withHoldTime(int seconds) {
        return new Neighbour(address, port, asn, passive, seconds, connectRetry, gracefulRestart, restartTime, enabled, md5Password, addPathReceive);
    }

    /** A copy with another connect retry time (seconds). */
    public Neighbour withConnectRetry(int seconds) {
        return new Neighbour(address, port, asn, passive, holdTime, seconds, gracefulRestart, restartTime, enabled, md5Password, addPathReceive);
    }

    /** A copy advertising graceful restart with {@code restartSeconds}. */
    public Neighbour withGracefulRestart(int restartSeconds) {
        return new Neighbour(address, port, asn, passive, holdTime, connectRetry, true, restartSeconds, enabled, md5Password, addPathReceive);
    }

    /** A copy configured administratively down (enable it later at run time). */
    public Neighbour asDisabled() {
        return new Neighbour(address, port, asn, passive, holdTime, connectRetry, gracefulRestart, restartTime, false, md5Password, addPathReceive);
    }

    /** A copy whose TCP connection is signed with TCP MD5 (RFC 2385) using {@code password}. */
    public Neighbour withMd5Password(String password) {
        return new Neighbour(address, port, asn, passive, holdTime, connectRetry, gracefulRestart, restartTime, enabled,
                Optional.of(password), addPathReceive);
    }

    /** A copy that accepts several paths per prefix from the neighbour (RFC 7911 ADD-PATH receive). */
    public Neighbour withAddPathReceive() {
        return new Neighbour(address, port, asn, passive, holdTime, connectRetry, gracefulRestart, restartTime, enabled,
                md5Password, true);
    }

    /** The keepalive interval the launcher configures: a third of the hold time. */
    public int keepalive() {
        return holdTime / 3;
    }
}
