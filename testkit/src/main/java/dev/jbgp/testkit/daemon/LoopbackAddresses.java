package dev.jbgp.testkit.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out distinct 127.0.x.y addresses to tests so that each daemon, and each test's own
 * speaker, binds its own address (on Linux a wildcard listener and a specific one on the same port
 * cannot coexist, so sharing 127.0.0.1 does not work).
 *
 * <p>Within one JVM an address is never handed out twice. Across JVMs — other module builds, a
 * build in another worktree, a child JVM a test starts — the range 127.0.16.1–127.0.239.254 is
 * split into blocks of 254 (one per third octet) and a JVM hands out addresses only from blocks it
 * has claimed: a claim is an exclusive lock on {@code jbgp-loopback/block-N.lock} in
 * {@code java.io.tmpdir}, held until the JVM exits (the operating system drops it even on a crash).
 * Checking that a port is free is not enough on its own: two JVMs could both find an address free
 * and both start a daemon on it a moment later. Each candidate is still probed with a bind on the
 * caller's port, so an address something else listens on (not one of ours) is skipped.
 */
public final class LoopbackAddresses {

    /** Port the interop tests use for every instance (not 179, so no privilege is needed). */
    public static final int TEST_PORT = 11179;

    private static final int SECOND_OCTET = 0;
    private static final int FIRST_THIRD = 16;   // 127.0.16.1 ..
    private static final int BLOCKS = 224;       // .. 127.0.239.254, one block per third octet
    private static final int HOSTS = 254;
    private static final Path LOCK_DIR = Path.of(System.getProperty("java.io.tmpdir"), "jbgp-loopback");

    /** The claimed blocks' lock files, kept open: closing a channel releases its lock. */
    private static final List<FileChannel> CLAIMS = new ArrayList<>();
    /** Where the search for the next block starts: spread by process id so JVMs rarely contend. */
    private static int nextBlock = (int) (ProcessHandle.current().pid() % BLOCKS);
    private static int blocksTried;
    /** The block addresses come from now, -1 before the first claim. */
    private static int block = -1;
    /** Addresses of {@link #block} handed out or skipped so far. */
    private static int used;

    private LoopbackAddresses() {
    }

    /** A fresh 127.0.x.y whose {@link #TEST_PORT} is free. */
    public static String allocate() {
        return allocate(TEST_PORT);
    }

    /**
     * A fresh 127.0.x.y on which {@code port} could be bound right now, from a block no other JVM
     * hands addresses out of.
     *
     * @throws IllegalStateException when every block is used up or claimed by other JVMs
     */
    public static synchronized String allocate(int port) {
        Addresses.requirePort(port, "port");
        while (true) {
            if (block < 0 || used == HOSTS) {
                claimBlock();
            }
            String candidate = address(block, used++);
            if (isFree(candidate, port)) {
                return candidate;
            }
        }
    }

    /** The address {@link #allocate} will try next (for tests of the skipping). */
    static synchronized String nextCandidate() {
        if (block < 0 || used == HOSTS) {
            claimBlock();
        }
        return address(block, used);
    }

    /** The index (0..223) of the block a 127.0.x.y address of the range belongs to, -1 outside it. */
    static int blockOf(String address) {
        String[] octets = address.split("\\.");
        int third = Integer.parseInt(octets[2]) - FIRST_THIRD;
        return octets[1].equals(String.valueOf(SECOND_OCTET)) && third >= 0 && third < BLOCKS ? third : -1;
    }

    private static String address(int block, int host) {
        return "127." + SECOND_OCTET + "." + (FIRST_THIRD + block) + "." + (1 + host);
    }

    /** Claims the next block no other JVM holds, or throws when none is left. */
    private static void claimBlock() {
        try {
            Files.createDirectories(LOCK_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + LOCK_DIR + " for the loopback address claims", e);
        }
        while (blocksTried < BLOCKS) {
            int candidate = nextBlock;
            nextBlock = (nextBlock + 1) % BLOCKS;
            blocksTried++;
            if (tryClaim(candidate)) {
                block = candidate;
                used = 0;
                return;
            }
        }
        throw new IllegalStateException("no free 127.0.x.y address block left: this JVM used up its blocks"
                + " and the others are claimed by other JVMs (lock files in " + LOCK_DIR + ")");
    }

    private static boolean tryClaim(int candidate) {
        Path file = LOCK_DIR.resolve("block-" + candidate + ".lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                CLAIMS.add(channel);
                return true;
            }
        } catch (IOException | OverlappingFileLockException e) {
            // unreadable lock file, or locked in this JVM already: not ours to use
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was claimed through it
            }
        }
        return false;
    }

    /**
     * True when nothing listens on {@code address:port}, so a daemon could bind and listen there.
     *
     * <p>The probe binds (with {@code SO_REUSEADDR}, as every daemon and the JDK's listeners do) but
     * does not listen. A listening probe can outlive its {@code close()}: a process the JVM spawns at
     * that moment (another test starting a daemon or running {@code vtysh}) inherits every open
     * descriptor until its launcher closes them, and while it holds the probe the port stays
     * listening, so the daemon started next on the address finds it taken. A socket that is only
     * bound does not stop another {@code SO_REUSEADDR} socket from binding and listening.
     */
    public static boolean isFree(String address, int port) {
        Addresses.requireLoopback(address, "address");
        try (SocketChannel probe = bindProbe(address, port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A socket bound to {@code address:port} the way {@link #isFree} probes: reusable, not listening. */
    static SocketChannel bindProbe(String address, int port) throws IOException {
        SocketChannel probe = SocketChannel.open();
        try {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return probe;
        } catch (IOException | RuntimeException e) {
            probe.close();
            throw e;
        }
    }
}
