package dev.jbgp.testkit.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the three launchers share: the instance directory, the child process and its PID, the
 * shutdown-hook registration, the routes currently originated, and reading the logs.
 *
 * <p>Daemons run in the foreground as direct children of the JVM, so the PID is the one the JVM
 * started and {@link #stop()} never has to trust a pid file written by someone else.
 */
abstract class AbstractDaemon implements BgpDaemon {

    /** Set {@code -Djbgp.interop.keep=true} to keep instance directories after {@link #close()}. */
    static final String KEEP_PROPERTY = "jbgp.interop.keep";
    /** How long a daemon may take to answer its CLI after being started. */
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    static final String STDOUT_LOG = "stdout.log";

    private final Daemon kind;
    protected final DaemonConfig config;
    protected final Path dir;
    /** Routes originated now, by prefix, in announcement order; guarded by {@code this}. */
    protected final Map<String, Announcement> announced = new LinkedHashMap<>();
    private Process process;

    AbstractDaemon(Daemon kind, DaemonConfig config) {
        this.kind = kind;
        this.config = config;
        for (Announcement a : config.announcements()) {
            announced.put(a.prefix(), a);
        }
        try {
            this.dir = Files.createTempDirectory("jbgp-" + kind.name().toLowerCase(Locale.ROOT) + "-")
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Reaper.registerDirectory(dir);
    }

    /** Writes the daemon's configuration file(s) for {@link #announced} into {@link #dir}. */
    abstract void writeConfig() throws IOException;

    /** The command line that runs the daemon in the foreground. */
    abstract List<String> launchCommand();

    /** Waits until the daemon's CLI answers; throws {@link DaemonException} otherwise. */
    abstract void awaitReady(Duration timeout);

    /** Work after the CLI answers (GoBGP injects its routes here). */
    void afterStart() {
    }

    /** The daemon's own log file, if it writes one besides stdout. */
    abstract List<Path> logFiles();

    @Override
    public final Daemon kind() {
        return kind;
    }

    @Override
    public final DaemonConfig config() {
        return config;
    }

    @Override
    public final Path directory() {
        return dir;
    }

    @Override
    public final synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException(kind.displayName() + " in " + dir + " is already running");
        }
        requireFree(config.localAddress(), config.port());
        try {
            writeConfig();
        } catch (IOException e) {
            throw new DaemonException("cannot write the configuration in " + dir, e);
        }
        try {
            process = new ProcessBuilder(launchCommand())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(STDOUT_LOG).toFile()))
                    .redirectInput(Command.NO_INPUT)
                    .start();
        } catch (IOException e) {
            throw new DaemonException("cannot start " + kind.displayName() + ": " + launchCommand(), e);
        }
        Reaper.register(process.toHandle());
        try {
            Files.writeString(dir.resolve("launcher.pid"), process.pid() + "\n");
            awaitReady(STARTUP_TIMEOUT);
            afterStart();
        } catch (IOException | RuntimeException e) {
            String tail = logTail();
            stop();
            throw new DaemonException(kind.displayName() + " in " + dir + " did not start: " + e.getMessage()
                    + "\n--- log tail ---\n" + tail, e);
        }
    }

    /** Fails early, with a clear message, when something already listens where the daemon must. */
    void requireFree(String address, int port) {
        if (!LoopbackAddresses.isFree(address, port)) {
            throw new DaemonException(address + ":" + port + " is already in use; cannot start "
                    + kind.displayName() + " (allocate addresses with LoopbackAddresses)");
        }
    }

    /** Throws unless the process is still alive: a daemon that died on a bad config should not be polled for 20 s. */
    final void requireAlive() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            throw new DaemonException(kind.displayName() + " in " + dir + " is not running"
                    + (p == null ? "" : " (exit " + p.exitValue() + ")"));
        }
    }

    @Override
    public final synchronized void stop() {
        if (process != null) {
            Reaper.kill(process.toHandle());
            process = null;
        }
    }

    @Override
    public final synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public final synchronized long pid() {
        return isRunning() ? process.pid() : -1;
    }

    @Override
    public final void close() {
        try {
            stop();
        } finally {
            if (!Boolean.getBoolean(KEEP_PROPERTY)) {
                Reaper.deleteDirectory(dir);
            }
        }
    }

    @Override
    public String log() {
        StringBuilder sb = new StringBuilder();
        List<Path> files = new ArrayList<>(logFiles());
        files.add(dir.resolve(STDOUT_LOG));
        for (Path file : files) {
            if (Files.isReadable(file)) {
                try {
                    sb.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    sb.append("(cannot read ").append(file).append(": ").append(e.getMessage()).append(")\n");
                }
            }
        }
        return sb.toString();
    }

    /** The last lines of {@link #log()}, for failure messages. */
    final String logTail() {
        String[] lines = log().split("\n");
        int from = Math.max(0, lines.length - 25);
        return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
    }

    /** The path of the daemon's {@code index}-th binary (0 = the daemon, 1 = its CLI). */
    final String binary(int index) {
        return kind.binaries().get(index).toString();
    }

    /**
     * Retries {@code probe} until it stops throwing {@link DaemonException}; fails at once when the
     * process has exited (a bad configuration), otherwise after {@code timeout}.
     */
    final void awaitAnswer(Runnable probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            requireAlive();
            try {
                probe.run();
                return;
            } catch (DaemonException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new DaemonException("no answer within " + timeout.toMillis() + " ms: " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DaemonException("interrupted while waiting for " + this, e);
            }
        }
    }

    /** Runs the daemon's CLI and returns stdout, failing with a message that names this instance. */
    final String cli(List<String> argv) {
        requireAlive();
        return Command.output(argv);
    }

    /** The neighbour's configuration, or an {@link IllegalArgumentException} naming what is configured. */
    final Neighbour neighbourOrThrow(String address) {
        return config.neighbour(address).orElseThrow(() -> new IllegalArgumentException(
                address + " is not a neighbour of " + kind.displayName() + " " + config.localAddress()
                        + "; configured: " + config.neighbours().stream().map(Neighbour::address).toList()));
    }

    /** A snapshot of the routes originated now. */
    final synchronized List<Announcement> announcedNow() {
        return List.copyOf(announced.values());
    }

    final synchronized void remember(Announcement route) {
        announced.put(route.prefix(), route);
    }

    final synchronized boolean forget(String prefix) {
        return announced.remove(prefix) != null;
    }

    @Override
    public String toString() {
        return kind.displayName() + "[" + config.localAddress() + ":" + config.port() + " AS" + config.asn()
                + ", " + dir + (isRunning() ? ", pid " + pid() : ", stopped") + "]";
    }
}
