package dev.jbgp.testkit.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out distinct 127.0.x.y addresses to tests so that each daemon, and each test's own
 * speaker, binds its own address (on Linux a wildcard listener and a specific one on the same port
 * cannot coexist, so sharing 127.0.0.1 does not work).
 *
 * <p>Within one JVM an address is never handed out twice. Across JVMs (other builds running at the
 * same time) the sequence starts at an offset derived from the process id, and each candidate is
 * checked with a bind attempt on the port the caller will use; an address whose port is taken is
 * skipped.
 */
public final class LoopbackAddresses {

    /** Port the interop tests use for every instance (not 179, so no privilege is needed). */
    public static final int TEST_PORT = 11179;

    private static final int SECOND_OCTET = 0;
    private static final int FIRST_THIRD = 16;   // 127.0.16.1 ..
    private static final int THIRDS = 224;       // .. 127.0.239.254
    private static final int HOSTS = 254;
    private static final int SPACE = THIRDS * HOSTS;
    private static final AtomicInteger NEXT =
            new AtomicInteger((int) (ProcessHandle.current().pid() % THIRDS) * HOSTS);

    private LoopbackAddresses() {
    }

    /** A fresh 127.0.x.y whose {@link #TEST_PORT} is free. */
    public static String allocate() {
        return allocate(TEST_PORT);
    }

    /**
     * A fresh 127.0.x.y on which {@code port} could be bound right now.
     *
     * @throws IllegalStateException when the whole range is exhausted
     */
    public static String allocate(int port) {
        Addresses.requirePort(port, "port");
        for (int attempt = 0; attempt < SPACE; attempt++) {
            String candidate = candidate(NEXT.getAndIncrement());
            if (isFree(candidate, port)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free 127.0.x.y address with port " + port + " left");
    }

    /** The address {@link #allocate} will try next (for tests of the skipping). */
    static String nextCandidate() {
        return candidate(NEXT.get());
    }

    private static String candidate(int counter) {
        int index = Math.floorMod(counter, SPACE);
        return "127." + SECOND_OCTET + "." + (FIRST_THIRD + index / HOSTS) + "." + (1 + index % HOSTS);
    }

    /** True when {@code address:port} can be bound (and so nobody listens there). */
    public static boolean isFree(String address, int port) {
        Addresses.requireLoopback(address, "address");
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
