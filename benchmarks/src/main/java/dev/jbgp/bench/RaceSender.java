package dev.jbgp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.Locale;

/**
 * The sender of the full-table race ({@code benchmarks/race.sh}): not a BGP implementation, a
 * pre-encoded UPDATE stream ({@link RaceStream}) written as fast as the receiver's socket takes it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.RaceSender --local 127.0.88.1 --peer 127.0.88.2 \
 *     --asn 64901 --peer-asn 64902 -n 1000000 [--paths 1000] [--hold 240] [--port 179] [--dump FILE]
 * </pre>
 *
 * It builds the stream before it connects, connects from {@code --local} to {@code --peer}:179
 * (retrying for 60 s while the receiver starts), sends its OPEN, answers the peer's OPEN with a
 * KEEPALIVE and, on the peer's KEEPALIVE (Established), prints {@code established <epoch seconds>}
 * (the race's clock starts there), writes the whole stream with one blocking {@code write} loop from a
 * direct buffer (the kernel takes as much as the socket buffer holds per call), prints
 * {@code sent <octets> octets in <s> s}, and then only reads and discards what
 * the peer sends and sends a KEEPALIVE every hold/3 s until killed or the peer closes.
 * {@code --dump FILE} writes the stream to FILE and exits (to compare with {@code sender.py}).
 *
 * <p>Why a raw sender and not a BGP daemon: it only copies bytes. Measured into a {@link RaceSink}
 * (which only frames and counts) it delivers the 1,000,000-route stream in about 0.1 s, several times
 * faster than the fastest receiver takes it, so the race measures the receivers (numbers in
 * {@code benchmarks/README.md}).
 */
public final class RaceSender {

    private RaceSender() {
    }

    public static void main(String[] args) throws Exception {
        String local = null;
        String peer = null;
        long asn = -1;
        long peerAsn = -1;
        int n = -1;
        int paths = 1000;
        int hold = 240;
        int port = 179;
        String dump = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--local" -> local = v;
                case "--peer" -> peer = v;
                case "--asn" -> asn = Long.parseLong(v);
                case "--peer-asn" -> peerAsn = Long.parseLong(v);
                case "-n" -> n = Integer.parseInt(v);
                case "--paths" -> paths = Integer.parseInt(v);
                case "--hold" -> hold = Integer.parseInt(v);
                case "--port" -> port = Integer.parseInt(v);
                case "--dump" -> dump = v;
                default -> usage("unknown option " + args[i]);
            }
        }
        if (asn < 1 || n < 0) {
            usage("--asn and -n are required");
        }
        ByteBuffer heap = RaceStream.build(n, paths, asn);
        if (dump != null) {
            try (var ch = java.nio.channels.FileChannel.open(java.nio.file.Path.of(dump),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                while (heap.hasRemaining()) {
                    ch.write(heap);
                }
            }
            return;
        }
        if (local == null || peer == null || peerAsn < 1) {
            usage("--local, --peer and --peer-asn are required");
        }
        // A direct copy: a heap buffer would be copied into a temporary direct one on every write.
        ByteBuffer stream = ByteBuffer.allocateDirect(heap.remaining()).put(heap).flip();
        PrintStream out = System.out;
        // Formatting is slow the first time in a fresh JVM (tens of ms): do it once before the clock runs.
        out.printf(Locale.ROOT, "stream %d octets, %d routes, %d attribute sets%n", stream.remaining(), n, paths);
        SocketChannel ch = connect(InetAddress.getByName(local), new InetSocketAddress(InetAddress.getByName(peer), port));
        ch.write(RaceStream.open(asn, hold, TableReceiver.ipv4(InetAddress.getByName(local))));
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        while (true) {
            int type = readMessage(ch, in);
            if (type == RaceStream.OPEN) {
                ch.write(RaceStream.keepalive());
            } else if (type == RaceStream.KEEPALIVE) {
                break;
            } else if (type == RaceStream.NOTIFICATION || type < 0) {
                out.println("error: the peer sent a NOTIFICATION or closed during the handshake");
                System.exit(1);
            }
        }
        Instant established = Instant.now();
        out.printf(Locale.ROOT, "established %d.%09d%n", established.getEpochSecond(), established.getNano());
        out.flush();
        long t0 = System.nanoTime();
        long octets = stream.remaining();
        while (stream.hasRemaining()) {
            ch.write(stream);
        }
        out.printf(Locale.ROOT, "sent %d octets in %.3f s%n", octets, (System.nanoTime() - t0) / 1e9);
        out.flush();
        keepAlive(ch, in, hold);
    }

    private static void usage(String why) {
        System.err.println("RaceSender: " + why);
        System.err.println("usage: RaceSender --local A --peer B --asn N --peer-asn M -n ROUTES [--paths P] [--hold S]"
                + " [--port P] [--dump FILE]");
        System.exit(2);
    }

    private static SocketChannel connect(InetAddress local, InetSocketAddress peer) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.bind(new InetSocketAddress(local, 0));
                ch.connect(peer);
                return ch;
            } catch (IOException e) {
                ch.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Reads one whole message into {@code in} (compacting what follows it) and returns its type, or
     * -1 at the end of the stream.
     */
    static int readMessage(SocketChannel ch, ByteBuffer in) throws IOException {
        while (true) {
            if (in.position() >= RaceStream.HEADER) {
                int length = in.getShort(16) & 0xFFFF;
                if (length < RaceStream.HEADER || length > in.capacity()) {
                    throw new IOException("bad message length " + length);
                }
                if (in.position() >= length) {
                    int type = in.get(18) & 0xFF;
                    in.flip().position(length);
                    in.compact();
                    return type;
                }
            }
            if (ch.read(in) < 0) {
                return -1;
            }
        }
    }

    /** Discards what the peer sends; a KEEPALIVE every hold/3 s from a timer thread. */
    private static void keepAlive(SocketChannel ch, ByteBuffer in, int hold) throws IOException {
        Thread keeper = new Thread(() -> {
            try {
                while (ch.isOpen()) {
                    Thread.sleep(Math.max(1, hold / 3) * 1000L);
                    synchronized (ch) {
                        ch.write(RaceStream.keepalive());
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the session is over
            }
        }, "race-sender-keepalive");
        keeper.setDaemon(true);
        keeper.start();
        while (true) {
            in.clear();
            if (ch.read(in) < 0) {
                ch.close();
                return;
            }
        }
    }
}
