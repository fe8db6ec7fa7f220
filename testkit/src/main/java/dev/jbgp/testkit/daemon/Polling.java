package dev.jbgp.testkit.daemon;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling of a daemon query: every {@link BgpDaemon#POLL_INTERVAL} until a deadline. */
final class Polling {

    private Polling() {
    }

    /**
     * Returns the first value of {@code query} that satisfies {@code condition}; on timeout throws a
     * {@link DaemonException} whose message is {@code what} plus the last value (or error) seen.
     */
    static <T> T await(Supplier<T> query, Predicate<T> condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = "(no answer)";
        while (true) {
            try {
                T value = query.get();
                if (condition.test(value)) {
                    return value;
                }
                last = value;
            } catch (DaemonException e) {
                last = e.getMessage(); // a daemon still starting up may not answer yet
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new DaemonException(what.get() + " within " + timeout.toMillis() + " ms; last seen: " + last);
            }
            try {
                Thread.sleep(BgpDaemon.POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DaemonException(what.get() + ": interrupted", e);
            }
        }
    }
}
