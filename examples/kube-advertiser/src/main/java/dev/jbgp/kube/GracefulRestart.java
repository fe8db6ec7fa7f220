package dev.jbgp.kube;

import java.time.Duration;
import java.util.Objects;

/**
 * Graceful restart settings (RFC 4724) from {@code --bgp-graceful-restart},
 * {@code --bgp-graceful-restart-time} and {@code --bgp-graceful-restart-deferral-time}. Immutable value.
 *
 * @param enabled whether to advertise the Graceful Restart capability
 * @param restartTime the Restart Time advertised to peers (RFC 4724 §3, at most 4095 seconds)
 * @param deferralTime after a restart, the longest End-of-RIB is held back (RFC 4724 §4.1 "selection
 *     deferral"): it goes out as soon as the first reconcile has re-advertised the node's routes, and this
 *     bounds the wait when that never happens (API server unreachable). Nothing waits for the routers'
 *     End-of-RIB: the agent only advertises.
 */
public record GracefulRestart(boolean enabled, Duration restartTime, Duration deferralTime) {

    /** kube-router's defaults: off, 90 s restart time, 360 s deferral. */
    public static final GracefulRestart DEFAULT =
            new GracefulRestart(false, Duration.ofSeconds(90), Duration.ofSeconds(360));

    public GracefulRestart {
        Objects.requireNonNull(restartTime, "restartTime");
        Objects.requireNonNull(deferralTime, "deferralTime");
    }
}
