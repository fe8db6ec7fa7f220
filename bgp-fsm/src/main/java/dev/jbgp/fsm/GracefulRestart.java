package dev.jbgp.fsm;

import dev.jbgp.wire.iana.AddressFamily;

import java.util.Map;
import java.util.Objects;

/**
 * The content of a Graceful Restart capability (RFC 4724 §3, with the N bit of RFC 8538 §2).
 *
 * @param restarting        the R bit: the sender has just restarted
 * @param notification      the N bit: the sender supports graceful restart on NOTIFICATION (RFC 8538)
 * @param restartTimeSeconds the Restart Time, 0..4095 seconds
 * @param forwardingPreserved per family advertised, whether its F bit (forwarding state preserved) is set
 */
public record GracefulRestart(boolean restarting, boolean notification, int restartTimeSeconds,
                              Map<AddressFamily, Boolean> forwardingPreserved) {

    /** The largest value of the 12-bit Restart Time field. */
    public static final int MAX_RESTART_TIME = 4095;

    public GracefulRestart {
        if (restartTimeSeconds < 0 || restartTimeSeconds > MAX_RESTART_TIME) {
            throw new IllegalArgumentException("restart time must be 0..4095: " + restartTimeSeconds);
        }
        forwardingPreserved = Map.copyOf(Objects.requireNonNull(forwardingPreserved, "forwardingPreserved"));
    }
}
