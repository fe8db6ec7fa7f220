package dev.jbgp.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * A receiver that does no BGP work: it completes the handshake, then only frames the UPDATEs and
 * counts their NLRI. It measures the race's sender alone ({@code RECEIVERS=sink benchmarks/race.sh}):
 * a real receiver cannot take the table faster than the sink does.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.jbgp.bench.RaceSink --local-address 127.0.88.2 \
 *     --local-as 64902 --peer 127.0.88.1 --expect 1000000 [--port 179]
 * </pre>
 *
 * It listens on {@code --local-address}, accepts one connection from {@code --peer}, answers the
 * OPEN with its own (same capabilities as {@link RaceSender}) and a KEEPALIVE, and from the peer's
 * KEEPALIVE (Established) reads with a 1 MiB buffer. When the End-of-RIB arrives, or
 * {@code --expect} prefixes have been counted, it prints the same line as {@link TableReceiver}:
 * {@code received COUNT routes in S s, heap M MiB, rss R MiB}, then discards the rest until the
 * peer closes.
 */
public final class RaceSink {

    private RaceSink() {
    }

    public static void main(String[] args) throws Exception {
        String local = null;
        String peer = null;
        long localAs = -1;
        long expect = Long.MAX_VALUE;
        int port = 179;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--passive")) {
                continue; // it always listens
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            String v = args[++i];
            switch (args[i - 1]) {
                case "--local-address" -> local = v;
                case "--local-as" -> localAs = Long.parseLong(v);
                case "--peer" -> peer = v;
                case "--expect" -> expect = Long.parseLong(v);
                case "--port" -> port = Integer.parseInt(v);
                case "--peer-as", "--hold" -> { } // accepted for the race script's sake; not needed here
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
            }
        }
        if (local == null || peer == null || localAs < 1) {
            System.err.println("usage: RaceSink --local-address A --local-as N --peer B [--expect COUNT] [--port P]");
            System.exit(2);
        }
        InetAddress localAddress = InetAddress.getByName(local);
        InetAddress peerAddress = InetAddress.getByName(peer);
        SocketChannel ch;
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            server.bind(new InetSocketAddress(localAddress, port));
            System.out.println("listening on " + server.getLocalAddress());
            System.out.flush();
            while (true) {
                ch = server.accept();
                if (((InetSocketAddress) ch.getRemoteAddress()).getAddress().equals(peerAddress)) {
                    break;
                }
                ch.close();
            }
        }
        ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
        while (true) {
            int type = RaceSender.readMessage(ch, in);
            if (type == RaceStream.OPEN) {
                ch.write(RaceStream.open(localAs, 240, TableReceiver.ipv4(localAddress)));
                ch.write(RaceStream.keepalive());
            } else if (type == RaceStream.KEEPALIVE) {
                break;
            } else if (type < 0 || type == RaceStream.NOTIFICATION) {
                System.out.println("error: the peer sent a NOTIFICATION or closed during the handshake");
                System.exit(1);
            }
        }
        long established = System.nanoTime();
        long routes = 0;
        boolean done = false;
        while (!done) {
            // frame the whole messages in [0, position), keep the tail
            int at = 0;
            int end = in.position();
            while (end - at >= RaceStream.HEADER) {
                int length = in.getShort(at + 16) & 0xFFFF;
                if (end - at < length) {
                    break;
                }
                if ((in.get(at + 18) & 0xFF) == RaceStream.UPDATE) {
                    int p = RaceStream.prefixes(in, at, length);
                    if (p < 0) {
                        done = true;
                    } else {
                        routes += p;
                    }
                }
                at += length;
            }
            done |= routes >= expect;
            in.flip().position(at);
            in.compact();
            if (!done && ch.read(in) < 0) {
                break;
            }
        }
        double seconds = (System.nanoTime() - established) / 1e9;
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "received %d routes in %.3f s, heap %d MiB, rss %d MiB%n", routes, seconds,
                (rt.totalMemory() - rt.freeMemory()) >> 20, TableReceiver.rssKib("VmRSS") >> 10);
        System.out.flush();
        ByteBuffer discard = ByteBuffer.allocateDirect(1 << 16);
        try {
            while (ch.read(discard.clear()) >= 0) {
                // keep the connection open and drained until the sender goes away
            }
        } catch (IOException e) {
            // the sender is gone
        }
    }
}
