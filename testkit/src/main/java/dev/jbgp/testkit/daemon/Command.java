package dev.jbgp.testkit.daemon;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a daemon's CLI ({@code birdc}, {@code vtysh}, {@code gobgp}) as a short-lived child process
 * with a time limit and captures what it prints.
 */
final class Command {

    /** CLIs and daemons read nothing from us; an open pipe could make one wait for input. */
    static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));

    /** Limit for one CLI call; they normally take tens of milliseconds. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The outcome of one call. */
    record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        /** Returns stdout, or throws a {@link DaemonException} describing the failure. */
        String requireSuccess() {
            if (exitCode != 0) {
                throw new DaemonException("command failed (exit " + exitCode + "): " + String.join(" ", argv)
                        + "\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip());
            }
            return stdout;
        }
    }

    private Command() {
    }

    /** Runs {@code argv} and returns its result; throws {@link DaemonException} on timeout or launch failure. */
    static Result run(List<String> argv, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(NO_INPUT).start();
        } catch (IOException e) {
            throw new DaemonException("cannot run " + String.join(" ", argv), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(1, TimeUnit.SECONDS);
                throw new DaemonException("command timed out after " + timeout.toMillis() + " ms: "
                        + String.join(" ", argv));
            }
            return new Result(List.copyOf(argv), process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DaemonException("interrupted running " + String.join(" ", argv), e);
        } catch (ExecutionException e) {
            throw new DaemonException("cannot read output of " + String.join(" ", argv), e.getCause());
        }
    }

    /** {@link #run(List, Duration)} with the default limit, returning stdout or throwing on a non-zero exit. */
    static String output(List<String> argv) {
        return run(argv, DEFAULT_TIMEOUT).requireSuccess();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
