package dev.jbgp.testkit.daemon;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kills daemon processes by PID: normally on request, and from one JVM shutdown hook for any that
 * are still registered when the JVM exits (a crashed or interrupted test run), so no daemon started
 * by a test outlives it. A JVM killed with SIGKILL cannot run the hook; nothing in Java can cover that.
 */
final class Reaper {

    private static final long GRACE_MILLIS = 5_000;
    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::killAll, "jbgp-daemon-reaper"));
    }

    private Reaper() {
    }

    /** Remembers {@code process} so that the shutdown hook kills it if it is still alive then. */
    static void register(ProcessHandle process) {
        LIVE.add(process);
    }

    /**
     * SIGTERM (daemons then close their sessions with a Cease NOTIFICATION), SIGKILL after a grace
     * period, and waits until the process is gone.
     */
    static void kill(ProcessHandle process) {
        try {
            if (process.isAlive()) {
                process.destroy();
                try {
                    process.onExit().get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    process.destroyForcibly();
                    process.onExit().get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
        } finally {
            LIVE.remove(process);
        }
    }

    private static void killAll() {
        for (ProcessHandle process : LIVE) {
            process.destroyForcibly();
        }
    }
}
