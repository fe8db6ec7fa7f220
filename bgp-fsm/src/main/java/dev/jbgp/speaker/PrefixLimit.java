package dev.jbgp.speaker;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The maximum number of prefixes a peer may have accepted in our RIB (RFC 4486 §4). Past
 * {@link #warningPercent()} of {@link #maximum()} the speaker logs a warning once; past the maximum it
 * ends the session with a Cease / Maximum Number of Prefixes Reached NOTIFICATION (subcode 1) and,
 * when {@link #restartAfter()} is set, starts it again after that delay. Immutable and thread-safe.
 *
 * @param maximum        the largest accepted count allowed, at least 1
 * @param warningPercent 1..100: the share of the maximum that triggers the warning
 * @param restartAfter   how long to wait before starting the session again; empty: stay down
 */
public record PrefixLimit(int maximum, int warningPercent, Optional<Duration> restartAfter) {

    public PrefixLimit {
        if (maximum < 1) {
            throw new IllegalArgumentException("maximum must be at least 1: " + maximum);
        }
        if (warningPercent < 1 || warningPercent > 100) {
            throw new IllegalArgumentException("warningPercent must be 1..100: " + warningPercent);
        }
        Objects.requireNonNull(restartAfter, "restartAfter");
        if (restartAfter.isPresent() && (restartAfter.get().isNegative() || restartAfter.get().isZero())) {
            throw new IllegalArgumentException("restartAfter must be positive");
        }
    }

    /** A limit with a warning at 75 % and no automatic restart. */
    public static PrefixLimit of(int maximum) {
        return new PrefixLimit(maximum, 75, Optional.empty());
    }

    /** This limit, restarting the session {@code delay} after it was ended. */
    public PrefixLimit withRestartAfter(Duration delay) {
        return new PrefixLimit(maximum, warningPercent, Optional.of(delay));
    }

    /** This limit with another warning threshold. */
    public PrefixLimit withWarningPercent(int percent) {
        return new PrefixLimit(maximum, percent, restartAfter);
    }

    /** The accepted count at which the warning is logged. */
    public int warningThreshold() {
        return (int) Math.max(1, (long) maximum * warningPercent / 100);
    }
}
