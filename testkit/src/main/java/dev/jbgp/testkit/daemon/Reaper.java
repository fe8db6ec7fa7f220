package dev.jbgp.testkit.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kills daemon processes by PID: normally on request, and from one JVM shutdown hook for any that
 * are still registered when the JVM exits (a crashed or interrupted test run), so no daemon started
 * by a test outlives it. A JVM killed with SIGKILL cannot run the hook; nothing in Java can cover that.
 */
final class Reaper {

    private static final long GRACE_MILLIS = 5_000;
    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();
    /** Instance directories not yet removed by {@code close()}; the hook removes them too. */
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::killAll, "jbgp-daemon-reaper"));
    }

    private Reaper() {
    }

    /** Remembers {@code process} so that the shutdown hook kills it if it is still alive then. */
    static void register(ProcessHandle process) {
        LIVE.add(process);
    }

    /** Remembers an instance directory so that the shutdown hook deletes it if nobody closed the instance. */
    static void registerDirectory(Path dir) {
        DIRECTORIES.add(dir);
    }

    /** Deletes {@code dir} recursively, best effort, and forgets it. */
    static void deleteDirectory(Path dir) {
        DIRECTORIES.remove(dir);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a leftover temp dir is harmless, and callers must not fail on it
        }
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
        if (!Boolean.getBoolean(AbstractDaemon.KEEP_PROPERTY)) {
            for (ProcessHandle process : LIVE) {
                try {
                    process.onExit().get(2, TimeUnit.SECONDS); // a dying daemon may still write into its directory
                } catch (InterruptedException | java.util.concurrent.ExecutionException
                         | java.util.concurrent.TimeoutException e) {
                    // the JVM is exiting: delete what can be deleted
                }
            }
            for (Path dir : DIRECTORIES) {
                deleteDirectory(dir);
            }
        }
    }
}
