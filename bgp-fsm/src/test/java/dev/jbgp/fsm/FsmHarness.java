package dev.jbgp.fsm;

import dev.jbgp.wire.message.NotificationMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link SessionFsm} on a {@link ManualClock}: applies its timer actions to a table of
 * deadlines and fires expiry events, in deadline order, as the test advances time. Records every
 * action so scenarios can assert on what was sent.
 */
final class FsmHarness {

    final ManualClock clock = new ManualClock();
    final SessionFsm fsm;
    final List<SessionAction> log = new ArrayList<>();
    private final Map<SessionTimer, Long> deadlines = new EnumMap<>(SessionTimer.class);

    FsmHarness(SessionConfig config) {
        fsm = new SessionFsm(config, clock);
    }

    /** Feeds one event; returns its actions (also appended to the log). */
    List<SessionAction> fire(SessionEvent event) {
        List<SessionAction> actions = fsm.handle(event);
        for (SessionAction a : actions) {
            if (a instanceof SessionAction.StartTimer st) {
                deadlines.put(st.timer(), clock.nanoTime() + st.after().toNanos());
            } else if (a instanceof SessionAction.StopTimer st) {
                deadlines.remove(st.timer());
            }
        }
        log.addAll(actions);
        return actions;
    }

    /** Moves time forward, firing each timer that falls due, earliest first. */
    void advance(Duration d) {
        long end = clock.nanoTime() + d.toNanos();
        while (true) {
            SessionTimer next = null;
            long at = Long.MAX_VALUE;
            for (Map.Entry<SessionTimer, Long> e : deadlines.entrySet()) {
                if (e.getValue() <= end && e.getValue() < at) {
                    at = e.getValue();
                    next = e.getKey();
                }
            }
            if (next == null) {
                break;
            }
            deadlines.remove(next);
            clock.set(at);
            fire(next.expiryEvent());
        }
        clock.set(end);
    }

    boolean scheduled(SessionTimer t) {
        return deadlines.containsKey(t);
    }

    Duration remaining(SessionTimer t) {
        return Duration.ofNanos(deadlines.get(t) - clock.nanoTime());
    }

    SessionState state() {
        return fsm.state();
    }

    /** The NOTIFICATIONs sent since the log was last cleared. */
    List<NotificationMessage> sentNotifications() {
        List<NotificationMessage> sent = new ArrayList<>();
        for (SessionAction a : log) {
            if (a instanceof SessionAction.SendNotification n) {
                sent.add(n.notification());
            }
        }
        return sent;
    }

    long count(Class<? extends SessionAction> type) {
        return log.stream().filter(type::isInstance).count();
    }
}
