package dev.jbgp.testkit.peer;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Reads every message a {@link RawBgpPeer} receives on a daemon thread of its own and queues it, so a
 * peer that stays up for a whole test class (a bystander, an observer of what a speaker exports)
 * never lets its socket buffer fill and push back on the speaker, while the test thread keeps
 * sending on the same peer. The test thread takes messages with {@link #next}; after the other side
 * closed the connection {@link #closed()} is true. Closing the peer ends the reader.
 *
 * <p>Once an inbox is started, only it reads from the peer. Messages are plain {@code byte[]}s the
 * caller owns.
 */
public final class MessageInbox implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofHours(1);

    private final RawBgpPeer peer;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closed;
    private volatile boolean stopping;

    private MessageInbox(RawBgpPeer peer, String name) {
        this.peer = peer;
        this.reader = new Thread(this::run, "inbox-" + name);
        reader.setDaemon(true);
    }

    /** Starts reading {@code peer} in the background. */
    public static MessageInbox start(RawBgpPeer peer) {
        MessageInbox inbox = new MessageInbox(peer, peer.localAddress().getAddress().getHostAddress());
        inbox.reader.start();
        return inbox;
    }

    private void run() {
        try {
            while (!stopping) {
                // No short read timeout: a timeout in the middle of a message would lose the octets
                // read so far. The reader ends when the connection closes (see close()).
                queue.add(peer.readMessage(READ_TIMEOUT));
            }
        } catch (EOFException | SocketException | SocketTimeoutException e) {
            // the other side closed or reset the connection
        } catch (IOException e) {
            // not BGP framing any more: the connection is of no further use
        } finally {
            closed = true;
        }
    }

    /**
     * The next received message of {@code type} matching {@code accept} within {@code timeout},
     * discarding the messages before it; null when none came.
     */
    public byte[] next(int type, Predicate<byte[]> accept, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            byte[] m = queue.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && RawMessages.type(m) == type && accept.test(m)) {
                return m;
            }
        }
    }

    /** Every message received and not yet taken, in order; they are removed from the inbox. */
    public List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    /** True once the other side closed the connection (or it broke). */
    public boolean closed() {
        return closed;
    }

    /**
     * Stops taking messages. The reader thread ends when the peer's connection closes: close the
     * peer after the inbox.
     */
    @Override
    public void close() {
        stopping = true;
    }
}
