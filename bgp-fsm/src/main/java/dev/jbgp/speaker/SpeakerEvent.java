package dev.jbgp.speaker;

import dev.jbgp.fsm.SessionState;
import dev.jbgp.rib.Route;
import dev.jbgp.wire.nlri.Prefix;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a {@link BgpSpeaker} tells its {@link SpeakerListener}s: a session changed state, the
 * Loc-RIB best path or ECMP set of a prefix changed, or a neighbour neared or passed its
 * maximum-prefix limit. Immutable and thread-safe; holds no {@code ByteBuf}.
 */
public sealed interface SpeakerEvent {

    /**
     * The session with {@code neighbor} went from {@code from} to {@code to}; {@code reason} says why
     * it left Established (the NOTIFICATION sent or received, in words), when known.
     */
    record SessionStateChanged(InetAddress neighbor, SessionState from, SessionState to, Optional<String> reason)
            implements SpeakerEvent {
        public SessionStateChanged {
            Objects.requireNonNull(neighbor, "neighbor");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The best path or the ECMP set of {@code prefix} changed. An empty {@code best} means the prefix
     * is gone from the Loc-RIB. The multipath lists are best first.
     */
    record RouteChanged(Prefix prefix, Optional<Route> previousBest, Optional<Route> best,
                        List<Route> previousMultipath, List<Route> multipath) implements SpeakerEvent {
        public RouteChanged {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(previousBest, "previousBest");
            Objects.requireNonNull(best, "best");
            previousMultipath = List.copyOf(previousMultipath);
            multipath = List.copyOf(multipath);
        }

        /** True when only the ECMP set changed and the best path stayed the same route. */
        public boolean multipathOnly() {
            return previousBest.isPresent() && best.isPresent() && previousBest.get() == best.get();
        }
    }

    /**
     * {@code neighbor} has {@code accepted} prefixes, at or past the warning threshold of its
     * {@link PrefixLimit} ({@link PrefixLimit#warningPercent()} of {@code maximum}). Published once
     * per session.
     */
    record PrefixLimitWarning(InetAddress neighbor, int accepted, int maximum) implements SpeakerEvent {
        public PrefixLimitWarning {
            Objects.requireNonNull(neighbor, "neighbor");
        }
    }

    /**
     * {@code neighbor} sent more than {@code maximum} prefixes: its session is being ended with a Cease
     * / Maximum Number of Prefixes Reached NOTIFICATION (RFC 4486 subcode 1), and restarted after
     * {@code restartAfter} when that is set.
     */
    record PrefixLimitExceeded(InetAddress neighbor, int accepted, int maximum, Optional<java.time.Duration> restartAfter)
            implements SpeakerEvent {
        public PrefixLimitExceeded {
            Objects.requireNonNull(neighbor, "neighbor");
            Objects.requireNonNull(restartAfter, "restartAfter");
        }
    }
}
