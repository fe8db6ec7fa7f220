package dev.jbgp.testkit.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real BGP daemon (BIRD 2, FRR bgpd or GoBGP) running as a child process on a loopback address,
 * started by a test and queried through the daemon's own CLI.
 *
 * <p>Each instance lives in its own temporary directory (configuration, control socket, pid file,
 * log). {@link #close()} kills the process by its PID and deletes the directory; a JVM shutdown hook
 * kills whatever is still running, so a crashed test run leaves no daemon behind.
 *
 * <p>Thread-safety: methods may be called from any thread, but a test normally drives one instance
 * from one thread. Queries run the daemon's CLI (tens of milliseconds each) and throw
 * {@link DaemonException} when it fails.
 *
 * <pre>{@code
 * Interop.require(Daemon.BIRD2);
 * try (BgpDaemon bird = BgpDaemon.start(Daemon.BIRD2, config)) {
 *     bird.awaitEstablished("127.0.16.2", Duration.ofSeconds(10));
 *     List<RibRoute> routes = bird.routes(Afi.IPV4);
 * }
 * }</pre>
 */
public interface BgpDaemon extends AutoCloseable {

    /** How often the {@code await...} methods poll. */
    Duration POLL_INTERVAL = Duration.ofMillis(100);

    /** Creates and starts an instance of {@code daemon} (the caller should have called {@link Interop#require}). */
    static BgpDaemon start(Daemon daemon, DaemonConfig config) {
        BgpDaemon instance;
        switch (daemon) {
            case BIRD2:
                instance = new Bird2(config);
                break;
            case FRR:
                instance = new Frr(config);
                break;
            case GOBGP:
                instance = new GoBgp(config);
                break;
            default:
                throw new IllegalArgumentException("unknown daemon " + daemon);
        }
        try {
            instance.start();
        } catch (RuntimeException e) {
            instance.close();
            throw e;
        }
        return instance;
    }

    /** Which daemon this is. */
    Daemon kind();

    /** The configuration it was started with (runtime announcements are not reflected here). */
    DaemonConfig config();

    /** The instance directory (config, control socket, pid file, log). */
    Path directory();

    /** Starts the process and waits until its CLI answers; throws if it is already running. */
    void start();

    /** Kills the process (SIGTERM, then SIGKILL after a grace period) and waits for it to exit. */
    void stop();

    /**
     * {@link #stop()} then {@link #start()}: the same configuration, including the routes announced
     * or withdrawn at run time (a router that restarts keeps its configuration).
     */
    default void restart() {
        stop();
        start();
    }

    /** True while the process is alive. */
    boolean isRunning();

    /** The process id, or -1 when not running. */
    long pid();

    /** The session state with {@code neighbour}, or {@link SessionState#UNKNOWN} if the daemon does not know it. */
    SessionState sessionState(String neighbour);

    /** The state, the negotiated capabilities and the raw CLI output for {@code neighbour}. */
    NeighbourInfo neighbourInfo(String neighbour);

    /** Paths learned from neighbours, for one address family, normalised; an immutable list. */
    List<RibRoute> routes(Afi afi);

    /** Everything the daemon has logged so far (its log file and its stdout/stderr). */
    String log();

    /** Starts originating {@code route} now (replacing an announcement of the same prefix). */
    void announce(Announcement route);

    /** Stops originating {@code prefix} now. */
    void withdraw(String prefix);

    /** Asks the daemon to re-send its Adj-RIB-Out to {@code neighbour} (soft reset out). */
    void refreshOut(String neighbour);

    /**
     * Brings the session with {@code neighbour} administratively down, sending a Cease/Administrative
     * Shutdown NOTIFICATION carrying {@code message} as the RFC 8203 shutdown communication.
     */
    void disableNeighbour(String neighbour, String message);

    /** Re-enables a neighbour disabled by {@link #disableNeighbour} or configured disabled. */
    void enableNeighbour(String neighbour);

    /** Kills the process if running and deletes the instance directory. Never throws. */
    @Override
    void close();

    /** Polls until the session with {@code neighbour} is Established; fails with the last state and the log tail. */
    default void awaitEstablished(String neighbour, Duration timeout) {
        awaitState(neighbour, s -> s == SessionState.ESTABLISHED, "Established", timeout);
    }

    /** Polls until the session with {@code neighbour} is no longer Established. */
    default void awaitNotEstablished(String neighbour, Duration timeout) {
        awaitState(neighbour, s -> s != SessionState.ESTABLISHED, "not Established", timeout);
    }

    /** Polls until {@code condition} holds for the session state; throws {@link DaemonException} on timeout. */
    default SessionState awaitState(String neighbour, Predicate<SessionState> condition, String description,
                                    Duration timeout) {
        return Polling.await(() -> sessionState(neighbour), condition, timeout,
                () -> kind().displayName() + " in " + directory() + ": session with " + neighbour
                        + " did not become " + description);
    }

    /**
     * Polls {@link #routes(Afi)} until {@code condition} holds and returns that list; throws
     * {@link DaemonException} with the last list seen when {@code timeout} passes.
     */
    default List<RibRoute> awaitRoutes(Afi afi, Predicate<List<RibRoute>> condition, String description,
                                       Duration timeout) {
        return Polling.await(() -> routes(afi), condition, timeout,
                () -> kind().displayName() + " in " + directory() + ": " + afi + " RIB never " + description);
    }
}
